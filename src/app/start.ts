// Start-up: config -> profile -> database (migrate, sync) -> channel -> app.
import type { Config } from "../config.js";
import { BOT_BUSY_TIMEOUT_MS, DatabasePathError, openDb, closeDb, setBusyTimeout, type Db } from "../db/client.js";
import { startCheckpointer } from "../db/checkpointer.js";
import { NotRecorded, type Channel } from "../channels/channel.js";
import type { ConsoleOptions } from "../channels/console/console-channel.js";
import { channelLabel, configuredLabels, createChannels, planLimitsOf, runningCapabilities, startupWarnings } from "../channels/registry.js";
import { PlanWatch } from "./plan-limits.js";
import { unitCodeFitProblems } from "./choice-fit.js";
import type { RunningHttpServer } from "../http/server.js";
import { fileLinksFor, startWeb } from "./web.js";
import type { WardProfile } from "../domain/profile.js";
import { createServices } from "../store/services.js";
import { syncProfile, syncWardName } from "../store/profile-sync.js";
import { datedUnits } from "../store/dated-units.js";
import type { Logger } from "../log.js";
import { BotApp, type Clock } from "./bot-app.js";
import { loadProfile } from "./profile-file.js";
import { checkProfileAgainstCatalogue, installWardCatalogue } from "./ward-catalogue.js";
import { StartupError } from "../config.js";
import { createEffectRunner, doJob } from "./effects.js";
import { JobRunner } from "./jobs.js";
import { WriteHealth } from "./write-health.js";
import { waitingForStore } from "./store-retry.js";
import { isRecoveryNotice, officeNotices } from "./write-notices.js";
import { keepPhotosNotKept } from "./photos.js";
import { notifyAdminsUnreachable } from "../reminders/unreachable.js";
import { isAnswer, OutboxSender, repliesDue } from "../outbox/sender.js";
import type { RowHead } from "../outbox/table.js";
import { startScheduler } from "../reminders/scheduler.js";
import { rerouteRefused, routingFor, type Routing } from "../reminders/routing.js";
import { msUntilQuietEnds } from "../reminders/cron.js";
import type { JobSettings } from "../reminders/jobs.js";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { loadTemplate, type Template } from "../report/template.js";
import { REPORT_KINDS, TEMPLATE_FILES, type ReportKind } from "../report/kinds.js";

/** How often the running bot checks that it could write its database (write-health.ts). */
const WRITE_PROBE_MS = 15_000;

/** One checked template per kind of report; plain data (can be posted to a worker thread). */
export type TemplateSet = Record<ReportKind, Template>;
import { InlineReportBuilder, WorkerReportBuilder, type ReportBuilder } from "./report-builder.js";
import type { ReportRequest } from "./reports.js";
import { readyForMore } from "./ready-for-more.js";
import { moveSharedBasis } from "../store/report-settings.js";

/** Reads and checks the report template; errors stop start-up with file, line and what is wrong. */
export async function loadReportTemplate(path: string): Promise<Template> {
  const r = await loadTemplate(path);
  if (!r.ok) throw new StartupError(r.errors.map((e) => e.toString()).join("\n"));
  return r.template;
}

/**
 * The template file of each kind: REPORT_TEMPLATE_PATH for all kinds when set; otherwise the
 * kind's file in REPORT_TEMPLATE_DIR (or, without it, in the profile's templateDir) when there is
 * one; otherwise templates/<default name>.
 */
export function reportTemplatePaths(config: Pick<Config, "REPORT_TEMPLATE_PATH" | "REPORT_TEMPLATE_DIR">, profileDir?: string): Record<ReportKind, string> {
  const paths = {} as Record<ReportKind, string>;
  const dir = config.REPORT_TEMPLATE_DIR ?? profileDir;
  for (const kind of REPORT_KINDS) {
    const own = dir ? join(dir, TEMPLATE_FILES[kind]) : null;
    paths[kind] = config.REPORT_TEMPLATE_PATH ?? (own && existsSync(own) ? own : join("templates", TEMPLATE_FILES[kind]));
  }
  return paths;
}

