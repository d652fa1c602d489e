-- 0013: the database refuses rows the code never writes (issue 17, point 10), hand-written:
--  - a day that is not on the calendar (2026-02-31, 2026-19-39): date(x) must give x back, in the
--    years the code reads (1900–2999, src/domain/vn.ts);
--  - a period key that is no period: the key forms of src/domain/periods.ts (Period.key) only:
--    "2025-02", "2025-Q1", "2025-H1", "2025-9M", "2025", "2015-01-01..2025-02-26";
--  - a figure above its metric's bound (the catalogue's max, in stored units: tenths for hours);
--  - a figure of a metric of another form than its entry's;
--  - an entry or "không phát sinh" of a form the unit's kind does not file.
-- The bounds and the kinds that file each form are catalogue data: metrics.max_amount and
-- form_unit_kinds, seeded here with the default catalogue and kept in line at every open by
-- src/db/catalogue-sync.ts. The rules are triggers, not CHECKs: three read other tables (a CHECK
-- cannot), and no table is rebuilt. They judge rows as they are written; rows already stored are
-- kept as they are (test/data/migration-0013.test.ts shows the code's own rows pass).
-- A later migration that rebuilds entries, entry_values, nil_reports, period_locks or
-- period_unlocks drops their triggers with the old table, and must create them again.
ALTER TABLE `metrics` ADD `max_amount` integer DEFAULT 1000000 NOT NULL;
--> statement-breakpoint
UPDATE `metrics` SET `max_amount` = 1000000000000 WHERE `key` IN ('doi_ngoai.gia_tri_qua', 'vi_pham.buon_lau_gia_tri', 'ho_tro.cbcs_gia_tri');
--> statement-breakpoint
CREATE TABLE `form_unit_kinds` (
	`form_id` text NOT NULL,
	`unit_kind` text NOT NULL,
	PRIMARY KEY(`form_id`, `unit_kind`),
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `form_unit_kinds` (`form_id`, `unit_kind`) SELECT `column1`, `column2` FROM (VALUES
  ('tuyen_truyen', 'khom'), ('tuyen_truyen', 'doan_the'), ('tuyen_truyen', 'don_bp'), ('tuyen_truyen', 'phuong'),
  ('tuan_tra', 'to_antt'), ('tuan_tra', 'to_phu_nu'), ('tuan_tra', 'don_bp'),
  ('nam_tinh_hinh', 'don_bp'), ('nam_tinh_hinh', 'to_antt'), ('nam_tinh_hinh', 'khom'),
  ('moc_quoc_gioi', 'don_bp'), ('moc_quoc_gioi', 'to_antt'), ('moc_quoc_gioi', 'to_phu_nu'),
  ('doi_ngoai', 'don_bp'), ('doi_ngoai', 'phuong'),
  ('vi_pham', 'don_bp'), ('vi_pham', 'to_antt'), ('vi_pham', 'khom'),
  ('tu_quan', 'khom'), ('tu_quan', 'don_bp'), ('tu_quan', 'phuong'),
  ('dan_so', 'khom'),
  ('hau_phuong', 'phuong'), ('hau_phuong', 'doan_the'), ('hau_phuong', 'khom'),
  ('khen_thuong', 'phuong'), ('khen_thuong', 'don_bp')
) WHERE `column1` IN (SELECT `id` FROM `forms`);
--> statement-breakpoint
CREATE TRIGGER `entries_refuse_insert` BEFORE INSERT ON `entries`
BEGIN
  select raise(abort, 'entries: activity_date is not a calendar day') where not (typeof(NEW.activity_date) = 'text' and date(NEW.activity_date) is NEW.activity_date and substr(NEW.activity_date, 1, 4) between '1900' and '2999');
  select raise(abort, 'entries: span_start is not a calendar day') where not (typeof(NEW.span_start) = 'text' and date(NEW.span_start) is NEW.span_start and substr(NEW.span_start, 1, 4) between '1900' and '2999');
  select raise(abort, 'entries: span_end is not a calendar day') where not (typeof(NEW.span_end) = 'text' and date(NEW.span_end) is NEW.span_end and substr(NEW.span_end, 1, 4) between '1900' and '2999');
  select raise(abort, 'entries: counted_on is not a calendar day') where not (typeof(NEW.counted_on) = 'text' and date(NEW.counted_on) is NEW.counted_on and substr(NEW.counted_on, 1, 4) between '1900' and '2999');
  select raise(abort, 'entries: period is not a period key') where not (typeof(NEW.period) = 'text' and substr(NEW.period, 1, 4) glob '[0-9][0-9][0-9][0-9]' and substr(NEW.period, 1, 4) between '1900' and '2999' and (
      length(NEW.period) = 4
      or (length(NEW.period) = 7 and NEW.period glob '????-[0-9][0-9]' and substr(NEW.period, 6) between '01' and '12')
      or NEW.period glob '????-Q[1-4]' or NEW.period glob '????-H[12]' or NEW.period glob '????-9M'
      or (length(NEW.period) = 22 and substr(NEW.period, 11, 2) = '..' and substr(NEW.period, 1, 10) <= substr(NEW.period, 13)
          and date(substr(NEW.period, 1, 10)) is substr(NEW.period, 1, 10) and date(substr(NEW.period, 13)) is substr(NEW.period, 13) and substr(NEW.period, 13, 4) between '1900' and '2999')));
  select raise(abort, 'entries: the unit''s kind does not file this form') where exists (select 1 from units where code = NEW.unit_code) and exists (select 1 from forms where id = NEW.form_id)
    and not exists (select 1 from units u join form_unit_kinds k on k.unit_kind = u.kind where u.code = NEW.unit_code and k.form_id = NEW.form_id);
END;
--> statement-breakpoint
CREATE TRIGGER `entries_refuse_update` BEFORE UPDATE OF `activity_date`, `span_start`, `span_end`, `counted_on`, `period`, `unit_code`, `form_id` ON `entries`
BEGIN
  select raise(abort, 'entries: activity_date is not a calendar day') where not (typeof(NEW.activity_date) = 'text' and date(NEW.activity_date) is NEW.activity_date and substr(NEW.activity_date, 1, 4) between '1900' and '2999');
  select raise(abort, 'entries: span_start is not a calendar day') where not (typeof(NEW.span_start) = 'text' and date(NEW.span_start) is NEW.span_start and substr(NEW.span_start, 1, 4) between '1900' and '2999');
  select raise(abort, 'entries: span_end is not a calendar day') where not (typeof(NEW.span_end) = 'text' and date(NEW.span_end) is NEW.span_end and substr(NEW.span_end, 1, 4) between '1900' and '2999');
  select raise(abort, 'entries: counted_on is not a calendar day') where not (typeof(NEW.counted_on) = 'text' and date(NEW.counted_on) is NEW.counted_on and substr(NEW.counted_on, 1, 4) between '1900' and '2999');
  select raise(abort, 'entries: period is not a period key') where not (typeof(NEW.period) = 'text' and substr(NEW.period, 1, 4) glob '[0-9][0-9][0-9][0-9]' and substr(NEW.period, 1, 4) between '1900' and '2999' and (
      length(NEW.period) = 4
      or (length(NEW.period) = 7 and NEW.period glob '????-[0-9][0-9]' and substr(NEW.period, 6) between '01' and '12')
      or NEW.period glob '????-Q[1-4]' or NEW.period glob '????-H[12]' or NEW.period glob '????-9M'
      or (length(NEW.period) = 22 and substr(NEW.period, 11, 2) = '..' and substr(NEW.period, 1, 10) <= substr(NEW.period, 13)
          and date(substr(NEW.period, 1, 10)) is substr(NEW.period, 1, 10) and date(substr(NEW.period, 13)) is substr(NEW.period, 13) and substr(NEW.period, 13, 4) between '1900' and '2999')));
  select raise(abort, 'entries: the unit''s kind does not file this form') where exists (select 1 from units where code = NEW.unit_code) and exists (select 1 from forms where id = NEW.form_id)
    and not exists (select 1 from units u join form_unit_kinds k on k.unit_kind = u.kind where u.code = NEW.unit_code and k.form_id = NEW.form_id);
  select raise(abort, 'entries: a figure of the entry is not of the entry''s form')
    where exists (select 1 from entry_values v join metrics m on m.key = v.metric where v.entry_id = NEW.id and m.form_id <> NEW.form_id);
END;
--> statement-breakpoint
CREATE TRIGGER `entry_values_refuse_insert` BEFORE INSERT ON `entry_values`
BEGIN
  select raise(abort, 'entry_values: the metric is not of the entry''s form')
    where (select form_id from metrics where key = NEW.metric) <> (select form_id from entries where id = NEW.entry_id);
  select raise(abort, 'entry_values: the amount is above the metric''s bound')
    where NEW.amount > (select max_amount from metrics where key = NEW.metric);
END;
--> statement-breakpoint
CREATE TRIGGER `entry_values_refuse_update` BEFORE UPDATE OF `entry_id`, `metric`, `amount`, `scale` ON `entry_values`
BEGIN
  select raise(abort, 'entry_values: the metric is not of the entry''s form')
    where (select form_id from metrics where key = NEW.metric) <> (select form_id from entries where id = NEW.entry_id);
  select raise(abort, 'entry_values: the amount is above the metric''s bound')
    where NEW.amount > (select max_amount from metrics where key = NEW.metric);
END;
--> statement-breakpoint
CREATE TRIGGER `nil_reports_refuse_insert` BEFORE INSERT ON `nil_reports`
BEGIN
  select raise(abort, 'nil_reports: period is not a period key') where not (typeof(NEW.period) = 'text' and substr(NEW.period, 1, 4) glob '[0-9][0-9][0-9][0-9]' and substr(NEW.period, 1, 4) between '1900' and '2999' and (
      length(NEW.period) = 4
      or (length(NEW.period) = 7 and NEW.period glob '????-[0-9][0-9]' and substr(NEW.period, 6) between '01' and '12')
      or NEW.period glob '????-Q[1-4]' or NEW.period glob '????-H[12]' or NEW.period glob '????-9M'
      or (length(NEW.period) = 22 and substr(NEW.period, 11, 2) = '..' and substr(NEW.period, 1, 10) <= substr(NEW.period, 13)
          and date(substr(NEW.period, 1, 10)) is substr(NEW.period, 1, 10) and date(substr(NEW.period, 13)) is substr(NEW.period, 13) and substr(NEW.period, 13, 4) between '1900' and '2999')));
  select raise(abort, 'nil_reports: the unit''s kind does not file this form') where exists (select 1 from units where code = NEW.unit_code) and exists (select 1 from forms where id = NEW.form_id)
    and not exists (select 1 from units u join form_unit_kinds k on k.unit_kind = u.kind where u.code = NEW.unit_code and k.form_id = NEW.form_id);
END;
--> statement-breakpoint
CREATE TRIGGER `nil_reports_refuse_update` BEFORE UPDATE OF `period`, `unit_code`, `form_id` ON `nil_reports`
BEGIN
  select raise(abort, 'nil_reports: period is not a period key') where not (typeof(NEW.period) = 'text' and substr(NEW.period, 1, 4) glob '[0-9][0-9][0-9][0-9]' and substr(NEW.period, 1, 4) between '1900' and '2999' and (
      length(NEW.period) = 4
      or (length(NEW.period) = 7 and NEW.period glob '????-[0-9][0-9]' and substr(NEW.period, 6) between '01' and '12')
      or NEW.period glob '????-Q[1-4]' or NEW.period glob '????-H[12]' or NEW.period glob '????-9M'
      or (length(NEW.period) = 22 and substr(NEW.period, 11, 2) = '..' and substr(NEW.period, 1, 10) <= substr(NEW.period, 13)
          and date(substr(NEW.period, 1, 10)) is substr(NEW.period, 1, 10) and date(substr(NEW.period, 13)) is substr(NEW.period, 13) and substr(NEW.period, 13, 4) between '1900' and '2999')));
  select raise(abort, 'nil_reports: the unit''s kind does not file this form') where exists (select 1 from units where code = NEW.unit_code) and exists (select 1 from forms where id = NEW.form_id)
    and not exists (select 1 from units u join form_unit_kinds k on k.unit_kind = u.kind where u.code = NEW.unit_code and k.form_id = NEW.form_id);
END;
--> statement-breakpoint
CREATE TRIGGER `period_locks_refuse_insert` BEFORE INSERT ON `period_locks`
BEGIN
  select raise(abort, 'period_locks: period is not a period key') where not (typeof(NEW.period) = 'text' and substr(NEW.period, 1, 4) glob '[0-9][0-9][0-9][0-9]' and substr(NEW.period, 1, 4) between '1900' and '2999' and (
      length(NEW.period) = 4
      or (length(NEW.period) = 7 and NEW.period glob '????-[0-9][0-9]' and substr(NEW.period, 6) between '01' and '12')
      or NEW.period glob '????-Q[1-4]' or NEW.period glob '????-H[12]' or NEW.period glob '????-9M'
      or (length(NEW.period) = 22 and substr(NEW.period, 11, 2) = '..' and substr(NEW.period, 1, 10) <= substr(NEW.period, 13)
          and date(substr(NEW.period, 1, 10)) is substr(NEW.period, 1, 10) and date(substr(NEW.period, 13)) is substr(NEW.period, 13) and substr(NEW.period, 13, 4) between '1900' and '2999')));
END;
--> statement-breakpoint
CREATE TRIGGER `period_locks_refuse_update` BEFORE UPDATE OF `period` ON `period_locks`
BEGIN
  select raise(abort, 'period_locks: period is not a period key') where not (typeof(NEW.period) = 'text' and substr(NEW.period, 1, 4) glob '[0-9][0-9][0-9][0-9]' and substr(NEW.period, 1, 4) between '1900' and '2999' and (
      length(NEW.period) = 4
      or (length(NEW.period) = 7 and NEW.period glob '????-[0-9][0-9]' and substr(NEW.period, 6) between '01' and '12')
      or NEW.period glob '????-Q[1-4]' or NEW.period glob '????-H[12]' or NEW.period glob '????-9M'
      or (length(NEW.period) = 22 and substr(NEW.period, 11, 2) = '..' and substr(NEW.period, 1, 10) <= substr(NEW.period, 13)
          and date(substr(NEW.period, 1, 10)) is substr(NEW.period, 1, 10) and date(substr(NEW.period, 13)) is substr(NEW.period, 13) and substr(NEW.period, 13, 4) between '1900' and '2999')));
END;
--> statement-breakpoint
CREATE TRIGGER `period_unlocks_refuse_insert` BEFORE INSERT ON `period_unlocks`
BEGIN
  select raise(abort, 'period_unlocks: period is not a period key') where not (typeof(NEW.period) = 'text' and substr(NEW.period, 1, 4) glob '[0-9][0-9][0-9][0-9]' and substr(NEW.period, 1, 4) between '1900' and '2999' and (
      length(NEW.period) = 4
      or (length(NEW.period) = 7 and NEW.period glob '????-[0-9][0-9]' and substr(NEW.period, 6) between '01' and '12')
      or NEW.period glob '????-Q[1-4]' or NEW.period glob '????-H[12]' or NEW.period glob '????-9M'
      or (length(NEW.period) = 22 and substr(NEW.period, 11, 2) = '..' and substr(NEW.period, 1, 10) <= substr(NEW.period, 13)
          and date(substr(NEW.period, 1, 10)) is substr(NEW.period, 1, 10) and date(substr(NEW.period, 13)) is substr(NEW.period, 13) and substr(NEW.period, 13, 4) between '1900' and '2999')));
END;
--> statement-breakpoint
CREATE TRIGGER `period_unlocks_refuse_update` BEFORE UPDATE OF `period` ON `period_unlocks`
BEGIN
  select raise(abort, 'period_unlocks: period is not a period key') where not (typeof(NEW.period) = 'text' and substr(NEW.period, 1, 4) glob '[0-9][0-9][0-9][0-9]' and substr(NEW.period, 1, 4) between '1900' and '2999' and (
      length(NEW.period) = 4
      or (length(NEW.period) = 7 and NEW.period glob '????-[0-9][0-9]' and substr(NEW.period, 6) between '01' and '12')
      or NEW.period glob '????-Q[1-4]' or NEW.period glob '????-H[12]' or NEW.period glob '????-9M'
      or (length(NEW.period) = 22 and substr(NEW.period, 11, 2) = '..' and substr(NEW.period, 1, 10) <= substr(NEW.period, 13)
          and date(substr(NEW.period, 1, 10)) is substr(NEW.period, 1, 10) and date(substr(NEW.period, 13)) is substr(NEW.period, 13) and substr(NEW.period, 13, 4) between '1900' and '2999')));
END;
