// The operator commands of `npm run cli`, callable in-process (tests) or from src/cli.ts.
import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import { loadConfig, secretVariables } from "../app/environment.js";
import { openStore } from "../app/start.js";
import { installWardCatalogue } from "../app/ward-catalogue.js";
import { closeDb, makeDurable, type Db } from "../db/client.js";
import { ROLES, ROLE_LABELS, unitsForRole, type Role } from "../conversation/ports.js";
import { createInvite } from "../store/invites.js";
import { activeUnits } from "../store/profile-sync.js";
import { datedUnits } from "../store/dated-units.js";
import { profileOn } from "../domain/profile.js";
import { inLevel, levelWord } from "../domain/ward-level.js";
import { changePerson, listPeople } from "../store/people.js";
import { personLine } from "../conversation/people.js";
import { metrics as catalogueMetrics, unitKindLabel } from "../domain/catalogue.js";
import { formatDateShort, todayInVietnam } from "../domain/vn.js";
import { importCsv } from "../data/import.js";
import { exportCsv } from "../data/export.js";
import { exportXlsx } from "../data/export-xlsx.js";
import { fillDemo } from "../data/demo.js";
import { readFileSync, writeFileSync } from "node:fs";
import { jobSettings, outboxSettings } from "../app/start.js";
import { inQuietHours } from "../reminders/cron.js";
import { formatVnTime, parseCliTime } from "./vn-time.js";
import { runDueJobs, type JobOutcome } from "../reminders/jobs.js";
import { rerouteRefused, routingFor } from "../reminders/routing.js";
import { OutboxSender, outboxStats } from "../outbox/sender.js";
import { channelLabel, consoleOnly, createMessagingChannels } from "../channels/registry.js";
import { createLogger } from "../log.js";
import { check } from "./check.js";
import { backup } from "./backup-command.js";
import { restore } from "./restore-command.js";
import { fileErrorLine, onPath, unwritableTarget } from "./file-problems.js";
import { init } from "./init.js";
import { periodOption, report } from "./report-command.js";
import { asksHelp, checkArgs, isCommand, OPTIONS, UsageError, usageLines } from "./usage.js";

export { UsageError };

type Out = (line: string) => void;
/** What the CLI takes as "now" (tests pass a fixed one; see runCli). */
export type Clock = () => Date;
type Command = (args: string[], config: Config, out: Out, clock: Clock) => Promise<void> | void;

/** The invite's links on the configured channels that have them (none offline). */
async function inviteLinks(config: Config, db: Db, code: string, clock: Clock): Promise<string[]> {
  const channels = createMessagingChannels({ config, log: createLogger({ level: "silent" }), db, clock });
  const links: string[] = [];
  for (const c of channels) {
    await c.prepareLinks?.();
    const link = c.inviteLink?.(code);
    if (link) links.push(link);
  }
  return links;
}

async function invite(args: string[], config: Config, out: Out, clock: Clock): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS.invite });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new UsageError(`--role phải là một trong: ${ROLES.join(", ")}`);
  const { db, profile } = openStore(config, clock());
  try {
    const unitCode = values.unit ?? profile.ward.code;
    // The role names say the ward's level word, as the chat does ("Lãnh đạo xã").
    const words = (line: string) => inLevel(line, levelWord(profileOn(profile, todayInVietnam(clock())).ward));
    const unit = activeUnits(db).find((u) => u.code === unitCode);
    if (!unit) throw new UsageError(`Không có đơn vị "${unitCode}". Xem danh sách: npm run cli -- units`);
    // As the chat's invites: only a unit in force today takes new people.
    const closed = datedUnits(profile).whyNotInForce(unitCode, clock());
    if (closed) throw new UsageError(`${closed} Không tạo mã mời cho đơn vị này; xin chọn đơn vị đang hoạt động (npm run cli -- units).`);
    // The same rule as the chat's buttons: reporters at a khóm, tổ or post; leaders and office at the ward.
    if (!unitsForRole([unit], role).length) {
      throw new UsageError(words(`${ROLE_LABELS[role]} phải thuộc ${role === "bao_cao" ? "một khóm, tổ hoặc đồn biên phòng" : "phường"}, không thuộc ${unit.name}.`));
    }
    const { code, expiresAt } = createInvite(db, { role, unitCode, createdBy: null, now: clock(), ttlDays: config.INVITE_TTL_DAYS });
    const links = await inviteLinks(config, db, code, clock);
    const link = links[0] ?? null;
    if (values.json) {
      out(JSON.stringify({ code, role, unit: unitCode, expiresAt: expiresAt.toISOString(), link }));
      return;
    }
    out(`Mã mời: ${code}`);
    out(words(`Vai trò: ${ROLE_LABELS[role]}, đơn vị: ${unit.name}`));
    out(`Hết hạn: ${formatDateShort(todayInVietnam(expiresAt))} (dùng một lần)`);
    out(`Người được mời gõ trong bot: /start ${code}`);
    for (const l of links) out(`Hoặc mở liên kết: ${l}`);
  } finally {
    closeDb(db);
  }
}

