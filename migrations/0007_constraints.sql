-- 0007: the database refuses impossible rows. Custom (drizzle-kit generate --custom): SQLite
-- adds CHECK and foreign keys only by rebuilding a table, and two data moves need hand-written SQL:
--  - entry_values.value (REAL) becomes amount (INTEGER) and scale (1, or 10 for hours in tenths),
--    with value computed from them, so readers keep reading figures;
--  - units.parent_code gains a foreign key;
--  - new tables forms and metrics hold the catalogue (kept in line at every open by
--    src/db/catalogue-sync.ts), so entries and figures must name a known form and metric.
-- openDb runs migrations with foreign_keys OFF (a rebuild drops tables others refer to), then
-- runs PRAGMA foreign_key_check before turning them back on. The migrator holds one transaction.
CREATE TABLE `forms` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `metrics` (
	`key` text PRIMARY KEY NOT NULL,
	`form_id` text NOT NULL,
	`scale` integer NOT NULL,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "metrics_scale" CHECK("scale" in (1, 10))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metrics_key_scale` ON `metrics` (`key`,`scale`);
--> statement-breakpoint
INSERT INTO `forms` (`id`, `title`) VALUES
  ('tuyen_truyen', 'Tuyên truyền, phổ biến'),
  ('tuan_tra', 'Tuần tra, kiểm soát'),
  ('nam_tinh_hinh', 'Nắm tình hình'),
  ('moc_quoc_gioi', 'Đường biên, mốc quốc giới'),
  ('doi_ngoai', 'Đối ngoại'),
  ('vi_pham', 'Phát hiện, xử lý vi phạm'),
  ('tu_quan', 'Phong trào tự quản'),
  ('dan_so', 'Dân số'),
  ('hau_phuong', 'Hỗ trợ, hậu phương'),
  ('khen_thuong', 'Khen thưởng');
--> statement-breakpoint
INSERT INTO `metrics` (`key`, `form_id`, `scale`) VALUES
  ('tuyen_truyen.so_buoi', 'tuyen_truyen', 1),
  ('tuyen_truyen.luot_nguoi', 'tuyen_truyen', 1),
  ('tuyen_truyen.gio_loa', 'tuyen_truyen', 10),
  ('tuyen_truyen.to_roi', 'tuyen_truyen', 1),
  ('tuyen_truyen.tin_bai', 'tuyen_truyen', 1),
  ('tuyen_truyen.ho_cam_ket', 'tuyen_truyen', 1),
  ('tuan_tra.phoi_hop.luot_to', 'tuan_tra', 1),
  ('tuan_tra.to_phu_nu.luot_to', 'tuan_tra', 1),
  ('tuan_tra.doc_lap.luot_to', 'tuan_tra', 1),
  ('tuan_tra.kiem_soat.luot_to', 'tuan_tra', 1),
  ('tuan_tra.dan_duong.luot_to', 'tuan_tra', 1),
  ('tuan_tra.antt.luot_to', 'tuan_tra', 1),
  ('tuan_tra.song_phuong.luot_to', 'tuan_tra', 1),
  ('tuan_tra.phoi_hop.luot_nguoi', 'tuan_tra', 1),
  ('tuan_tra.to_phu_nu.luot_nguoi', 'tuan_tra', 1),
  ('tuan_tra.doc_lap.luot_nguoi', 'tuan_tra', 1),
  ('tuan_tra.kiem_soat.luot_nguoi', 'tuan_tra', 1),
  ('tuan_tra.dan_duong.luot_nguoi', 'tuan_tra', 1),
  ('tuan_tra.antt.luot_nguoi', 'tuan_tra', 1),
  ('tuan_tra.song_phuong.luot_nguoi', 'tuan_tra', 1),
  ('tin.co_gia_tri', 'nam_tinh_hinh', 1),
  ('tin.tham_khao', 'nam_tinh_hinh', 1),
  ('moc.luot_kiem_tra', 'moc_quoc_gioi', 1),
  ('moc.bat_thuong', 'moc_quoc_gioi', 1),
  ('moc.moc_chinh', 'moc_quoc_gioi', 1),
  ('moc.moc_phu', 'moc_quoc_gioi', 1),
  ('moc.coc_dau', 'moc_quoc_gioi', 1),
  ('moc.diem_dac_trung', 'moc_quoc_gioi', 1),
  ('doi_ngoai.gap_go', 'doi_ngoai', 1),
  ('doi_ngoai.phan_qua', 'doi_ngoai', 1),
  ('doi_ngoai.gia_tri_qua', 'doi_ngoai', 1),
  ('vi_pham.xnc_vu', 'vi_pham', 1),
  ('vi_pham.xnc_nguoi', 'vi_pham', 1),
  ('vi_pham.buon_lau_vu', 'vi_pham', 1),
  ('vi_pham.buon_lau_gia_tri', 'vi_pham', 1),
  ('vi_pham.khac_vu', 'vi_pham', 1),
  ('tu_quan.ho', 'tu_quan', 1),
  ('tu_quan.ca_nhan', 'tu_quan', 1),
  ('to_antt.so_to', 'tu_quan', 1),
  ('to_antt.thanh_vien', 'tu_quan', 1),
  ('to_phu_nu.so_to', 'tu_quan', 1),
  ('to_phu_nu.thanh_vien', 'tu_quan', 1),
  ('dan_so.ho', 'dan_so', 1),
  ('dan_so.khau', 'dan_so', 1),
  ('ho_tro.cbcs_gia_tri', 'hau_phuong', 1),
  ('ho_tro.qua', 'hau_phuong', 1),
  ('khen_thuong.tap_the', 'khen_thuong', 1),
  ('khen_thuong.ca_nhan', 'khen_thuong', 1);
--> statement-breakpoint
CREATE TABLE `__new_units` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`short_name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_code` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`parent_code`) REFERENCES `units`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "units_kind" CHECK("kind" in ('phuong', 'khom', 'to_antt', 'to_phu_nu', 'don_bp', 'doan_the')),
	CONSTRAINT "units_parent" CHECK("parent_code" <> "code"),
	CONSTRAINT "units_sort_order" CHECK("sort_order" >= 0),
	CONSTRAINT "units_active" CHECK("active" in (0, 1))
);
--> statement-breakpoint
INSERT INTO `__new_units`("code", "name", "short_name", "kind", "parent_code", "sort_order", "active") SELECT "code", "name", "short_name", "kind",
  CASE WHEN "parent_code" <> "code" AND "parent_code" IN (SELECT "code" FROM `units`) THEN "parent_code" END, "sort_order", "active" FROM `units`;
--> statement-breakpoint
DROP TABLE `units`;
--> statement-breakpoint
ALTER TABLE `__new_units` RENAME TO `units`;
--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`unit_code` text NOT NULL,
	`unreachable_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`deactivated_at` integer,
	FOREIGN KEY (`unit_code`) REFERENCES `units`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_role" CHECK("role" in ('admin', 'lanh_dao', 'bao_cao')),
	CONSTRAINT "users_active" CHECK("active" in (0, 1))
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "name", "role", "unit_code", "unreachable_at", "created_at", "active", "deactivated_at") SELECT "id", "name", "role", "unit_code", "unreachable_at", "created_at", "active", "deactivated_at" FROM `users`;
--> statement-breakpoint
DROP TABLE `users`;
--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;
--> statement-breakpoint
CREATE TABLE `__new_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`role` text NOT NULL,
	`unit_code` text NOT NULL,
	`name` text,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` integer,
	FOREIGN KEY (`unit_code`) REFERENCES `units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`used_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invites_role" CHECK("role" in ('admin', 'lanh_dao', 'bao_cao'))
);
--> statement-breakpoint
INSERT INTO `__new_invites`("id", "code_hash", "role", "unit_code", "name", "created_by", "created_at", "expires_at", "used_at", "used_by") SELECT "id", "code_hash", "role", "unit_code", "name", "created_by", "created_at", "expires_at", "used_at", "used_by" FROM `invites`;
--> statement-breakpoint
DROP TABLE `invites`;
--> statement-breakpoint
ALTER TABLE `__new_invites` RENAME TO `invites`;
--> statement-breakpoint
CREATE UNIQUE INDEX `invites_code_hash_unique` ON `invites` (`code_hash`);
--> statement-breakpoint
CREATE TABLE `__new_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_code` text NOT NULL,
	`reporter_id` integer,
	`form_id` text NOT NULL,
	`activity_date` text NOT NULL,
	`period` text NOT NULL,
	`span_start` text NOT NULL,
	`span_end` text NOT NULL,
	`counted_on` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`note` text,
	`photo_file_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	`latitude` real,
	`longitude` real,
	`return_reason` text,
	`returned_by` integer,
	`returned_at` integer,
	FOREIGN KEY (`unit_code`) REFERENCES `units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`returned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "entries_source" CHECK("source" in ('chat', 'import', 'nil')),
	CONSTRAINT "entries_status" CHECK("status" in ('active', 'deleted', 'returned')),
	CONSTRAINT "entries_revision" CHECK("revision" >= 1),
	CONSTRAINT "entries_dates" CHECK("activity_date" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' and "span_start" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' and "span_end" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' and "counted_on" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "entries_span" CHECK("span_start" <= "span_end" and "counted_on" between "span_start" and "span_end"),
	CONSTRAINT "entries_place" CHECK(("latitude" is null or "latitude" between -90 and 90) and ("longitude" is null or "longitude" between -180 and 180))
);
--> statement-breakpoint
INSERT INTO `__new_entries`("id", "unit_code", "reporter_id", "form_id", "activity_date", "period", "span_start", "span_end", "counted_on", "source", "revision", "status", "note", "photo_file_id", "created_at", "updated_at", "latitude", "longitude", "return_reason", "returned_by", "returned_at") SELECT "id", "unit_code", "reporter_id", "form_id", "activity_date", "period", "span_start", "span_end", "counted_on", "source", "revision", "status", "note", "photo_file_id", "created_at", "updated_at", "latitude", "longitude", "return_reason", "returned_by", "returned_at" FROM `entries`;
--> statement-breakpoint
DROP TABLE `entries`;
--> statement-breakpoint
ALTER TABLE `__new_entries` RENAME TO `entries`;
--> statement-breakpoint
CREATE INDEX `entries_span` ON `entries` (`span_start`,`span_end`);
--> statement-breakpoint
CREATE INDEX `entries_counted` ON `entries` (`counted_on`);
--> statement-breakpoint
CREATE INDEX `entries_unit_form_counted` ON `entries` (`unit_code`,`form_id`,`counted_on`);
--> statement-breakpoint
CREATE INDEX `entries_unit_period` ON `entries` (`unit_code`,`period`);
--> statement-breakpoint
CREATE TABLE `__new_entry_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`values_json` text NOT NULL,
	`activity_date` text NOT NULL,
	`changed_by` integer,
	`reason` text,
	`changed_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`action` text DEFAULT 'delete' NOT NULL,
	`new_values_json` text,
	`new_activity_date` text,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "entry_revisions_action" CHECK("action" in ('edit', 'delete', 'return', 'restore', 'migrate')),
	CONSTRAINT "entry_revisions_revision" CHECK("revision" >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_entry_revisions`("id", "entry_id", "revision", "values_json", "activity_date", "changed_by", "reason", "changed_at", "action", "new_values_json", "new_activity_date") SELECT "id", "entry_id", "revision", "values_json", "activity_date", "changed_by", "reason", "changed_at", "action", "new_values_json", "new_activity_date" FROM `entry_revisions`;
