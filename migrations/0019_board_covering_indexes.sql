CREATE INDEX `board_last_events_status_idx` ON `board_last_events` (`status`,`day`,`n`);--> statement-breakpoint
CREATE INDEX `board_targets_status_idx` ON `board_targets` (`status`,`target_date`,`n`);--> statement-breakpoint
CREATE INDEX `status_history_effective_recommendation_idx` ON `status_history` (`effective_on`,`recommendation_id`);