-- Full-text search over recommendation titles, texts and evidence notes.
-- The trigram tokenizer matches substrings in any script, which Chinese
-- (written without spaces) needs; triggers keep the index current.
CREATE VIRTUAL TABLE `recommendation_search` USING fts5(short_title, full_text, notes, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `recommendations_search_insert` AFTER INSERT ON `recommendations` BEGIN
  INSERT INTO recommendation_search (rowid, short_title, full_text, notes) VALUES (new.id, new.short_title, new.full_text, '');
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_search_update` AFTER UPDATE OF short_title, full_text ON `recommendations` BEGIN
  UPDATE recommendation_search SET short_title = new.short_title, full_text = new.full_text WHERE rowid = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_search_delete` AFTER DELETE ON `recommendations` BEGIN
  DELETE FROM recommendation_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_insert` AFTER INSERT ON `evidence_notes` BEGIN
  UPDATE recommendation_search
     SET notes = (SELECT group_concat(text, char(10)) FROM evidence_notes WHERE recommendation_id = new.recommendation_id)
   WHERE rowid = new.recommendation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_update` AFTER UPDATE OF text, recommendation_id ON `evidence_notes` BEGIN
  UPDATE recommendation_search
     SET notes = (SELECT group_concat(text, char(10)) FROM evidence_notes WHERE recommendation_id = old.recommendation_id)
   WHERE rowid = old.recommendation_id;
  UPDATE recommendation_search
     SET notes = (SELECT group_concat(text, char(10)) FROM evidence_notes WHERE recommendation_id = new.recommendation_id)
   WHERE rowid = new.recommendation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_delete` AFTER DELETE ON `evidence_notes` BEGIN
  UPDATE recommendation_search
     SET notes = coalesce((SELECT group_concat(text, char(10)) FROM evidence_notes WHERE recommendation_id = old.recommendation_id), '')
   WHERE rowid = old.recommendation_id;
END;
--> statement-breakpoint
-- Status history is append-only: corrections are new rows, never edits.
CREATE TRIGGER `status_history_no_update` BEFORE UPDATE OF recommendation_id, from_status, to_status, effective_on, recorded_at, recorded_by, rationale ON `status_history` BEGIN
  SELECT RAISE(ABORT, 'status_history is append-only');
END;
