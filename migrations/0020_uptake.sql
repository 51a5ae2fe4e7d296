-- Uptake (issue 21): what became of a recommendation in the world, the evidence note that shows it, and the
-- analyst's confidence. Added as columns with their CHECKs (SQLite's ALTER TABLE ADD COLUMN takes them), not by
-- the table rebuild drizzle-kit writes for a table CHECK, which would drop the triggers of recommendations (as in
-- record_kind). The snapshot keeps drizzle-kit's table-level form; the constraints are the same.
ALTER TABLE `recommendations` ADD `uptake` text DEFAULT 'unknown' NOT NULL CONSTRAINT "recommendations_uptake_check" CHECK(uptake IN ('adopted', 'adapted', 'convergent', 'contrary', 'not_taken_up', 'unknown'));--> statement-breakpoint
ALTER TABLE `recommendations` ADD `uptake_note_id` integer REFERENCES `evidence_notes`(`id`) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `recommendations` ADD `uptake_confidence` text CONSTRAINT "recommendations_uptake_confidence_check" CHECK(uptake_confidence IS NULL OR uptake_confidence IN ('confirmed', 'likely', 'unverified')) CONSTRAINT "recommendations_uptake_unknown_bare" CHECK(uptake <> 'unknown' OR (uptake_note_id IS NULL AND uptake_confidence IS NULL));--> statement-breakpoint
-- The board's "taken up" figures per publication, kept current by triggers in the transaction of every write,
-- whichever code writes (decision 0008), then filled from the data.
CREATE TABLE `board_uptake` (
	`source_id` integer NOT NULL,
	`uptake` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`source_id`, `uptake`)
);
--> statement-breakpoint
CREATE TRIGGER board_uptake_recommendations_insert AFTER INSERT ON recommendations
BEGIN
  INSERT INTO board_uptake (source_id, uptake, n) VALUES (new.source_id, new.uptake, 1)
  ON CONFLICT (source_id, uptake) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER board_uptake_recommendations_delete BEFORE DELETE ON recommendations
BEGIN
  UPDATE board_uptake SET n = n - 1 WHERE source_id = old.source_id AND uptake = old.uptake;
END;
--> statement-breakpoint
CREATE TRIGGER board_uptake_recommendations_update AFTER UPDATE OF uptake, source_id ON recommendations
  WHEN old.uptake IS NOT new.uptake OR old.source_id IS NOT new.source_id
BEGIN
  UPDATE board_uptake SET n = n - 1 WHERE source_id = old.source_id AND uptake = old.uptake;
  INSERT INTO board_uptake (source_id, uptake, n) VALUES (new.source_id, new.uptake, 1)
  ON CONFLICT (source_id, uptake) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
INSERT INTO board_uptake (source_id, uptake, n) SELECT source_id, uptake, count(*) FROM recommendations GROUP BY 1, 2;