--> statement-breakpoint
DROP TABLE `entry_revisions`;
--> statement-breakpoint
ALTER TABLE `__new_entry_revisions` RENAME TO `entry_revisions`;
--> statement-breakpoint
CREATE UNIQUE INDEX `entry_revisions_entry_revision` ON `entry_revisions` (`entry_id`,`revision`);
--> statement-breakpoint
-- A figure that is not a whole number of its unit (hours finer than a tenth, a fraction of a
-- count) or is negative cannot be stored any more. Today's code never wrote one, but an older
-- import could have: the change is recorded as a revision (action "migrate") with the old and
-- new values, so nothing is lost silently and the export with history shows it.
CREATE TEMP TABLE `migration_0007_figures` AS
SELECT "entry_id", "metric", "value" AS "old_value", coalesce((SELECT m."scale" FROM `metrics` m WHERE m."key" = `entry_values`."metric"), 1) AS "scale",
  max(0, CAST(round("value" * coalesce((SELECT m."scale" FROM `metrics` m WHERE m."key" = `entry_values`."metric"), 1)) AS INTEGER)) AS "amount"
FROM `entry_values`;
--> statement-breakpoint
INSERT INTO `entry_revisions`("entry_id", "revision", "values_json", "activity_date", "changed_by", "reason", "changed_at", "action", "new_values_json", "new_activity_date")
SELECT e."id", e."revision",
  (SELECT json_group_object(f."metric", f."old_value") FROM `migration_0007_figures` f WHERE f."entry_id" = e."id"),
  e."activity_date", NULL,
  'Chuyển số liệu sang số nguyên khi nâng cấp (0007): số giờ làm tròn đến 0,1; số âm thành 0.',
  CAST(unixepoch('subsec') * 1000 AS INTEGER), 'migrate',
  (SELECT json_group_object(f."metric", CASE WHEN f."scale" = 1 THEN f."amount" ELSE f."amount" * 1.0 / f."scale" END)
     FROM `migration_0007_figures` f WHERE f."entry_id" = e."id"),
  e."activity_date"
