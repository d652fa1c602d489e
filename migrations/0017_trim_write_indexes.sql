DROP INDEX `outbox_due`;--> statement-breakpoint
DROP INDEX `inbound_events_unhandled`;--> statement-breakpoint
CREATE INDEX `inbound_events_unhandled` ON `inbound_events` (`received_at`) WHERE "inbound_events"."handled_at" is null;