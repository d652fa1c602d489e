DROP INDEX `outbox_status_id`;--> statement-breakpoint
DROP INDEX `outbox_chat`;--> statement-breakpoint
CREATE INDEX `outbox_unsent` ON `outbox` (`channel`,`chat_id`,`id`) WHERE "outbox"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`channel`,`chat_id`);