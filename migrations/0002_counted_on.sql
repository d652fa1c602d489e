DROP INDEX `entries_unit_form_span`;--> statement-breakpoint
ALTER TABLE `entries` ADD `counted_on` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `entries_counted` ON `entries` (`counted_on`);--> statement-breakpoint
CREATE INDEX `entries_unit_form_counted` ON `entries` (`unit_code`,`form_id`,`counted_on`);