// The SQLite schema. Migrations in migrations/ are generated from this file by drizzle-kit
// (`npm run db:generate`); never edit a generated migration by hand.
import { sql, type SQL } from "drizzle-orm";
import { blob, check, foreignKey, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

const stamp = (name: string) => integer(name, { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);
const createdAt = () => stamp("created_at");

// The database itself refuses rows the code should never write (migration 0007): each
// enumerated column lists its values, flags are 0/1, counts are not negative, dates are ISO days.
const ROLES = ["admin", "lanh_dao", "bao_cao"] as const;
const ENTRY_SOURCES = ["chat", "import", "nil"] as const;
const ENTRY_STATUSES = ["active", "deleted", "returned"] as const;
/** "migrate": a value a schema migration had to change (e.g. rounded to the stored tenths). */
const REVISION_ACTIONS = ["edit", "delete", "return", "restore", "migrate"] as const;
const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "unreachable"] as const;
/** What an outbox row is: the sender treats replies and documents (answers to a person waiting) apart from the rest. */
export const OUTBOX_KINDS = ["reply", "document", "reminder", "notice", "digest"] as const;
const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));
const oneOf = (column: AnySQLiteColumn, values: readonly string[]): SQL => sql`${column} in (${quoted(values)})`;
const flag = (column: AnySQLiteColumn): SQL => sql`${column} in (0, 1)`;
const isoDay = (column: AnySQLiteColumn): SQL => sql`${column} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`;

export const units = sqliteTable("units", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  // The kinds are the ward's catalogue's (templates/catalogue.yaml), checked when the profile is read.
  kind: text("kind").notNull(),
  parentCode: text("parent_code").references((): AnySQLiteColumn => units.code),
  sortOrder: integer("sort_order").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
}, (t) => [
  check("units_parent", sql`${t.parentCode} <> ${t.code}`),
  check("units_sort_order", sql`${t.sortOrder} >= 0`),
  check("units_active", flag(t.active)),
]);

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  unitCode: text("unit_code").notNull().references(() => units.code),
  /** Set when the platform refuses delivery (403): reminders skip the person. */
  unreachableAt: integer("unreachable_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
  /** False once the office deactivates the person: they get a short notice only; past entries stay. */
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  deactivatedAt: integer("deactivated_at", { mode: "timestamp_ms" }),
}, (t) => [check("users_role", oneOf(t.role, ROLES)), check("users_active", flag(t.active))]);

export const identities = sqliteTable("identities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  channel: text("channel").notNull(),
  platformUserId: text("platform_user_id").notNull(),
  chatId: text("chat_id").notNull(),
  userId: integer("user_id").notNull().references(() => users.id),
  createdAt: createdAt(),
  /** The last time the person wrote from this identity: reminders and notices go to the channel used last. */
  lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }),
}, (t) => [uniqueIndex("identities_channel_user").on(t.channel, t.platformUserId), index("identities_user").on(t.userId)]);

export const invites = sqliteTable("invites", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  codeHash: text("code_hash").notNull().unique(),
  role: text("role", { enum: ROLES }).notNull(),
  unitCode: text("unit_code").notNull().references(() => units.code),
  name: text("name"),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: createdAt(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
  usedBy: integer("used_by").references(() => users.id),
}, (t) => [check("invites_role", oneOf(t.role, ROLES))]);

/** Wrong invite codes per chat, for the 5-per-hour limit. */
export const inviteFailures = sqliteTable("invite_failures", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  channel: text("channel").notNull(),
  chatId: text("chat_id").notNull(),
  at: integer("at", { mode: "timestamp_ms" }).notNull(),
}, (t) => [index("invite_failures_chat").on(t.channel, t.chatId, t.at)]);

/**
 * The catalogue's forms and metric keys (src/domain/catalogue.ts), brought in line at every open
 * (src/db/catalogue-sync.ts), so the database refuses an entry of a form, or a figure of a metric,
 * that does not exist, and a figure stored at another scale than its metric's. Keys no longer in
 * the catalogue stay, so old entries keep their meaning.
 */
