CREATE INDEX `recommendations_list_idx` ON `recommendations` (`id`,`status`,`mechanism_id`,`source_id`,`priority`,`updated_at`,`target_date`,`reference`);--> statement-breakpoint
CREATE INDEX `recommendations_title_idx` ON `recommendations` ("short_title" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `recommendations_target_order_idx` ON `recommendations` ("target_date" IS NULL,`target_date`);--> statement-breakpoint
-- Without statistics the planner would not know how narrow the new indexes are.
ANALYZE `recommendations_list_idx`;--> statement-breakpoint
ANALYZE `recommendations_title_idx`;--> statement-breakpoint
ANALYZE `recommendations_target_order_idx`;
