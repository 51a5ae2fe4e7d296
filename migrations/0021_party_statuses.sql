CREATE TABLE `board_party_counts` (
	`party` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`party`, `status`)
);
--> statement-breakpoint
CREATE TABLE `party_status_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`recommendation_id` integer NOT NULL,
	`party` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`effective_on` text NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`recorded_by` integer NOT NULL,
	`rationale` text NOT NULL,
	`evidence_note_id` integer,
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`evidence_note_id`) REFERENCES `evidence_notes`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "party_status_history_from_check" CHECK(from_status IN ('not_assessed', 'no_action', 'under_consideration', 'in_progress', 'stalled', 'partially_implemented', 'implemented', 'not_implemented', 'superseded')),
	CONSTRAINT "party_status_history_to_check" CHECK(to_status IN ('not_assessed', 'no_action', 'under_consideration', 'in_progress', 'stalled', 'partially_implemented', 'implemented', 'not_implemented', 'superseded')),
	CONSTRAINT "party_status_history_rationale_present" CHECK(length(trim(rationale, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0)
);
--> statement-breakpoint
CREATE INDEX `party_status_history_side_idx` ON `party_status_history` (`recommendation_id`,`party`,`effective_on`);--> statement-breakpoint
CREATE TABLE `party_statuses` (
	`recommendation_id` integer NOT NULL,
	`party` text NOT NULL,
	`status` text DEFAULT 'not_assessed' NOT NULL,
	`status_since` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text,
	`updated_by` integer,
	PRIMARY KEY(`recommendation_id`, `party`),
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "party_statuses_status_check" CHECK(status IN ('not_assessed', 'no_action', 'under_consideration', 'in_progress', 'stalled', 'partially_implemented', 'implemented', 'not_implemented', 'superseded'))
);
--> statement-breakpoint
CREATE INDEX `party_statuses_party_status_idx` ON `party_statuses` (`party`,`status`);--> statement-breakpoint
-- The sides of a joint recommendation (server/parties/parties.ts, NOT_PARTIES): the countries of its bodies, lead
-- and supporting, when there are two or more; "multilateral" and "unspecified" name no side. Kept whichever code
-- writes the links (form, import, seed); a side once assessed (updated_at set) stays with its history.
CREATE TRIGGER party_statuses_link_insert AFTER INSERT ON recommendation_bodies
BEGIN
  INSERT OR IGNORE INTO party_statuses (recommendation_id, party)
  SELECT DISTINCT new.recommendation_id, b.country FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
  WHERE rb.recommendation_id = new.recommendation_id AND b.country NOT IN ('multilateral', 'unspecified')
    AND (SELECT count(DISTINCT b2.country) FROM recommendation_bodies rb2 JOIN bodies b2 ON b2.id = rb2.body_id
         WHERE rb2.recommendation_id = new.recommendation_id AND b2.country NOT IN ('multilateral', 'unspecified')) >= 2;
END;
--> statement-breakpoint
CREATE TRIGGER party_statuses_link_delete AFTER DELETE ON recommendation_bodies
BEGIN
  DELETE FROM party_statuses WHERE recommendation_id = old.recommendation_id AND updated_at IS NULL
    AND party NOT IN (
      SELECT b.country FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
      WHERE rb.recommendation_id = old.recommendation_id AND b.country NOT IN ('multilateral', 'unspecified')
        AND (SELECT count(DISTINCT b2.country) FROM recommendation_bodies rb2 JOIN bodies b2 ON b2.id = rb2.body_id
             WHERE rb2.recommendation_id = old.recommendation_id AND b2.country NOT IN ('multilateral', 'unspecified')) >= 2);
END;
--> statement-breakpoint
-- The board's matrix by party (decision 0008): sides per party and status, in the transaction of every write.
CREATE TRIGGER board_party_counts_insert AFTER INSERT ON party_statuses
BEGIN
  INSERT INTO board_party_counts (party, status, n) VALUES (new.party, new.status, 1) ON CONFLICT (party, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER board_party_counts_delete AFTER DELETE ON party_statuses
BEGIN
  UPDATE board_party_counts SET n = n - 1 WHERE party = old.party AND status = old.status;
END;
--> statement-breakpoint
CREATE TRIGGER board_party_counts_update AFTER UPDATE OF party, status ON party_statuses
BEGIN
  UPDATE board_party_counts SET n = n - 1 WHERE party = old.party AND status = old.status;
  INSERT INTO board_party_counts (party, status, n) VALUES (new.party, new.status, 1) ON CONFLICT (party, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
INSERT INTO party_statuses (recommendation_id, party)
SELECT DISTINCT rb.recommendation_id, b.country FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
WHERE b.country NOT IN ('multilateral', 'unspecified')
  AND rb.recommendation_id IN (
    SELECT rb2.recommendation_id FROM recommendation_bodies rb2 JOIN bodies b2 ON b2.id = rb2.body_id
    WHERE b2.country NOT IN ('multilateral', 'unspecified')
    GROUP BY rb2.recommendation_id HAVING count(DISTINCT b2.country) >= 2);