export const forms = sqliteTable("forms", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
});

export const metrics = sqliteTable("metrics", {
  key: text("key").primaryKey(),
  formId: text("form_id").notNull().references(() => forms.id),
  /** 1, or 10 for a figure kept in tenths (hours). */
  scale: integer("scale").notNull(),
  /** The catalogue's max for the figure, in stored units (× scale): no larger amount is stored (0013). */
  maxAmount: integer("max_amount").notNull().default(1_000_000),
}, (t) => [uniqueIndex("metrics_key_scale").on(t.key, t.scale), check("metrics_scale", sql`${t.scale} in (1, 10)`)]);

/** Which unit kinds file each form (the catalogue's unitKinds), synced like forms and metrics. */
export const formUnitKinds = sqliteTable("form_unit_kinds", {
  formId: text("form_id").notNull().references(() => forms.id),
  unitKind: text("unit_kind").notNull(),
}, (t) => [primaryKey({ columns: [t.formId, t.unitKind] })]);

// Migration 0013 adds triggers drizzle does not describe: entries, entry_values, nil_reports,
// period_locks and period_unlocks refuse a day not on the calendar, a period key that is no
// period, a figure above its metric's max_amount or of another form's metric, and a form the
// unit's kind does not file (form_unit_kinds). A migration rebuilding one of those tables must
// create its triggers again.

export const entries = sqliteTable("entries", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitCode: text("unit_code").notNull().references(() => units.code),
  reporterId: integer("reporter_id").references(() => users.id),
  formId: text("form_id").notNull().references(() => forms.id),
  activityDate: text("activity_date").notNull(),
  /** The month period key the entry belongs to ("2025-02"), or the imported period's key. */
  period: text("period").notNull(),
  /** First and last day the figures cover: one day for chat entries, the imported period otherwise. */
  spanStart: text("span_start").notNull(),
  spanEnd: text("span_end").notNull(),
  /**
   * The day by which the entry is counted (src/ledger/counting.ts): the activity date of a chat
   * entry, the middle day of an imported span. A period counts an entry when this day lies in it.
   */
  countedOn: text("counted_on").notNull().default(""),
  source: text("source", { enum: ENTRY_SOURCES }).notNull(),
  revision: integer("revision").notNull().default(1),
  status: text("status", { enum: ENTRY_STATUSES }).notNull().default("active"),
  note: text("note"),
  photoFileId: text("photo_file_id"),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  /** A place sent with the entry (Telegram location), WGS84 degrees. */
  latitude: real("latitude"),
  longitude: real("longitude"),
  /** A leader returned the entry for correction (status "returned"): why, who, when. */
  returnReason: text("return_reason"),
  returnedBy: integer("returned_by").references(() => users.id),
  returnedAt: integer("returned_at", { mode: "timestamp_ms" }),
  /**
   * The app the entry was filed from: the channel's name ("telegram", "zalo", "zalo-oa",
   * "console"), as data from the event (migrations/0016). Null before 0016 and for imports.
   */
  channel: text("channel"),
}, (t) => [
  // Entries that straddle a period's edge (the leader is told about them): range scans on span_start.
  index("entries_span").on(t.spanStart, t.spanEnd),
  // Reports, completeness, exports: the entries counted in a period, a range scan that reads
  // every column the counting rule and the report's grouping need from the index itself.
  index("entries_counted").on(t.countedOn, t.spanStart, t.spanEnd, t.status, t.unitCode, t.period),
  // Stocks: a unit's latest counted entry of a form at a date.
  index("entries_unit_form_counted").on(t.unitCode, t.formId, t.countedOn),
  index("entries_unit_period").on(t.unitCode, t.period),
  check("entries_source", oneOf(t.source, ENTRY_SOURCES)),
  check("entries_status", oneOf(t.status, ENTRY_STATUSES)),
  check("entries_revision", sql`${t.revision} >= 1`),
  check("entries_dates", sql`${isoDay(t.activityDate)} and ${isoDay(t.spanStart)} and ${isoDay(t.spanEnd)} and ${isoDay(t.countedOn)}`),
  check("entries_span", sql`${t.spanStart} <= ${t.spanEnd} and ${t.countedOn} between ${t.spanStart} and ${t.spanEnd}`),
  check("entries_channel", sql`${t.channel} is null or (length(${t.channel}) between 1 and 32 and ${t.channel} glob '[a-z]*' and not ${t.channel} glob '*[^a-z0-9-]*')`),
  check("entries_place", sql`(${t.latitude} is null or ${t.latitude} between -90 and 90) and (${t.longitude} is null or ${t.longitude} between -180 and 180)`),
]);

