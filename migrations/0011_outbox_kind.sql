-- Each row says what it is (kind) instead of a "reply:" prefix on dedupe_key; old rows get theirs from the key.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`user_id` integer,
	`payload_json` text NOT NULL,
	`dedupe_key` text,
	`kind` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	`parts_sent` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "outbox_status" CHECK("__new_outbox"."status" in ('pending', 'sending', 'sent', 'failed', 'unreachable')),
	CONSTRAINT "outbox_kind" CHECK("__new_outbox"."kind" in ('reply', 'document', 'reminder', 'notice', 'digest')),
	CONSTRAINT "outbox_counts" CHECK("__new_outbox"."attempts" >= 0 and "__new_outbox"."parts_sent" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "channel", "chat_id", "user_id", "payload_json", "dedupe_key", "kind", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at", "parts_sent") SELECT "id", "channel", "chat_id", "user_id", "payload_json", "dedupe_key", CASE
  WHEN "dedupe_key" LIKE 'reply:report:%' OR "dedupe_key" LIKE 'reply:export:%' OR "dedupe_key" LIKE 'reply:resend:%' THEN 'document'
  WHEN "dedupe_key" LIKE 'reply:%' THEN 'reply'
  WHEN "dedupe_key" LIKE 'nhac-%' THEN 'reminder'
  WHEN "dedupe_key" LIKE 'tong-hop:%' THEN 'digest'
  ELSE 'notice' END, "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at", "parts_sent" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`channel`,`chat_id`,`status`);--> statement-breakpoint
CREATE INDEX `outbox_status_id` ON `outbox` (`status`,`id`);