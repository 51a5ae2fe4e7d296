-- The notes' trigram index numbers each note's row (recommendation_id << 32) + id, as the word index does
-- (migration 0010), so that a search that finds 18,000 notes reads their recommendations from the index alone
-- (rowid >> 32) instead of from 18,000 rows of evidence_notes: the join was two thirds of the time of a search
-- for a common place name. Contentless, forgetting a row by its id: an external-content index must be numbered
-- by a column of its table. The price is larger rowid deltas: 269 MB instead of 150 MB on the benchmark's
-- 500,000 notes. Note ids stay below 2^32, recommendation ids below 2^31.
DROP TRIGGER `evidence_notes_search_insert`;
--> statement-breakpoint
DROP TRIGGER `evidence_notes_search_update`;
--> statement-breakpoint
DROP TRIGGER `evidence_notes_search_delete`;
--> statement-breakpoint
DROP TABLE `evidence_note_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `evidence_note_search` USING fts5(text, content = '', contentless_delete = 1, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO evidence_note_search (rowid, text) SELECT (recommendation_id << 32) + id, text FROM evidence_notes;
--> statement-breakpoint
-- Notes arrive one save at a time: merge segments sixteen at a time (migration 0005).
INSERT INTO evidence_note_search (evidence_note_search, rank) VALUES ('automerge', 16);
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_insert` AFTER INSERT ON `evidence_notes` BEGIN
  INSERT INTO evidence_note_search (rowid, text) VALUES ((new.recommendation_id << 32) + new.id, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_update` AFTER UPDATE OF text, recommendation_id ON `evidence_notes` BEGIN
  DELETE FROM evidence_note_search WHERE rowid = (old.recommendation_id << 32) + old.id;
  INSERT INTO evidence_note_search (rowid, text) VALUES ((new.recommendation_id << 32) + new.id, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_delete` AFTER DELETE ON `evidence_notes` BEGIN
  DELETE FROM evidence_note_search WHERE rowid = (old.recommendation_id << 32) + old.id;
END;
--> statement-breakpoint
-- Compact the backfill into one segment, as a rebuild leaves it.
INSERT INTO evidence_note_search (evidence_note_search) VALUES ('optimize');
