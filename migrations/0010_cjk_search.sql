-- A word index beside the trigram index (decision 0007): queries of one or two characters, which the
-- trigram index cannot answer (a Chinese word is often two characters: 合作, 港口), are looked up here
-- in titles, texts and evidence notes alike. Each table is given its text through search_words(), which
-- writes a Chinese run as its overlapping pairs and last character (server/db/search-words.ts); the
-- application registers the function on every connection. Contentless, since the text it would keep is
-- not the text anyone reads; contentless_delete so that forgetting a row needs only its id, never the
-- tokens it was given (which a later change of search_words() could no longer reproduce).
CREATE VIRTUAL TABLE `recommendation_words` USING fts5(short_title, full_text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO recommendation_words (rowid, short_title, full_text) SELECT id, search_words(short_title), search_words(full_text) FROM recommendations;
--> statement-breakpoint
CREATE TRIGGER `recommendations_words_insert` AFTER INSERT ON `recommendations` BEGIN
  INSERT INTO recommendation_words (rowid, short_title, full_text) VALUES (new.id, search_words(new.short_title), search_words(new.full_text));
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_words_update` AFTER UPDATE OF short_title, full_text ON `recommendations` BEGIN
  DELETE FROM recommendation_words WHERE rowid = old.id;
  INSERT INTO recommendation_words (rowid, short_title, full_text) VALUES (new.id, search_words(new.short_title), search_words(new.full_text));
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_words_delete` AFTER DELETE ON `recommendations` BEGIN
  DELETE FROM recommendation_words WHERE rowid = old.id;
END;
--> statement-breakpoint
-- A note's row is numbered by its recommendation and itself, (recommendation_id << 32) + id, so that a
-- search that finds 80,000 notes reads their recommendations from the index alone (rowid >> 32): reading
-- them from evidence_notes, or from an UNINDEXED column, took twenty times as long as the search itself.
-- Note ids stay below 2^32, recommendation ids below 2^31.
CREATE VIRTUAL TABLE `evidence_note_words` USING fts5(text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO evidence_note_words (rowid, text) SELECT (recommendation_id << 32) + id, search_words(text) FROM evidence_notes;
--> statement-breakpoint
-- Notes arrive one save at a time: merge segments sixteen at a time, as evidence_note_search does (migration 0005).
INSERT INTO evidence_note_words (evidence_note_words, rank) VALUES ('automerge', 16);
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_words_insert` AFTER INSERT ON `evidence_notes` BEGIN
  INSERT INTO evidence_note_words (rowid, text) VALUES ((new.recommendation_id << 32) + new.id, search_words(new.text));
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_words_update` AFTER UPDATE OF text, recommendation_id ON `evidence_notes` BEGIN
  DELETE FROM evidence_note_words WHERE rowid = (old.recommendation_id << 32) + old.id;
  INSERT INTO evidence_note_words (rowid, text) VALUES ((new.recommendation_id << 32) + new.id, search_words(new.text));
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_notes_words_delete` AFTER DELETE ON `evidence_notes` BEGIN
  DELETE FROM evidence_note_words WHERE rowid = (old.recommendation_id << 32) + old.id;
END;
--> statement-breakpoint
-- Compact the backfill into one segment, as a rebuild leaves it.
INSERT INTO recommendation_words (recommendation_words) VALUES ('optimize');
--> statement-breakpoint
INSERT INTO evidence_note_words (evidence_note_words) VALUES ('optimize');
