-- Each evidence note gets a search row of its own, so that adding a note indexes
-- that note alone. Before, the recommendation's search row held all its notes in
-- one column, and every new note re-indexed all of them (half the cost of a
-- status update at 100,000 recommendations). Both indexes now read their text
-- from the tables they index (external content) instead of keeping a copy.
DROP TRIGGER `evidence_notes_search_insert`;
--> statement-breakpoint
DROP TRIGGER `evidence_notes_search_update`;
--> statement-breakpoint
DROP TRIGGER `evidence_notes_search_delete`;
--> statement-breakpoint
DROP TRIGGER `recommendations_search_insert`;
--> statement-breakpoint
DROP TRIGGER `recommendations_search_update`;
--> statement-breakpoint
DROP TRIGGER `recommendations_search_delete`;
--> statement-breakpoint
DROP TABLE `recommendation_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `recommendation_search` USING fts5(short_title, full_text, content = 'recommendations', content_rowid = 'id', tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO recommendation_search (recommendation_search) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `recommendations_search_insert` AFTER INSERT ON `recommendations` BEGIN
  INSERT INTO recommendation_search (rowid, short_title, full_text) VALUES (new.id, new.short_title, new.full_text);
END;
--> statement-breakpoint
-- An external-content index forgets a row by being given the values it indexed.
CREATE TRIGGER `recommendations_search_update` AFTER UPDATE OF short_title, full_text ON `recommendations` BEGIN
  INSERT INTO recommendation_search (recommendation_search, rowid, short_title, full_text) VALUES ('delete', old.id, old.short_title, old.full_text);
  INSERT INTO recommendation_search (rowid, short_title, full_text) VALUES (new.id, new.short_title, new.full_text);
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_search_delete` AFTER DELETE ON `recommendations` BEGIN
  INSERT INTO recommendation_search (recommendation_search, rowid, short_title, full_text) VALUES ('delete', old.id, old.short_title, old.full_text);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `evidence_note_search` USING fts5(text, content = 'evidence_notes', content_rowid = 'id', tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO evidence_note_search (evidence_note_search) VALUES ('rebuild');
--> statement-breakpoint
-- Segments of a level are merged once sixteen have gathered, not FTS5's default four: notes arrive one save at a
-- time, each save a segment, and at four a merge into the large index ran under nearly every save
-- (10,000 single-note commits at 500,000 notes: 580 µs per note at 4, 250 µs at 16; searches unchanged at 0.5 ms).
INSERT INTO evidence_note_search (evidence_note_search, rank) VALUES ('automerge', 16);
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_insert` AFTER INSERT ON `evidence_notes` BEGIN
  INSERT INTO evidence_note_search (rowid, text) VALUES (new.id, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_update` AFTER UPDATE OF text ON `evidence_notes` BEGIN
  INSERT INTO evidence_note_search (evidence_note_search, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO evidence_note_search (rowid, text) VALUES (new.id, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_search_delete` AFTER DELETE ON `evidence_notes` BEGIN
  INSERT INTO evidence_note_search (evidence_note_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
