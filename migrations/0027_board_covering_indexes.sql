DROP INDEX `recommendations_priority_status_idx`;--> statement-breakpoint
CREATE INDEX `recommendations_priority_status_idx` ON `recommendations` (`priority`,`status`,`source_id`);--> statement-breakpoint
DROP INDEX `status_history_recommendation_idx`;--> statement-breakpoint
CREATE INDEX `status_history_recommendation_idx` ON `status_history` (`recommendation_id`,`effective_on`,`id`,`to_status`);--> statement-breakpoint
-- Dropping an index drops its statistics: without them the planner takes both for less selective than they are.
ANALYZE `recommendations_priority_status_idx`;--> statement-breakpoint
ANALYZE `status_history_recommendation_idx`;
