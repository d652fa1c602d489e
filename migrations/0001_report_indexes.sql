DROP INDEX `entries_span`;--> statement-breakpoint
CREATE INDEX `entries_unit_form_span` ON `entries` (`unit_code`,`form_id`,`span_end`);--> statement-breakpoint
CREATE INDEX `entries_span` ON `entries` (`span_start`,`span_end`);--> statement-breakpoint
CREATE INDEX `entry_values_covering` ON `entry_values` (`entry_id`,`metric`,`value`);