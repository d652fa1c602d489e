-- Tokens a channel rotates itself (issue 18: the Zalo OA's single-use refresh token). The newest
-- refresh token and the access token it bought are written together, in one transaction, as soon
-- as the platform answers; seed_hash names the configured first token the row descends from, so a
-- new authorisation put in the configuration replaces a dead chain. dead_at: the refresh token was
-- refused as dead and the office told (once).
CREATE TABLE `channel_tokens` (
	`channel` text PRIMARY KEY NOT NULL,
	`access_token` text,
	`access_expires_at` integer,
	`refresh_token` text NOT NULL,
	`seed_hash` text NOT NULL,
	`dead_at` integer,
	`updated_at` integer NOT NULL
);
