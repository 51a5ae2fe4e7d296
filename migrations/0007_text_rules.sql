-- One rule for text (server/domain/text.ts) in every CHECK: a required text is
-- not blank once the characters a reader cannot see are trimmed, and a web
-- address is http:// or https:// with a host. SQLite changes a constraint by
-- rebuilding the table; migrateDatabase turns foreign keys off around the
-- migration (a PRAGMA inside the migrator's transaction would do nothing), so
-- dropping the old tables runs no ON DELETE action. The triggers of the rebuilt
-- tables go with them and are created again at the end.
CREATE TABLE `__new_evidence_notes` (
	`id` integer PRIMARY KEY NOT NULL,
	`recommendation_id` integer NOT NULL,
	`observed_on` text NOT NULL,
	`text` text NOT NULL,
	`source_url` text,
	`source_title` text,
	`source_kind` text NOT NULL,
	`language` text NOT NULL,
	`author_id` integer NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "evidence_notes_kind_check" CHECK(source_kind IN ('official_document', 'news', 'meeting_record', 'interview', 'internal_assessment')),
	CONSTRAINT "evidence_notes_language_check" CHECK(language IN ('en', 'ru', 'zh')),
	CONSTRAINT "evidence_notes_text_present" CHECK(length(trim(text, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0),
	CONSTRAINT "evidence_notes_url_http" CHECK(source_url IS NULL OR (lower(substr(source_url, 1, 7)) = 'http://' AND substr(source_url, 8, 1) NOT IN ('', '/', '?', '#')) OR (lower(substr(source_url, 1, 8)) = 'https://' AND substr(source_url, 9, 1) NOT IN ('', '/', '?', '#')))
);
--> statement-breakpoint
INSERT INTO `__new_evidence_notes`("id", "recommendation_id", "observed_on", "text", "source_url", "source_title", "source_kind", "language", "author_id", "recorded_at") SELECT "id", "recommendation_id", "observed_on", "text", "source_url", "source_title", "source_kind", "language", "author_id", "recorded_at" FROM `evidence_notes`;--> statement-breakpoint
DROP TABLE `evidence_notes`;--> statement-breakpoint
ALTER TABLE `__new_evidence_notes` RENAME TO `evidence_notes`;--> statement-breakpoint
CREATE INDEX `evidence_notes_recommendation_idx` ON `evidence_notes` (`recommendation_id`,`observed_on`);--> statement-breakpoint
CREATE TABLE `__new_recommendations` (
	`id` integer PRIMARY KEY NOT NULL,
	`source_id` integer NOT NULL,
	`reference` text NOT NULL,
	`parent_id` integer,
	`short_title` text NOT NULL,
	`full_text` text NOT NULL,
	`mechanism_id` integer,
	`priority` integer DEFAULT false NOT NULL,
	`target_date` text,
	`owner_id` integer,
	`status` text DEFAULT 'not_assessed' NOT NULL,
	`status_since` text,
	`confidence` text DEFAULT 'unverified' NOT NULL,
	`last_verified_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`parent_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`mechanism_id`) REFERENCES `mechanisms`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "recommendations_status_check" CHECK(status IN ('not_assessed', 'no_action', 'under_consideration', 'in_progress', 'stalled', 'partially_implemented', 'implemented', 'not_implemented', 'superseded')),
	CONSTRAINT "recommendations_confidence_check" CHECK(confidence IN ('confirmed', 'likely', 'unverified')),
	CONSTRAINT "recommendations_reference_present" CHECK(length(trim(reference, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0),
	CONSTRAINT "recommendations_short_title_present" CHECK(length(trim(short_title, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0),
	CONSTRAINT "recommendations_full_text_present" CHECK(length(trim(full_text, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0),
	CONSTRAINT "recommendations_not_own_parent" CHECK(parent_id IS NULL OR parent_id <> id)
);
--> statement-breakpoint
INSERT INTO `__new_recommendations`("id", "source_id", "reference", "parent_id", "short_title", "full_text", "mechanism_id", "priority", "target_date", "owner_id", "status", "status_since", "confidence", "last_verified_on", "version", "created_at", "updated_at", "updated_by") SELECT "id", "source_id", "reference", "parent_id", "short_title", "full_text", "mechanism_id", "priority", "target_date", "owner_id", "status", "status_since", "confidence", "last_verified_on", "version", "created_at", "updated_at", "updated_by" FROM `recommendations`;--> statement-breakpoint
DROP TABLE `recommendations`;--> statement-breakpoint
ALTER TABLE `__new_recommendations` RENAME TO `recommendations`;--> statement-breakpoint
CREATE UNIQUE INDEX `recommendations_source_reference_unique` ON `recommendations` (`source_id`,`reference`);--> statement-breakpoint
CREATE INDEX `recommendations_status_updated_idx` ON `recommendations` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `recommendations_mechanism_status_idx` ON `recommendations` (`mechanism_id`,`status`);--> statement-breakpoint
CREATE INDEX `recommendations_owner_idx` ON `recommendations` (`owner_id`);--> statement-breakpoint
CREATE INDEX `recommendations_parent_idx` ON `recommendations` (`parent_id`);--> statement-breakpoint
CREATE INDEX `recommendations_updated_at_idx` ON `recommendations` (`updated_at`);--> statement-breakpoint
CREATE INDEX `recommendations_target_date_idx` ON `recommendations` (`target_date`);--> statement-breakpoint
CREATE TABLE `__new_status_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`recommendation_id` integer NOT NULL,
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
	CONSTRAINT "status_history_from_check" CHECK(from_status IN ('not_assessed', 'no_action', 'under_consideration', 'in_progress', 'stalled', 'partially_implemented', 'implemented', 'not_implemented', 'superseded')),
	CONSTRAINT "status_history_to_check" CHECK(to_status IN ('not_assessed', 'no_action', 'under_consideration', 'in_progress', 'stalled', 'partially_implemented', 'implemented', 'not_implemented', 'superseded')),
	CONSTRAINT "status_history_rationale_present" CHECK(length(trim(rationale, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0)
);
--> statement-breakpoint
INSERT INTO `__new_status_history`("id", "recommendation_id", "from_status", "to_status", "effective_on", "recorded_at", "recorded_by", "rationale", "evidence_note_id") SELECT "id", "recommendation_id", "from_status", "to_status", "effective_on", "recorded_at", "recorded_by", "rationale", "evidence_note_id" FROM `status_history`;--> statement-breakpoint
DROP TABLE `status_history`;--> statement-breakpoint
ALTER TABLE `__new_status_history` RENAME TO `status_history`;--> statement-breakpoint
CREATE INDEX `status_history_recommendation_idx` ON `status_history` (`recommendation_id`,`effective_on`);--> statement-breakpoint
CREATE INDEX `status_history_effective_idx` ON `status_history` (`effective_on`);--> statement-breakpoint
CREATE INDEX `status_history_recorded_at_idx` ON `status_history` (`recorded_at`);--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "users_role_check" CHECK(role IN ('viewer', 'editor', 'admin')),
	CONSTRAINT "users_email_lower" CHECK(email = lower(email)),
	CONSTRAINT "users_name_present" CHECK(length(trim(name, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0)
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "name", "email", "password_hash", "role", "active", "created_at", "updated_at") SELECT "id", "name", "email", "password_hash", "role", "active", "created_at", "updated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `__new_bodies` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`native_name` text,
	`acronym` text,
	`country` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "bodies_kind_check" CHECK(kind IN ('ministry', 'regional_government', 'association', 'think_tank', 'academy', 'forum')),
	CONSTRAINT "bodies_name_present" CHECK(length(trim(name, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0),
	CONSTRAINT "bodies_country_present" CHECK(length(trim(country, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0)
);
--> statement-breakpoint
INSERT INTO `__new_bodies`("id", "name", "native_name", "acronym", "country", "kind", "created_at") SELECT "id", "name", "native_name", "acronym", "country", "kind", "created_at" FROM `bodies`;--> statement-breakpoint
DROP TABLE `bodies`;--> statement-breakpoint
ALTER TABLE `__new_bodies` RENAME TO `bodies`;--> statement-breakpoint
CREATE UNIQUE INDEX `bodies_name_unique` ON `bodies` (`name`);--> statement-breakpoint
CREATE TABLE `__new_mechanisms` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`native_name` text,
	`kind` text NOT NULL,
	`lifecycle` text NOT NULL,
	`year_established` integer,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "mechanisms_kind_check" CHECK(kind IN ('intergovernmental_council', 'commission', 'expert_platform', 'dialogue_club', 'programme', 'memorandum')),
	CONSTRAINT "mechanisms_lifecycle_check" CHECK(lifecycle IN ('proposed', 'established', 'active', 'dormant', 'dissolved')),
	CONSTRAINT "mechanisms_name_present" CHECK(length(trim(name, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0)
);
--> statement-breakpoint
INSERT INTO `__new_mechanisms`("id", "name", "native_name", "kind", "lifecycle", "year_established", "description", "created_at") SELECT "id", "name", "native_name", "kind", "lifecycle", "year_established", "description", "created_at" FROM `mechanisms`;--> statement-breakpoint
DROP TABLE `mechanisms`;--> statement-breakpoint
ALTER TABLE `__new_mechanisms` RENAME TO `mechanisms`;--> statement-breakpoint
CREATE UNIQUE INDEX `mechanisms_name_unique` ON `mechanisms` (`name`);--> statement-breakpoint
CREATE TABLE `__new_sources` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`authors` text NOT NULL,
	`publisher` text NOT NULL,
	`published_on` text NOT NULL,
	`kind` text NOT NULL,
	`url` text,
	`language` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "sources_kind_check" CHECK(kind IN ('policy_brief', 'article', 'report', 'roundtable', 'journal_paper')),
	CONSTRAINT "sources_language_check" CHECK(language IN ('en', 'ru', 'zh')),
	CONSTRAINT "sources_title_present" CHECK(length(trim(title, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0),
	CONSTRAINT "sources_authors_present" CHECK(length(trim(authors, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0),
	CONSTRAINT "sources_publisher_present" CHECK(length(trim(publisher, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0),
	CONSTRAINT "sources_url_http" CHECK(url IS NULL OR (lower(substr(url, 1, 7)) = 'http://' AND substr(url, 8, 1) NOT IN ('', '/', '?', '#')) OR (lower(substr(url, 1, 8)) = 'https://' AND substr(url, 9, 1) NOT IN ('', '/', '?', '#')))
);
--> statement-breakpoint
INSERT INTO `__new_sources`("id", "title", "authors", "publisher", "published_on", "kind", "url", "language", "created_at") SELECT "id", "title", "authors", "publisher", "published_on", "kind", "url", "language", "created_at" FROM `sources`;--> statement-breakpoint
DROP TABLE `sources`;--> statement-breakpoint
ALTER TABLE `__new_sources` RENAME TO `sources`;--> statement-breakpoint
CREATE UNIQUE INDEX `sources_title_unique` ON `sources` (`title`);--> statement-breakpoint
CREATE TABLE `__new_themes` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	CONSTRAINT "themes_name_present" CHECK(length(trim(name, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0)
);
--> statement-breakpoint
INSERT INTO `__new_themes`("id", "name") SELECT "id", "name" FROM `themes`;--> statement-breakpoint
DROP TABLE `themes`;--> statement-breakpoint
ALTER TABLE `__new_themes` RENAME TO `themes`;--> statement-breakpoint
CREATE UNIQUE INDEX `themes_name_unique` ON `themes` (`name`);
--> statement-breakpoint
CREATE TRIGGER `status_history_no_update` BEFORE UPDATE OF recommendation_id, from_status, to_status, effective_on, recorded_at, recorded_by, rationale ON `status_history` BEGIN
  SELECT RAISE(ABORT, 'status_history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_search_insert` AFTER INSERT ON `recommendations` BEGIN
  INSERT INTO recommendation_search (rowid, short_title, full_text) VALUES (new.id, new.short_title, new.full_text);
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_search_update` AFTER UPDATE OF short_title, full_text ON `recommendations` BEGIN
  INSERT INTO recommendation_search (recommendation_search, rowid, short_title, full_text) VALUES ('delete', old.id, old.short_title, old.full_text);
  INSERT INTO recommendation_search (rowid, short_title, full_text) VALUES (new.id, new.short_title, new.full_text);
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_search_delete` AFTER DELETE ON `recommendations` BEGIN
  INSERT INTO recommendation_search (recommendation_search, rowid, short_title, full_text) VALUES ('delete', old.id, old.short_title, old.full_text);
END;
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
