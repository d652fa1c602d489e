PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_units` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`short_name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_code` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`parent_code`) REFERENCES `units`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "units_parent" CHECK("__new_units"."parent_code" <> "__new_units"."code"),
	CONSTRAINT "units_sort_order" CHECK("__new_units"."sort_order" >= 0),
	CONSTRAINT "units_active" CHECK("__new_units"."active" in (0, 1))
);
--> statement-breakpoint
INSERT INTO `__new_units`("code", "name", "short_name", "kind", "parent_code", "sort_order", "active") SELECT "code", "name", "short_name", "kind", "parent_code", "sort_order", "active" FROM `units`;--> statement-breakpoint
DROP TABLE `units`;--> statement-breakpoint
ALTER TABLE `__new_units` RENAME TO `units`;--> statement-breakpoint
PRAGMA foreign_keys=ON;