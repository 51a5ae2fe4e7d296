CREATE INDEX `recommendations_priority_idx` ON `recommendations` (`priority`);--> statement-breakpoint
CREATE INDEX `recommendations_kind_idx` ON `recommendations` (`kind`);