CREATE TABLE `inbound_events` (
	`channel` text NOT NULL,
	`event_id` text NOT NULL,
	`event_json` text NOT NULL,
	`received_at` integer NOT NULL,
	`handled_at` integer,
	PRIMARY KEY(`channel`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `inbound_events_unhandled` ON `inbound_events` (`handled_at`);--> statement-breakpoint
CREATE TABLE `link_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `link_codes_code_hash_unique` ON `link_codes` (`code_hash`);--> statement-breakpoint
CREATE TABLE `shared_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` blob NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `identities` ADD `last_seen_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `parts_sent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`channel`,`chat_id`,`status`);