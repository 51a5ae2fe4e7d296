-- Data in its own languages (issue 18, item 4): what the generated migration
-- before this one cannot say.
--
-- 1. The language of each native-language name already recorded, read from its
--    script: Cyrillic is Russian, Han characters Chinese (the tracker's three
--    languages; server/domain/data-language.ts applies the same rule to new
--    names). A name in neither script keeps an unknown language and is shown
--    after the English name, as before.
UPDATE `bodies` SET native_language = CASE
    WHEN native_name GLOB '*[А-яЁё]*' THEN 'ru'
    WHEN native_name GLOB '*[一-鿿]*' THEN 'zh'
  END
 WHERE native_name IS NOT NULL AND native_language IS NULL;
--> statement-breakpoint
UPDATE `mechanisms` SET native_language = CASE
    WHEN native_name GLOB '*[А-яЁё]*' THEN 'ru'
    WHEN native_name GLOB '*[一-鿿]*' THEN 'zh'
  END
 WHERE native_name IS NOT NULL AND native_language IS NULL;
--> statement-breakpoint
-- 2. A recommendation was written in the language of the publication it comes from.
UPDATE `recommendations` SET language = (SELECT s.language FROM `sources` s WHERE s.id = recommendations.source_id);
--> statement-breakpoint
-- 3. The vocabulary of recommendations.language, as triggers: a CHECK would
--    rebuild the recommendations table (and drop its search triggers, which
--    another change is redefining at the same time).
CREATE TRIGGER `recommendations_language_insert` BEFORE INSERT ON `recommendations`
  WHEN new.language NOT IN ('en', 'ru', 'zh') BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: recommendations_language_check');
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_language_update` BEFORE UPDATE OF language ON `recommendations`
  WHEN new.language NOT IN ('en', 'ru', 'zh') BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: recommendations_language_check');
END;
--> statement-breakpoint
-- 4. Translations are searched as the originals are: a trigram index of their
--    own, read from the table it indexes (external content), kept current by
--    triggers; the list's search adds its matches (server/recommendations/queries.ts).
CREATE VIRTUAL TABLE `recommendation_translation_search` USING fts5(short_title, full_text, content = 'recommendation_translations', content_rowid = 'id', tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO recommendation_translation_search (recommendation_translation_search) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `recommendation_translations_search_insert` AFTER INSERT ON `recommendation_translations` BEGIN
  INSERT INTO recommendation_translation_search (rowid, short_title, full_text) VALUES (new.id, new.short_title, new.full_text);
END;
--> statement-breakpoint
CREATE TRIGGER `recommendation_translations_search_update` AFTER UPDATE OF short_title, full_text ON `recommendation_translations` BEGIN
  INSERT INTO recommendation_translation_search (recommendation_translation_search, rowid, short_title, full_text) VALUES ('delete', old.id, old.short_title, old.full_text);
  INSERT INTO recommendation_translation_search (rowid, short_title, full_text) VALUES (new.id, new.short_title, new.full_text);
END;
--> statement-breakpoint
CREATE TRIGGER `recommendation_translations_search_delete` AFTER DELETE ON `recommendation_translations` BEGIN
  INSERT INTO recommendation_translation_search (recommendation_translation_search, rowid, short_title, full_text) VALUES ('delete', old.id, old.short_title, old.full_text);
END;