/**
 * One figure of an entry, stored exactly as a whole number: counts as they are, money in đồng,
 * hours in tenths (scale 10). `value` is the figure itself (2,5 giờ), computed by SQLite from
 * the two, so every reader sums and compares figures while nothing stored can be a float.
 */
export const entryValues = sqliteTable("entry_values", {
  entryId: integer("entry_id").notNull().references(() => entries.id, { onDelete: "cascade" }),
  metric: text("metric").notNull(),
  amount: integer("amount").notNull(),
  scale: integer("scale").notNull().default(1),
  value: real("value").generatedAlwaysAs(sql`case when scale = 1 then amount else amount * 1.0 / scale end`, { mode: "virtual" }),
}, (t) => [
  primaryKey({ columns: [t.entryId, t.metric] }),
  // Covering: report sums read metric, amount and scale without touching the table.
  index("entry_values_covering").on(t.entryId, t.metric, t.amount, t.scale),
  check("entry_values_amount", sql`typeof(${t.amount}) = 'integer' and ${t.amount} >= 0`),
  // A known metric, at its own scale.
  foreignKey({ columns: [t.metric, t.scale], foreignColumns: [metrics.key, metrics.scale], name: "entry_values_metric" }),
]);

export const entryRevisions = sqliteTable("entry_revisions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  entryId: integer("entry_id").notNull().references(() => entries.id, { onDelete: "cascade" }),
  revision: integer("revision").notNull(),
  /** The values as they were before the change: { metric: value }. */
  valuesJson: text("values_json").notNull(),
  activityDate: text("activity_date").notNull(),
  changedBy: integer("changed_by").references(() => users.id),
  reason: text("reason"),
  changedAt: stamp("changed_at"),
  /** What the change was: "edit", "delete", "return" (by a leader), "restore" or "migrate". */
  action: text("action", { enum: REVISION_ACTIONS }).notNull().default("delete"),
  /** The values after the change ({} for a deletion), and the activity date after it. */
  newValuesJson: text("new_values_json"),
  newActivityDate: text("new_activity_date"),
}, (t) => [
  uniqueIndex("entry_revisions_entry_revision").on(t.entryId, t.revision),
  check("entry_revisions_action", oneOf(t.action, REVISION_ACTIONS)),
  check("entry_revisions_revision", sql`${t.revision} >= 1`),
]);

/** Photos attached to an entry, downloaded and kept under the data folder (not only a platform file id). */
export const entryPhotos = sqliteTable("entry_photos", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  entryId: integer("entry_id").notNull().references(() => entries.id, { onDelete: "cascade" }),
  /** Relative to the data folder. */
  path: text("path").notNull(),
  sha256: text("sha256").notNull(),
  size: integer("size").notNull(),
  platformFileId: text("platform_file_id"),
  createdAt: createdAt(),
}, (t) => [index("entry_photos_entry").on(t.entryId), check("entry_photos_size", sql`${t.size} >= 0`)]);

export const nilReports = sqliteTable("nil_reports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitCode: text("unit_code").notNull().references(() => units.code),
  formId: text("form_id").notNull().references(() => forms.id),
  period: text("period").notNull(),
  reporterId: integer("reporter_id").references(() => users.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("nil_reports_unit_form_period").on(t.unitCode, t.formId, t.period)]);

