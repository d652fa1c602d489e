-- 0016: which app each entry was filed from (issue 19, point 3), hand-written. The channel's own
-- name as the bot knows it ("telegram", "zalo", "zalo-oa", "console"): the entries page names the
-- app per entry, not every app the person has ever used. Null for rows written before this
-- migration and for entries with no app (a CSV import, the demo: their source says so).
-- A pattern, not a list: a new channel plug-in needs no migration, and junk is still refused
-- (capitals, spaces, an empty or overlong name). ADD COLUMN with a CHECK rebuilds nothing, so the
-- triggers of migration 0013 stay.
ALTER TABLE `entries` ADD `channel` text CONSTRAINT `entries_channel` CHECK (`channel` is null or (length(`channel`) between 1 and 32 and `channel` glob '[a-z]*' and not `channel` glob '*[^a-z0-9-]*'));