function units(_args: string[], config: Config, out: Out, clock: Clock): void {
  const { db } = openStore(config, clock());
  try {
    for (const u of activeUnits(db)) out(`${u.code.padEnd(26)} ${unitKindLabel(u.kind).padEnd(20)} ${u.name}`);
  } finally {
    closeDb(db);
  }
}

/** `users`: everyone registered, numbered by id (the id `user --id` takes). */
function usersCommand(_args: string[], config: Config, out: Out, clock: Clock): void {
  const { db } = openStore(config, clock());
  try {
    const people = listPeople(db);
    if (people.length === 0) out("Chưa có ai đăng ký. Tạo mã mời: npm run cli -- invite --role bao_cao --unit <đơn vị>");
    for (const p of people) out(personLine(p, p.id, channelLabel));
  } finally {
    closeDb(db);
  }
}

/** `user --id N` with --unit X, --role R (with --unit when the role belongs elsewhere), --deactivate or --activate. */
function userCommand(args: string[], config: Config, out: Out, clock: Clock): void {
  const { values } = parseArgs({ args, options: OPTIONS.user });
  const id = Number(values.id);
  if (!values.id || !Number.isInteger(id) || id <= 0) throw new UsageError("Thiếu --id <số> (xem: npm run cli -- users)");
  const role = values.role as Role | undefined;
  if (role !== undefined && !ROLES.includes(role)) throw new UsageError(`--role phải là một trong: ${ROLES.join(", ")}`);
  if (values.deactivate && values.activate) throw new UsageError("Chỉ dùng một trong --deactivate và --activate.");
  if (!role && !values.unit && !values.deactivate && !values.activate) throw new UsageError("Cần --unit, --role, --deactivate hoặc --activate.");
  const { db } = openStore(config, clock());
  try {
    const active = values.deactivate ? false : values.activate ? true : undefined;
    const r = db.transaction(() => changePerson(db, { id, role, unitCode: values.unit, active, by: null, now: clock() }));
    if (!r.ok) throw new UsageError(r.message);
    makeDurable(db);
    out(`Đã cập nhật: ${personLine(r.person, r.person.id, channelLabel)}`);
  } finally {
    closeDb(db);
  }
}

function metrics(args: string[], _config: Config, out: Out): void {
  const { values } = parseArgs({ args, options: OPTIONS.metrics });
  if (values.json) { out(JSON.stringify(catalogueMetrics(), null, 2)); return; }
  for (const m of catalogueMetrics()) out(`${m.key.padEnd(34)} ${m.aggregation.padEnd(5)} ${m.unit.padEnd(12)} ${m.label}`);
}