export const periodLocks = sqliteTable("period_locks", {
  period: text("period").primaryKey(),
  lockedBy: integer("locked_by").references(() => users.id),
  automatic: integer("automatic", { mode: "boolean" }).notNull().default(false),
  lockedAt: stamp("locked_at"),
}, (t) => [check("period_locks_automatic", flag(t.automatic))]);

export const periodUnlocks = sqliteTable("period_unlocks", {
  period: text("period").notNull(),
  unitCode: text("unit_code").notNull().references(() => units.code),
  unlockedBy: integer("unlocked_by").references(() => users.id),
  unlockedAt: stamp("locked_at"),
}, (t) => [primaryKey({ columns: [t.period, t.unitCode] })]);

export const conversations = sqliteTable("conversations", {
  channel: text("channel").notNull(),
  chatId: text("chat_id").notNull(),
  stateJson: text("state_json").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (t) => [primaryKey({ columns: [t.channel, t.chatId] })]);

export const processedEvents = sqliteTable("processed_events", {
  channel: text("channel").notNull(),
  eventId: text("event_id").notNull(),
  processedAt: stamp("processed_at"),
}, (t) => [primaryKey({ columns: [t.channel, t.eventId] })]);

export const outbox = sqliteTable("outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  channel: text("channel").notNull(),
  chatId: text("chat_id").notNull(),
  userId: integer("user_id").references(() => users.id),
  /** The outbound message as JSON (text, choices). */
  payloadJson: text("payload_json").notNull(),
  /** Makes enqueueing idempotent: the same reminder is queued once. */
  dedupeKey: text("dedupe_key").unique(),
  kind: text("kind", { enum: OUTBOX_KINDS }).notNull(),
  status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
  lastError: text("last_error"),
  createdAt: createdAt(),
  sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  /** Parts of a split text already delivered: a retry sends only the rest. */
  partsSent: integer("parts_sent").notNull().default(0),
}, (t) => [
  // A chat's rows in order (the latest answers sent, a stranger's last answer). Without the status:
  // a row's sent mark moved it within this index, and within (status, id) from the unsent rows to
  // the end of the sent ones, 3.8 of the 7.3 WAL pages a chat update wrote (0018).
  index("outbox_chat").on(t.channel, t.chatId),
  // The unsent rows alone, per chat (per-chat order: a row waits while an older row of its chat is
  // unsent; whether a question reached the phone; the due index's reload; the health and drain
  // counts). A row enters it when queued and leaves it when sent: the same few pages.
  index("outbox_unsent").on(t.channel, t.chatId, t.id).where(sql`${t.status} in ('pending', 'sending')`),
  check("outbox_status", oneOf(t.status, OUTBOX_STATUSES)),
  check("outbox_kind", oneOf(t.kind, OUTBOX_KINDS)),
  check("outbox_counts", sql`${t.attempts} >= 0 and ${t.partsSent} >= 0`),
]);

/**
 * Platform events as received (webhook or polling), recorded before they are acknowledged:
 * a duplicate is dropped by its key, and an event recorded but not yet handled when the process
 * died is handled after the restart.
 */
export const inboundEvents = sqliteTable("inbound_events", {
  channel: text("channel").notNull(),
  eventId: text("event_id").notNull(),
  eventJson: text("event_json").notNull(),
  receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  handledAt: integer("handled_at", { mode: "timestamp_ms" }),
}, (t) => [primaryKey({ columns: [t.channel, t.eventId] }),
  // Only the events still to handle (their start-up replay reads them in order): the handled mark
  // removes one from this small index instead of moving it across a large one (0017).
  index("inbound_events_unhandled").on(t.receivedAt).where(sql`${t.handledAt} is null`)]);

/** Short one-time codes that link a person's other channel to the same user (/lienket). */
export const linkCodes = sqliteTable("link_codes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  codeHash: text("code_hash").notNull().unique(),
  userId: integer("user_id").notNull().references(() => users.id),
  createdAt: createdAt(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
});

/** One-time links to the office's page sent by /web (migration 0015): only the token's hash is kept. */
export const webLoginLinks = sqliteTable("web_login_links", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull().unique(),
  userId: integer("user_id").notNull().references(() => users.id),
  createdAt: createdAt(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
}, (t) => [index("web_login_links_user_created").on(t.userId, t.createdAt)]);

