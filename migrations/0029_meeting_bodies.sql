CREATE TABLE `mechanism_meeting_bodies` (
	`meeting_id` integer NOT NULL,
	`body_id` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `body_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `mechanism_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `mechanism_meeting_bodies_body_idx` ON `mechanism_meeting_bodies` (`body_id`);