/** The profile's own template folder (key templateDir), resolved against the profile file's folder. */
export function profileTemplateDir(profilePath: string, profile: WardProfile): string | undefined {
  const dir = profile.templateDir;
  if (!dir) return undefined;
  return isAbsolute(dir) ? dir : join(dirname(profilePath), dir);
}

/**
 * Reads and checks every kind's template; all errors of all files stop start-up together.
 * `profileDir`: the profile's templateDir (profileTemplateDir), used when REPORT_TEMPLATE_DIR is not set.
 */
export async function loadReportTemplates(config: Pick<Config, "REPORT_TEMPLATE_PATH" | "REPORT_TEMPLATE_DIR">, profileDir?: string): Promise<TemplateSet> {
  if (config.REPORT_TEMPLATE_DIR && !existsSync(config.REPORT_TEMPLATE_DIR)) {
    throw new StartupError(`REPORT_TEMPLATE_DIR: không có thư mục ${config.REPORT_TEMPLATE_DIR}.`);
  }
  if (!config.REPORT_TEMPLATE_DIR && profileDir && !existsSync(profileDir)) {
    throw new StartupError(`Hồ sơ phường, mục templateDir: không có thư mục ${profileDir} (đường dẫn tính từ thư mục chứa tệp hồ sơ).`);
  }
  const paths = reportTemplatePaths(config, profileDir);
  const parsed = new Map<string, Awaited<ReturnType<typeof loadTemplate>>>();
  for (const path of new Set(Object.values(paths))) parsed.set(path, await loadTemplate(path));
  const errors = [...parsed.values()].flatMap((r) => (r.ok ? [] : r.errors.map(String)));
  if (errors.length > 0) throw new StartupError(errors.join("\n"));
  const set = {} as TemplateSet;
  for (const kind of REPORT_KINDS) {
    const r = parsed.get(paths[kind])!;
    if (r.ok) set[kind] = r.template;
  }
  return set;
}

export interface StartOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** "--as <role>:<unit>" for the console person. */
  consoleAs?: string;
  consoleIO?: ConsoleOptions;
  /** Awaited before each report build (tests hold builds with it). */
  beforeReportBuild?(req: ReportRequest): Promise<void>;
  /** How long stop() waits for events and reports in progress before leaving them to the next start (default 30 s). */
  stopWaitMs?: number;
  /** The most a polling channel waits for a batch to be handled and answered before it polls again (ready-for-more.ts; 20 ms). */
  readyForMoreMaxMs?: number;
}

