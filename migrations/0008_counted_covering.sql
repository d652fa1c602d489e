DROP INDEX `entries_counted`;--> statement-breakpoint
CREATE INDEX `entries_counted` ON `entries` (`counted_on`,`span_start`,`span_end`,`status`,`unit_code`,`period`);