/** Browser sessions of the office's page: the cookie's hash; ended by "Đăng xuất" or when the person is stopped. */
export const webSessions = sqliteTable("web_sessions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull().unique(),
  userId: integer("user_id").notNull().references(() => users.id),
  createdAt: createdAt(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  endedAt: integer("ended_at", { mode: "timestamp_ms" }),
}, (t) => [index("web_sessions_user").on(t.userId)]);

/** Files served by signed link to channels that cannot receive documents (a CSV export on Zalo). */
export const sharedFiles = sqliteTable("shared_files", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
  createdAt: createdAt(),
});

export const reminderLog = sqliteTable("reminder_log", {
  job: text("job").notNull(),
  period: text("period").notNull(),
  userId: integer("user_id").notNull().references(() => users.id),
  outboxId: integer("outbox_id").references(() => outbox.id),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.job, t.period, t.userId] })]);

/** Which scheduled slots have run, so a restart neither repeats nor skips one. */
export const jobRuns = sqliteTable("job_runs", {
  job: text("job").notNull(),
  slot: text("slot").notNull(),
  ranAt: stamp("ran_at"),
}, (t) => [primaryKey({ columns: [t.job, t.slot] })]);

export const issuedReports = sqliteTable("issued_reports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  period: text("period").notNull(),
  requestedBy: integer("requested_by").references(() => users.id),
  channel: text("channel"),
  fileName: text("file_name").notNull(),
  fileHash: text("file_hash").notNull(),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
  entryCount: integer("entry_count").notNull(),
  createdAt: createdAt(),
}, (t) => [check("issued_reports_entry_count", sql`${t.entryCount} >= 0`)]);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  valueJson: text("value_json").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

const JOB_KINDS = ["report", "export", "resend"] as const;
const JOB_STATUSES = ["pending", "running", "done", "failed"] as const;

/**
 * Slow work a chat asked for (/baocao, /xuat, /guilai), written in the same transaction as the
 * event that asked for it, so a crash cannot lose the request (src/app/jobs.ts runs them). The
 * unique key keeps one event from making two jobs; result_ref is what the job made (an
 * issued_reports id for a report, the document's outbox id otherwise).
 */
export const jobs = sqliteTable("jobs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: JOB_KINDS }).notNull(),
  channel: text("channel").notNull(),
  chatId: text("chat_id").notNull(),
  userId: integer("user_id").references(() => users.id),
  eventId: text("event_id").notNull(),
  /** The effect's place among its event's effects. */
  effectIndex: integer("effect_index").notNull(),
  effectJson: text("effect_json").notNull(),
  status: text("status", { enum: JOB_STATUSES }).notNull().default("pending"),
  attempts: integer("attempts").notNull().default(0),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  lastError: text("last_error"),
  resultRef: integer("result_ref"),
}, (t) => [
  uniqueIndex("jobs_event_effect").on(t.channel, t.eventId, t.effectIndex),
  index("jobs_status_id").on(t.status, t.id),
  check("jobs_kind", oneOf(t.kind, JOB_KINDS)),
  check("jobs_status", oneOf(t.status, JOB_STATUSES)),
  check("jobs_attempts", sql`${t.attempts} >= 0`),
]);

/**
 * Tokens a channel rotates itself (migrations/0014): the newest refresh token and the access token
 * it bought, written together as soon as the platform answers; seed_hash is the SHA-256 of the
 * configured first token the row descends from; dead_at is set when the refresh token was refused
 * as dead and the office was told.
 */
export const channelTokens = sqliteTable("channel_tokens", {
  channel: text("channel").primaryKey(),
  accessToken: text("access_token"),
  accessExpiresAt: integer("access_expires_at", { mode: "timestamp_ms" }),
  refreshToken: text("refresh_token").notNull(),
  seedHash: text("seed_hash").notNull(),
  deadAt: integer("dead_at", { mode: "timestamp_ms" }),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