FROM `entries` e
WHERE e."id" IN (SELECT "entry_id" FROM `migration_0007_figures` WHERE abs("amount" - "old_value" * "scale") > 1e-6);
--> statement-breakpoint
UPDATE `entries` SET "revision" = "revision" + 1
WHERE "id" IN (SELECT "entry_id" FROM `migration_0007_figures` WHERE abs("amount" - "old_value" * "scale") > 1e-6);
--> statement-breakpoint
CREATE TABLE `__new_entry_values` (
	`entry_id` integer NOT NULL,
	`metric` text NOT NULL,
	`amount` integer NOT NULL,
	`scale` integer DEFAULT 1 NOT NULL,
	`value` real GENERATED ALWAYS AS (case when scale = 1 then amount else amount * 1.0 / scale end) VIRTUAL,
	PRIMARY KEY(`entry_id`, `metric`),
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`metric`,`scale`) REFERENCES `metrics`(`key`,`scale`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "entry_values_amount" CHECK(typeof("amount") = 'integer' and "amount" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_entry_values`("entry_id", "metric", "amount", "scale")
SELECT "entry_id", "metric", "amount", "scale" FROM `migration_0007_figures`;
--> statement-breakpoint
DROP TABLE `entry_values`;
--> statement-breakpoint
ALTER TABLE `__new_entry_values` RENAME TO `entry_values`;
--> statement-breakpoint
CREATE INDEX `entry_values_covering` ON `entry_values` (`entry_id`,`metric`,`amount`,`scale`);
--> statement-breakpoint
DROP TABLE `migration_0007_figures`;
--> statement-breakpoint
CREATE TABLE `__new_entry_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`platform_file_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "entry_photos_size" CHECK("size" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_entry_photos`("id", "entry_id", "path", "sha256", "size", "platform_file_id", "created_at") SELECT "id", "entry_id", "path", "sha256", "size", "platform_file_id", "created_at" FROM `entry_photos`;
--> statement-breakpoint
DROP TABLE `entry_photos`;
--> statement-breakpoint
ALTER TABLE `__new_entry_photos` RENAME TO `entry_photos`;
--> statement-breakpoint
CREATE INDEX `entry_photos_entry` ON `entry_photos` (`entry_id`);
--> statement-breakpoint
CREATE TABLE `__new_issued_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`requested_by` integer,
	`channel` text,
	`file_name` text NOT NULL,
	`file_hash` text NOT NULL,
	`bytes` blob NOT NULL,
	`entry_count` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "issued_reports_entry_count" CHECK("entry_count" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_issued_reports`("id", "period", "requested_by", "channel", "file_name", "file_hash", "bytes", "entry_count", "created_at") SELECT "id", "period", "requested_by", "channel", "file_name", "file_hash", "bytes", "entry_count", "created_at" FROM `issued_reports`;
--> statement-breakpoint
DROP TABLE `issued_reports`;
--> statement-breakpoint
ALTER TABLE `__new_issued_reports` RENAME TO `issued_reports`;
--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`user_id` integer,
	`payload_json` text NOT NULL,
	`dedupe_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	`parts_sent` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "outbox_status" CHECK("status" in ('pending', 'sending', 'sent', 'failed', 'unreachable')),
	CONSTRAINT "outbox_counts" CHECK("attempts" >= 0 and "parts_sent" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "channel", "chat_id", "user_id", "payload_json", "dedupe_key", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at", "parts_sent") SELECT "id", "channel", "chat_id", "user_id", "payload_json", "dedupe_key", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at", "parts_sent" FROM `outbox`;
--> statement-breakpoint
DROP TABLE `outbox`;
--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);
--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`channel`,`chat_id`,`status`);
--> statement-breakpoint
CREATE INDEX `outbox_status_id` ON `outbox` (`status`,`id`);
--> statement-breakpoint
CREATE TABLE `__new_period_locks` (
	`period` text PRIMARY KEY NOT NULL,
	`locked_by` integer,
	`automatic` integer DEFAULT false NOT NULL,
	`locked_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`locked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "period_locks_automatic" CHECK("automatic" in (0, 1))
);
--> statement-breakpoint
INSERT INTO `__new_period_locks`("period", "locked_by", "automatic", "locked_at") SELECT "period", "locked_by", "automatic", "locked_at" FROM `period_locks`;
--> statement-breakpoint
DROP TABLE `period_locks`;
--> statement-breakpoint
ALTER TABLE `__new_period_locks` RENAME TO `period_locks`;
--> statement-breakpoint
CREATE TABLE `__new_nil_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_code` text NOT NULL,
	`form_id` text NOT NULL,
	`period` text NOT NULL,
	`reporter_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_nil_reports`("id", "unit_code", "form_id", "period", "reporter_id", "created_at") SELECT "id", "unit_code", "form_id", "period", "reporter_id", "created_at" FROM `nil_reports`;
--> statement-breakpoint
DROP TABLE `nil_reports`;
--> statement-breakpoint
ALTER TABLE `__new_nil_reports` RENAME TO `nil_reports`;
--> statement-breakpoint
CREATE UNIQUE INDEX `nil_reports_unit_form_period` ON `nil_reports` (`unit_code`,`form_id`,`period`);