export interface RunningBot {
  config: Config;
  templates: TemplateSet;
  db: Db;
  profile: WardProfile;
  /** The channels running, in the registry's order. */
  channels: Channel[];
  /** The HTTP server (webhooks, file links, /healthz) when one runs. */
  web: RunningHttpServer | undefined;
  app: BotApp;
  outbox: OutboxSender;
  jobSettings: JobSettings;
  /** The running channels' interaction windows, for reminders (src/reminders/routing.ts). */
  routing: Routing;
  /** Reports, exports and resends: durable jobs (src/app/jobs.ts). */
  jobs: JobRunner;
  /** Resolves once every event and report in progress is done and their replies are sent (or `timeoutMs` passed). */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function jobSettings(config: Config): JobSettings {
  return {
    cutoffDay: config.PERIOD_CUTOFF_DAY, remindCronEarly: config.REMIND_CRON_EARLY, remindCronClose: config.REMIND_CRON_CLOSE,
    digestCron: config.DIGEST_CRON, remindDaysBefore: config.REMIND_DAYS_BEFORE.split(",").map(Number),
    quietHours: config.QUIET_HOURS, autoLockDays: config.AUTO_LOCK_DAYS, pruneAfterDays: config.PRUNE_AFTER_DAYS,
    keepMonthOn: [...planLimitsOf(config)].filter(([, l]) => l.monthlyMessages !== undefined).map(([name]) => name),
  };
}

/**
 * The outbox's limits from the configuration; reminders and notices wait out the quiet hours,
 * replies do not, nor does the office's notice that the database is writable again.
 */
export function outboxSettings(config: Config) {
  return {
    ratePerSecond: config.OUTBOX_RATE_PER_SECOND, chatIntervalMs: config.OUTBOX_CHAT_INTERVAL_MS, giveUpAfterMs: config.OUTBOX_GIVE_UP_HOURS * 3_600_000,
    holdFor: (row: RowHead, now: Date) => (isAnswer(row) || isRecoveryNotice(row) ? 0 : msUntilQuietEnds(config.QUIET_HOURS, now)),
  };
}

/** The ward profile named by WARD_PROFILE_PATH, checked. */
export function readProfile(config: Pick<Config, "WARD_PROFILE_PATH">): WardProfile {
  if (!existsSync(config.WARD_PROFILE_PATH)) {
    throw new StartupError(`Cấu hình sai: biến WARD_PROFILE_PATH: không có tệp ${config.WARD_PROFILE_PATH}.`);
  }
  const profile = loadProfile(config.WARD_PROFILE_PATH);
  // The catalogue before the templates and the database: templates are checked against its metric
  // keys, and opening the database syncs the forms and metrics tables.
  installWardCatalogue(config.WARD_PROFILE_PATH);
  checkProfileAgainstCatalogue(config.WARD_PROFILE_PATH, profile);
  return profile;
}

/** The templates the configuration and the profile's templateDir name (see reportTemplatePaths). */
export async function templatesFor(config: Config, profile: WardProfile): Promise<TemplateSet> {
  return loadReportTemplates(config, profileTemplateDir(config.WARD_PROFILE_PATH, profile));
}

export function openStore(config: Config, now: Date, profile: WardProfile = readProfile(config)): { db: Db; profile: WardProfile } {
  let db: Db;
  try {
    db = openDb(config.DATABASE_PATH);
  } catch (err) {
    // One line naming the variable, as for any other bad setting (main.ts and cli.ts print it).
    if (err instanceof DatabasePathError) throw new StartupError(err.message);
    throw err;
  }
  try {
    syncProfile(db, profile, now);
    moveSharedBasis(db, config.PERIOD_CUTOFF_DAY, now);
  } catch (err) {
    // Closed: start-up may wait out a lock and open it again (openStoreWaiting).
    closeDb(db);
    throw err;
  }
  return { db, profile };
}

/**
 * openStore for the running bot: while another process holds the write lock (a large import, a
 * backup) or the disk is full, start-up waits and tries again (store-retry.ts) rather than fail.
 * Each try reads the clock anew: the wait may be long.
 */
export function openStoreWaiting(config: Config, clock: Clock, profile: WardProfile, log: Logger): Promise<{ db: Db; profile: WardProfile }> {
  return waitingForStore(() => openStore(config, clock(), profile), { log, what: "open the database" });
}

export async function startBot(o: StartOptions): Promise<RunningBot> {
  // The one place the running bot reads the wall clock; everything below is given `clock`.
  const clock = o.clock ?? (() => new Date());
  const { config, log } = o;
  // The profile first (it installs the catalogue, and may name the templates); templates are checked before the database is opened.
  const read = readProfile(config);
  const tooLong = unitCodeFitProblems(read, runningCapabilities(config));
  if (tooLong.length > 0) throw new StartupError(tooLong.join("\n"));
  const templates = await templatesFor(config, read);
  const { db, profile } = await openStoreWaiting(config, clock, read, log);
  // Start-up may wait for another process's lock; from now on a wait blocks every chat, so it is
  // short and the bot's writes retry asynchronously (bot-app.ts).
  setBusyTimeout(db, BOT_BUSY_TIMEOUT_MS);
  const channels = createChannels({ config, log, db, clock, console: { as: o.consoleAs, io: o.consoleIO, unitClosed: datedUnits(profile).whyNotInForce } });
  const channelFor = (name: string) => channels.find((c) => c.name === name);
  let outbox: OutboxSender | undefined;
  const planLimits = planLimitsOf(config);
  const plans = new PlanWatch({ db, log, clock, limits: planLimits, label: channelLabel, wakeOutbox: () => outbox?.wake() });
  const routing = routingFor(channels, channelLabel);
  const services = createServices(db, {
    planLimits,
    cutoffDay: config.PERIOD_CUTOFF_DAY, inviteTtlDays: config.INVITE_TTL_DAYS, profile,
    // Each channel with deep links gives one (Telegram's names BOT_USERNAME, or the bot's name from getMe).
    inviteLinks: (code) => channels.flatMap((c) => c.inviteLink?.(code) ?? []),
    channelLabel, channelLabels: configuredLabels(config),
    ...(config.PUBLIC_BASE_URL ? { webBase: config.PUBLIC_BASE_URL } : {}),
  });
  // A ":memory:" database cannot be opened by a worker; REPORT_WORKERS=0 asks for the old way
  // (compiling blocks every chat meanwhile; kept for comparison and for very small machines).
  const builder: ReportBuilder = config.DATABASE_PATH === ":memory:" || config.REPORT_WORKERS === 0
    ? new InlineReportBuilder(db)
    : new WorkerReportBuilder({ databasePath: config.DATABASE_PATH, size: config.REPORT_WORKERS, log });
  const files = fileLinksFor(config, db, clock);
  // Photos are kept beside the database (src/app/photos.ts).
  const dataDir = config.DATABASE_PATH === ":memory:" ? undefined : dirname(resolve(config.DATABASE_PATH));
  const runEffect = createEffectRunner({ db, clock, log, dataDir });
  const effectDeps = { db, profile, templates, cutoffDay: config.PERIOD_CUTOFF_DAY, clock, log, links: files, builder, beforeBuild: o.beforeReportBuild };
  const jobs = new JobRunner({ db, log, clock, cutoffDay: config.PERIOD_CUTOFF_DAY, channelFor, wakeOutbox: () => outbox?.wake(),
    limits: { concurrency: Math.max(1, config.REPORT_WORKERS), maxWaiting: config.REPORT_QUEUE },
    work: (effect, job) => doJob(effectDeps, effect, job) });
  // Every message to a chat goes out through the outbox, which therefore runs before the channels
  // start receiving: replies left unsent by a previous run go out first.
  outbox = new OutboxSender({
    db, log, clock, channelFor,
    ...outboxSettings(config),
    onUnreachable: (info) => { notifyAdminsUnreachable(db, info, clock()); outbox?.wake(); },
    // A channel's spent quota pauses it alone; its rows go to the people's other channels (outbox/quota.ts).
    channels: () => channels.map((c) => c.name),
    onQuotaSpent: (info) => plans.quotaSpent(info.channel, info.resumeAt),
    onSent: (info) => plans.sent(info.channel, info.messages, info.marked),
    // A reminder refused for a closed window goes another way, or the office is told.
    onWindowClosed: (row, now) => rerouteRefused(db, routing, row, now),
    // A document that finally cannot go is replaced by a line with a signed link, when links exist.
    ...(files ? { linkFor: (f: { reportId: number } | { fileName: string; bytes: Buffer }) => ("reportId" in f ? files.linkForReport(f.reportId)
      : files.shareFile({ fileName: f.fileName, contentType: f.fileName.endsWith(".csv") ? "text/csv; charset=utf-8" : "application/octet-stream", bytes: f.bytes })).url } : {}),
  });
  outbox.start();
  const health = new WriteHealth({ clock, ...officeNotices({ db, log, channelFor, wakeOutbox: () => outbox?.wake() }) });
  const app = new BotApp({ db, services, log, clock, runEffect, jobs, wakeOutbox: () => outbox?.wake(), health });
  // Events recorded but not handled by the last run are queued first, so each chat keeps its
  // order even if a new update arrives while a channel is still starting (sends go through the
  // outbox, so handling does not need the channel started).
  void app.resumeRecorded(channelFor);
  // Up before the channels start: a webhook may deliver as soon as it is set.
  const web = await startWeb({ config, log, db, channels, files, clock, health, accept: (ch, e, w) => app.accept(ch, e, w),
    pages: { profile, services, jobs, wakeOutbox: () => outbox?.wake(), dataDir, channelLabel } });
  // A polling channel asks for more once the last batch is handled and answered (ready-for-more.ts).
  const ready = readyForMore(() => !app.idle() || outbox.busy(), o.readyForMoreMaxMs);
  try {
    for (const ch of channels) {
      if (!ch.capabilities.documents && !config.PUBLIC_BASE_URL) {
        log.warn({ channel: ch.name }, `Kênh ${ch.name} không gửi được tệp: đặt PUBLIC_BASE_URL (địa chỉ HTTPS của bot) để gửi báo cáo và bản xuất dưới dạng liên kết tải.`);
      }
      // Recorded in the inbox before the platform is told the update was received.
      await ch.start(async (e) => { if (await app.accept(ch, e) === "not-recorded") throw new NotRecorded(); }, ready);
    }
  } catch (err) {
    app.stop();
    for (const ch of channels) await ch.stop().catch(() => undefined);
    await web?.close();
    await app.settle();
    await outbox.stop();
    await builder.stop();
    closeDb(db);
    throw err;
  }
  // A risky mode (polling that may lose messages) is told to the office, at most once a day.
  for (const w of startupWarnings(config)) plans.startupWarning(w.channel, w.text);
  // Reports asked for before a stop or crash are built now (jobs record them before they can be lost).
  jobs.start();
  // Photos whose download failed last time are tried again, in the background.
  const stopping = new AbortController();
  const photoRetry = keepPhotosNotKept({ db, log, clock, dataDir }, channels, stopping.signal)
    .catch((err: unknown) => { log.warn({ err }, "could not try the photos not kept again"); });
  // A lock held by another process is noticed (and the office told after a minute) even while
  // no message comes and nothing asks /healthz; each probe waits at most the short busy timeout.
  const probe = setInterval(() => health.probe(db), WRITE_PROBE_MS);
  probe.unref();
  // A dated change of the ward's name (a merger) coming into force while the bot runs: the
  // leaders' unit is renamed within the hour, as start-up would (profile-sync.ts).
  const rename = setInterval(() => {
    try { if (syncWardName(db, profile, clock())) log.info("the ward's unit renamed: a dated change of the profile is in force"); }
    catch (err) { log.warn({ err }, "could not rename the ward's unit; tried again within the hour"); }
  }, 3_600_000);
  rename.unref();
  const settings = jobSettings(config);
  const scheduler = config.SCHEDULER
    ? startScheduler({ db, profile, settings, routing, log, clock, onQueued: () => outbox.wake() })
    : undefined;
  // WAL checkpoints in a worker thread, not in the commit of whichever event crosses 1,000 pages.
  // Started last: start-up's own writes (the file links' key…) run right after the store was
  // waited for, with no pause in which another process could take the write lock meanwhile.
  const checkpointer = await startCheckpointer(db, (err) => log.warn({ err }, "WAL checkpoint worker failed; the bot's connection checkpoints itself again"))
    .catch((err: unknown) => { log.warn({ err }, "could not start the WAL checkpoint worker; the bot's connection checkpoints itself"); return undefined; });
  log.info({ channels: channels.map((c) => c.name), database: config.DATABASE_PATH }, "bot started");
  const settle = async (timeoutMs = 30_000) => {
    // A real-time limit on waiting (shutdown, tests), not a time the bot records: the wall clock.
    const deadline = Date.now() + timeoutMs;
    const timeout = new Promise<void>((r) => setTimeout(r, timeoutMs).unref());
    await Promise.race([app.settle(), timeout]);
    while (repliesDue(db, clock()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };
  return {
    config, templates, db, profile, channels, web, app, outbox, jobSettings: settings, routing, jobs, settle,
    async stop() {
      clearInterval(rename);
      await scheduler?.stop();
      clearInterval(probe);
      // Waits for the store end: what is not recorded is not acknowledged, and comes again.
      app.stop();
      for (const ch of channels) await ch.stop();
      await web?.close();
      // Reports being built are finished and archived if there is time; their documents stay
      // queued in the outbox if there is no time to send them, and go out at the next start. A
      // build still running is left pending, and runs again at the next start.
      jobs.pause();
      await Promise.race([app.settle(), new Promise<void>((r) => setTimeout(r, o.stopWaitMs ?? 30_000).unref())]);
      jobs.stop();
      stopping.abort();
      await photoRetry;
      await outbox.stop();
      await builder.stop();
      await checkpointer?.stop();
      closeDb(db);
    },
  };
}
