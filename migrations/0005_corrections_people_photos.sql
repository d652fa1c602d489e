CREATE TABLE `entry_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`platform_file_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `entry_photos_entry` ON `entry_photos` (`entry_id`);--> statement-breakpoint
ALTER TABLE `entries` ADD `latitude` real;--> statement-breakpoint
ALTER TABLE `entries` ADD `longitude` real;--> statement-breakpoint
ALTER TABLE `entries` ADD `return_reason` text;--> statement-breakpoint
ALTER TABLE `entries` ADD `returned_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `entries` ADD `returned_at` integer;--> statement-breakpoint
ALTER TABLE `entry_revisions` ADD `action` text DEFAULT 'delete' NOT NULL;--> statement-breakpoint
ALTER TABLE `entry_revisions` ADD `new_values_json` text;--> statement-breakpoint
ALTER TABLE `entry_revisions` ADD `new_activity_date` text;--> statement-breakpoint
ALTER TABLE `users` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `deactivated_at` integer;