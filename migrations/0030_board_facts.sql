-- A filtered board's facts (decision 0008): one narrow row per recommendation, kept by triggers in the transaction
-- of every write, whichever code writes, then filled from the data. The changes are recomputed from the history's
-- covering index (recommendation, date, id, status): a few entries per recommendation, joined in that order by an
-- ordered subquery (group_concat's own ORDER BY needs SQLite 3.44, and an older sqlite3 shell could not open the file).
CREATE TABLE `board_facts` (
	`recommendation_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`mechanism_id` integer,
	`source_id` integer NOT NULL,
	`uptake` text NOT NULL,
	`target_date` text,
	`status_since` text,
	`last_verified_on` text,
	`last_note_on` text,
	`changes` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER board_facts_recommendations_insert AFTER INSERT ON recommendations
BEGIN
  INSERT INTO board_facts (recommendation_id, status, mechanism_id, source_id, uptake, target_date, status_since, last_verified_on, last_note_on, changes)
  VALUES (new.id, new.status, new.mechanism_id, new.source_id, new.uptake, new.target_date, new.status_since, new.last_verified_on,
    (SELECT max(n.observed_on) FROM evidence_notes n WHERE n.recommendation_id = new.id), coalesce((SELECT group_concat(h.change, ';') FROM (SELECT effective_on || ':' || to_status AS change FROM status_history WHERE recommendation_id = new.id ORDER BY effective_on, id) h), ''));
END;
--> statement-breakpoint
CREATE TRIGGER board_facts_recommendations_update AFTER UPDATE OF status, mechanism_id, source_id, uptake, target_date, status_since, last_verified_on ON recommendations
  WHEN old.status IS NOT new.status OR old.mechanism_id IS NOT new.mechanism_id OR old.source_id IS NOT new.source_id OR old.uptake IS NOT new.uptake
    OR old.target_date IS NOT new.target_date OR old.status_since IS NOT new.status_since OR old.last_verified_on IS NOT new.last_verified_on
BEGIN
  UPDATE board_facts SET status = new.status, mechanism_id = new.mechanism_id, source_id = new.source_id, uptake = new.uptake,
    target_date = new.target_date, status_since = new.status_since, last_verified_on = new.last_verified_on
  WHERE recommendation_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER board_facts_recommendations_delete AFTER DELETE ON recommendations
BEGIN
  DELETE FROM board_facts WHERE recommendation_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER board_facts_history_insert AFTER INSERT ON status_history
BEGIN
  UPDATE board_facts SET changes = coalesce((SELECT group_concat(h.change, ';') FROM (SELECT effective_on || ':' || to_status AS change FROM status_history WHERE recommendation_id = new.recommendation_id ORDER BY effective_on, id) h), '') WHERE recommendation_id = new.recommendation_id;
END;
--> statement-breakpoint
CREATE TRIGGER board_facts_history_delete AFTER DELETE ON status_history
BEGIN
  UPDATE board_facts SET changes = coalesce((SELECT group_concat(h.change, ';') FROM (SELECT effective_on || ':' || to_status AS change FROM status_history WHERE recommendation_id = old.recommendation_id ORDER BY effective_on, id) h), '') WHERE recommendation_id = old.recommendation_id;
END;
--> statement-breakpoint
-- A new note can only move the newest date later: no read of the others.
CREATE TRIGGER board_facts_notes_insert AFTER INSERT ON evidence_notes
BEGIN
  UPDATE board_facts SET last_note_on = new.observed_on
  WHERE recommendation_id = new.recommendation_id AND (last_note_on IS NULL OR last_note_on < new.observed_on);
END;
--> statement-breakpoint
CREATE TRIGGER board_facts_notes_delete AFTER DELETE ON evidence_notes
BEGIN
  UPDATE board_facts SET last_note_on = (SELECT max(n.observed_on) FROM evidence_notes n WHERE n.recommendation_id = old.recommendation_id) WHERE recommendation_id = old.recommendation_id;
END;
--> statement-breakpoint
CREATE TRIGGER board_facts_notes_update AFTER UPDATE OF observed_on, recommendation_id ON evidence_notes
BEGIN
  UPDATE board_facts SET last_note_on = (SELECT max(n.observed_on) FROM evidence_notes n WHERE n.recommendation_id = old.recommendation_id) WHERE recommendation_id = old.recommendation_id;
  UPDATE board_facts SET last_note_on = (SELECT max(n.observed_on) FROM evidence_notes n WHERE n.recommendation_id = new.recommendation_id) WHERE recommendation_id = new.recommendation_id;
END;
--> statement-breakpoint
INSERT INTO board_facts (recommendation_id, status, mechanism_id, source_id, uptake, target_date, status_since, last_verified_on, last_note_on, changes)
SELECT r.id, r.status, r.mechanism_id, r.source_id, r.uptake, r.target_date, r.status_since, r.last_verified_on,
  (SELECT max(n.observed_on) FROM evidence_notes n WHERE n.recommendation_id = r.id), coalesce((SELECT group_concat(h.change, ';') FROM (SELECT effective_on || ':' || to_status AS change FROM status_history WHERE recommendation_id = r.id ORDER BY effective_on, id) h), '')
FROM recommendations r;
