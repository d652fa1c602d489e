-- Reports, exports and resends as durable jobs (issue 17 point 5): written with the event that asked for them.
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`user_id` integer,
	`event_id` text NOT NULL,
	`effect_index` integer NOT NULL,
	`effect_json` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`last_error` text,
	`result_ref` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "jobs_kind" CHECK("jobs"."kind" in ('report', 'export', 'resend')),
	CONSTRAINT "jobs_status" CHECK("jobs"."status" in ('pending', 'running', 'done', 'failed')),
	CONSTRAINT "jobs_attempts" CHECK("jobs"."attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_event_effect` ON `jobs` (`channel`,`event_id`,`effect_index`);--> statement-breakpoint
CREATE INDEX `jobs_status_id` ON `jobs` (`status`,`id`);