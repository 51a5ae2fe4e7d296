CREATE TABLE `bodies` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`native_name` text,
	`acronym` text,
	`country` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "bodies_kind_check" CHECK(kind IN ('ministry', 'regional_government', 'association', 'think_tank', 'academy', 'forum'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bodies_name_unique` ON `bodies` (`name`);--> statement-breakpoint
CREATE TABLE `evidence_notes` (
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
	CONSTRAINT "evidence_notes_url_scheme" CHECK("evidence_notes"."source_url" IS NULL OR "evidence_notes"."source_url" LIKE 'http://%' OR "evidence_notes"."source_url" LIKE 'https://%')
);
--> statement-breakpoint
CREATE INDEX `evidence_notes_recommendation_idx` ON `evidence_notes` (`recommendation_id`,`observed_on`);--> statement-breakpoint
CREATE TABLE `mechanism_bodies` (
	`mechanism_id` integer NOT NULL,
	`body_id` integer NOT NULL,
	PRIMARY KEY(`mechanism_id`, `body_id`),
	FOREIGN KEY (`mechanism_id`) REFERENCES `mechanisms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `mechanism_bodies_body_idx` ON `mechanism_bodies` (`body_id`);--> statement-breakpoint
CREATE TABLE `mechanisms` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`native_name` text,
	`kind` text NOT NULL,
	`lifecycle` text NOT NULL,
	`year_established` integer,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "mechanisms_kind_check" CHECK(kind IN ('intergovernmental_council', 'commission', 'expert_platform', 'dialogue_club', 'programme', 'memorandum')),
	CONSTRAINT "mechanisms_lifecycle_check" CHECK(lifecycle IN ('proposed', 'established', 'active', 'dormant', 'dissolved'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mechanisms_name_unique` ON `mechanisms` (`name`);--> statement-breakpoint
CREATE TABLE `recommendation_bodies` (
	`recommendation_id` integer NOT NULL,
	`body_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`recommendation_id`, `body_id`),
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "recommendation_bodies_role_check" CHECK(role IN ('lead', 'supporting'))
);
--> statement-breakpoint
CREATE INDEX `recommendation_bodies_body_role_idx` ON `recommendation_bodies` (`body_id`,`role`);--> statement-breakpoint
CREATE UNIQUE INDEX `recommendation_bodies_one_lead` ON `recommendation_bodies` (`recommendation_id`) WHERE role = 'lead';--> statement-breakpoint
CREATE TABLE `recommendation_themes` (
	`recommendation_id` integer NOT NULL,
	`theme_id` integer NOT NULL,
	PRIMARY KEY(`recommendation_id`, `theme_id`),
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `recommendation_themes_theme_idx` ON `recommendation_themes` (`theme_id`);--> statement-breakpoint
CREATE TABLE `recommendations` (
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
	CONSTRAINT "recommendations_not_own_parent" CHECK("recommendations"."parent_id" IS NULL OR "recommendations"."parent_id" <> "recommendations"."id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendations_source_reference_unique` ON `recommendations` (`source_id`,`reference`);--> statement-breakpoint
CREATE INDEX `recommendations_status_idx` ON `recommendations` (`status`);--> statement-breakpoint
CREATE INDEX `recommendations_mechanism_status_idx` ON `recommendations` (`mechanism_id`,`status`);--> statement-breakpoint
CREATE INDEX `recommendations_owner_idx` ON `recommendations` (`owner_id`);--> statement-breakpoint
CREATE INDEX `recommendations_parent_idx` ON `recommendations` (`parent_id`);--> statement-breakpoint
CREATE INDEX `recommendations_updated_at_idx` ON `recommendations` (`updated_at`);--> statement-breakpoint
CREATE INDEX `recommendations_target_date_idx` ON `recommendations` (`target_date`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`sid` text PRIMARY KEY NOT NULL,
	`user_id` integer,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_expires_at_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_user_id_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sources` (
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
	CONSTRAINT "sources_language_check" CHECK(language IN ('en', 'ru', 'zh'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_title_unique` ON `sources` (`title`);--> statement-breakpoint
CREATE TABLE `status_history` (
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
	CONSTRAINT "status_history_rationale_present" CHECK(length(trim("status_history"."rationale")) > 0)
);
--> statement-breakpoint
CREATE INDEX `status_history_recommendation_idx` ON `status_history` (`recommendation_id`,`effective_on`);--> statement-breakpoint
CREATE INDEX `status_history_effective_idx` ON `status_history` (`effective_on`);--> statement-breakpoint
CREATE INDEX `status_history_recorded_at_idx` ON `status_history` (`recorded_at`);--> statement-breakpoint
CREATE TABLE `themes` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `themes_name_unique` ON `themes` (`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "users_role_check" CHECK(role IN ('viewer', 'editor', 'admin')),
	CONSTRAINT "users_email_lower" CHECK("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);