function importCommand(args: string[], config: Config, out: Out, clock: Clock): void {
  const { values, positionals } = parseArgs({ args, options: OPTIONS.import, allowPositionals: true });
  const file = positionals[0];
  if (!file) throw new UsageError("Cách dùng: npm run cli -- import <tệp.csv> [--allow-repeat]");
  const csvText = onPath(file, (f) => readFileSync(f, "utf8"));
  const { db } = openStore(config, clock());
  try {
    const r = importCsv(db, csvText, { cutoffDay: config.PERIOD_CUTOFF_DAY, file, now: clock(), allowRepeat: values["allow-repeat"] });
    if (!r.ok) {
      // A lone fault of the whole file (line 0) is one line; faulty rows are listed under a heading.
      const whole = r.errors.length === 1 && r.errors[0]!.line === 0 ? r.errors[0] : undefined;
      if (whole) throw new UsageError(`${file}: ${whole.message}`);
      throw new UsageError([`${file}: không nhập gì, vì có dòng sai:`, ...r.errors.map((e) => `  ${e.line > 0 ? `dòng ${e.line}: ` : ""}${e.message}`)].join("\n"));
    }
    makeDurable(db);
    out(`Đã nhập ${r.rows} dòng thành ${r.entries} bản ghi từ ${file}.`);
  } finally {
    closeDb(db);
  }
}

/**
 * XLSX by default, written to --out or so-lieu-<kỳ>.xlsx (never to the screen: it is binary);
 * CSV with --format csv (or an --out ending in .csv), printed when there is no --out.
 */
async function exportCommand(args: string[], config: Config, out: Out, clock: Clock): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS.export });
  const format = values.format ?? (values.out?.toLowerCase().endsWith(".csv") ? "csv" : "xlsx");
  if (format !== "csv" && format !== "xlsx") throw new UsageError(`--format chỉ nhận xlsx hoặc csv, không nhận "${format}".`);
  const period = periodOption(values.ky, config, clock);
  const history = values["lich-su"] === true;
  // CSV without --out goes to the screen; every file is checked before the database is opened.
  const file = values.out ?? `so-lieu-${period.key.replace("..", "_")}${history ? "-lich-su" : ""}.xlsx`;
  const unwritable = format === "csv" && !values.out ? null : unwritableTarget(file, `so-lieu.${format}`, "--out");
  if (unwritable) throw new UsageError(unwritable);
  const { db } = openStore(config, clock());
  try {
    if (format === "csv") {
      const csv = exportCsv(db, { ...period, history });
      if (values.out) { writeFileSync(values.out, csv); out(`Đã ghi ${values.out}.`); } else out(csv.replace(/\r?\n$/, ""));
      return;
    }
    writeFileSync(file, await exportXlsx(db, { ...period, history }));
    out(`Đã ghi ${file}.`);
  } finally {
    closeDb(db);
  }
}

function demo(args: string[], config: Config, out: Out, clock: Clock): void {
  const { values } = parseArgs({ args, options: OPTIONS.demo });
  const { db } = openStore(config, clock());
  try {
    const r = fillDemo(db, { cutoffDay: config.PERIOD_CUTOFF_DAY, now: clock(), force: values.force });
    out(`Đã tạo ${r.entries} bản ghi mẫu (${r.values} số liệu) cho 10 năm. Thử /baocao trong bot.`);
  } finally {
    closeDb(db);
  }
}

function describeOutcome(o: JobOutcome, dryRun: boolean): string[] {
  const head = `${o.job} (${o.slot.replace("T", " ")})${o.period ? `, kỳ ${o.period}` : ""}: ${o.note}`;
  const verb = dryRun ? "sẽ nhắc" : "đã xếp gửi";
  return [head, ...o.recipients.map((r) => r.unreached !== undefined
    ? `  không nhắc được: ${r.name} — ${r.unit} (${r.unreached})`
    : `  ${r.queued || dryRun ? verb : "đã nhắc trước đó, bỏ qua"}: ${r.name} — ${r.unit}${r.forms.length ? ` (${r.forms.join(", ")})` : ""}`)];
}

/**
 * Runs the jobs due at --at as if it were then. Messages go to the outbox, which the running bot
 * sends within a second; --send sends them from here, for when the bot is stopped (only one
 * outbox sender may work on a database at a time).
 */
