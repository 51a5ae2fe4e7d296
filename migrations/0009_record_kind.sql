CREATE TABLE `body_aliases` (
	`id` integer PRIMARY KEY NOT NULL,
	`body_id` integer NOT NULL,
	`alias` text NOT NULL,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "body_aliases_alias_present" CHECK(length(trim(alias, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 6158, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8203, 8204, 8205, 8232, 8233, 8239, 8287, 8288, 12288, 65279))) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `body_aliases_body_alias_unique` ON `body_aliases` (`body_id`,`alias`);--> statement-breakpoint
CREATE TABLE `data_migrations` (
	`name` text PRIMARY KEY NOT NULL,
	`applied_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`outcome` text NOT NULL
);
--> statement-breakpoint
-- The record kind is added as a column with its CHECK (SQLite's ALTER TABLE ADD
-- COLUMN takes one), not by the table rebuild drizzle-kit writes for a table
-- CHECK: the rebuild would drop the search triggers of recommendations, and
-- every branch that adds a column would rebuild the same table. The snapshot
-- keeps drizzle-kit's table-level form; the constraint is the same.
ALTER TABLE `recommendations` ADD `kind` text DEFAULT 'recommendation' NOT NULL CONSTRAINT "recommendations_kind_check" CHECK(kind IN ('recommendation', 'commitment', 'stated_position', 'reported_activity'));--> statement-breakpoint
ALTER TABLE `sources` ADD `coverage_note` text;