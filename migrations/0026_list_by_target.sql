CREATE INDEX `recommendations_target_order_idx` ON `recommendations` ("target_date" IS NULL,`target_date`);--> statement-breakpoint
ANALYZE `recommendations_target_order_idx`;
