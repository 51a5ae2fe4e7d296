CREATE TABLE `board_counts` (
	`grouping` text NOT NULL,
	`group_id` integer NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`grouping`, `group_id`, `status`)
);
--> statement-breakpoint
CREATE TABLE `board_history_days` (
	`day` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`day`, `status`)
);
--> statement-breakpoint
CREATE TABLE `board_history_months` (
	`month` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`month`, `status`)
);
--> statement-breakpoint
CREATE TABLE `board_last_events` (
	`day` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`day`, `status`)
);
--> statement-breakpoint
CREATE TABLE `board_targets` (
	`target_date` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`target_date`, `status`)
);