async function remind(args: string[], config: Config, out: Out, clock: Clock): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS.remind });
  const at = values.at ? parseCliTime(values.at) : clock();
  if (!at) throw new UsageError("--at cần thời điểm theo giờ Việt Nam, ví dụ 2025-02-24T08:00 (hoặc có múi giờ: 2025-02-24T01:00Z)");
  const dryRun = values["dry-run"] ?? false;
  const { db, profile } = openStore(config, clock());
  try {
    const log = createLogger({ level: "warn", toStderr: true, secrets: secretVariables() });
    // Created, not started: their interaction windows decide where each reminder goes (and --send sends through them).
    const channels = consoleOnly(config) ? [] : createMessagingChannels({ config, log, db, clock });
    const routing = consoleOnly(config) ? undefined : routingFor(channels, channelLabel);
    const outcomes = runDueJobs({ db, profile, settings: jobSettings(config), ...(routing ? { routing } : {}) }, at, { dryRun, now: clock() });
    if (outcomes.length === 0) out(`Không có việc nào đến giờ chạy lúc ${formatVnTime(at)} (giờ Việt Nam).`);
    for (const o of outcomes) describeOutcome(o, dryRun).forEach((l) => out(l));
    if (dryRun) return;
    if (!values.send || consoleOnly(config) || inQuietHours(config.QUIET_HOURS, clock())) {
      out(`Tin nhắn nằm trong hàng đợi (${outboxStats(db).pending}); bot đang chạy sẽ gửi ngay (ngoài giờ yên lặng), hoặc gửi khi khởi động.`);
      return;
    }
    const sender = new OutboxSender({ db, log, clock, channelFor: (n) => channels.find((c) => c.name === n), ...outboxSettings(config),
      ...(routing ? { onWindowClosed: (row: Parameters<typeof rerouteRefused>[2], now: Date) => rerouteRefused(db, routing, row, now) } : {}) });
    await sender.drain({ timeoutMs: 10 * 60_000 });
    await sender.stop();
    const stats = outboxStats(db, { replies: false }); // the chat's replies are not the command's business
    out(`Đã gửi: ${stats.sent}; lỗi: ${stats.failed}; không liên lạc được: ${stats.unreachable}; còn chờ: ${stats.pending}.`);
  } finally {
    closeDb(db);
  }
}

export const CLI_COMMANDS: Record<string, Command> = {
  invite, units, users: usersCommand, user: userCommand, metrics, report, import: importCommand, export: exportCommand, demo, backup, restore, remind,
};

/** Commands that run before (or without) a valid configuration: they read the environment themselves. */
const SETUP_COMMANDS: Record<string, (args: string[], env: NodeJS.ProcessEnv, out: Out) => Promise<number>> = {
  check: (_args, env, out) => check(env, out),
  init: (args, env, out) => init(args, env, out),
};

export async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: Out, clock: Clock = () => new Date()): Promise<number> {
  const [first, ...args] = argv;
  // `cli --help` is the list of commands, like `cli` alone.
  const name = first && !["--help", "-h", "help"].includes(first) ? first : undefined;
  // Each command's own usage, and its arguments checked, before the environment is read or any file opened.
  if (name && isCommand(name)) {
    if (asksHelp(args)) { usageLines(name).forEach((l) => out(l)); return 0; }
    checkArgs(name, args);
  }
  try {
    return await runCommand(name, args, env, out, clock);
  } catch (err) {
    // Node's English errno text ("ENOENT: no such file…") never reaches the operator.
    const line = fileErrorLine(err);
    throw line ? new UsageError(line) : err;
  }
}

async function runCommand(name: string | undefined, args: string[], env: NodeJS.ProcessEnv, out: Out, clock: Clock): Promise<number> {
  const setup = name ? SETUP_COMMANDS[name] : undefined;
  if (setup) return setup(args, env, out);
  const command = name ? CLI_COMMANDS[name] : undefined;
  if (!command) {
    out(`Cách dùng: npm run cli -- <lệnh>. Các lệnh: ${[...Object.keys(SETUP_COMMANDS), ...Object.keys(CLI_COMMANDS)].join(", ")}`);
    out("Hướng dẫn từng lệnh: npm run cli -- <lệnh> --help. Phường mới: npm run cli -- init --help");
    return name ? 2 : 0;
  }
  const config = loadConfig(env);
  // The ward's catalogue before any command reads forms or metrics (the default one without a profile).
  installWardCatalogue(config.WARD_PROFILE_PATH);
  await command(args, config, out, clock);
  return 0;
}
