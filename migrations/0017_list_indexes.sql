DROP INDEX `recommendations_priority_idx`;--> statement-breakpoint
CREATE INDEX `recommendations_status_source_reference_idx` ON `recommendations` (`status`,`source_id`,`reference`);--> statement-breakpoint
CREATE INDEX `recommendations_priority_status_idx` ON `recommendations` (`priority`,`status`);--> statement-breakpoint
DROP INDEX `recommendation_themes_theme_idx`;--> statement-breakpoint
CREATE INDEX `recommendation_themes_theme_idx` ON `recommendation_themes` (`theme_id`,`recommendation_id`);--> statement-breakpoint-- than they are and win over the (status, updated_at) index that serves the list's newest-first order.
ANALYZE `recommendation_themes_theme_idx`;--> statement-breakpoint
ANALYZE `recommendations_status_source_reference_idx`;--> statement-breakpoint
ANALYZE `recommendations_priority_status_idx`;
