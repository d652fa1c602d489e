// Configuration: a zod schema over the environment (a .env file is read when present).
// A wrong value stops start-up with one line naming the variable; values are never printed.
import { existsSync } from "node:fs";
import cron from "node-cron";
import { z } from "zod";
import { viMessage } from "./domain/zod-vi.js";

const bool = z.enum(["0", "1", "true", "false", "yes", "no"]).transform((v) => ["1", "true", "yes"].includes(v));
const cronExpr = z.string().regex(/^(\S+\s+){4}\S+$/, { error: "biểu thức cron cần 5 trường, ví dụ \"0 8 * * *\"" })
  // Numbers, *, lists, ranges and steps only: what the start-up catch-up can read too.
  .refine((v) => cron.validate(v) && v.trim().split(/\s+/).every((f) => /^[\d*,/-]+$/.test(f)),
    { error: "biểu thức cron không hợp lệ (chỉ dùng số, *, dấu phẩy, -, /), ví dụ \"0 8 * * *\" (8 giờ sáng mỗi ngày)" });
const HHMM = "([01]\\d|2[0-3]):[0-5]\\d";

/**
 * A web address with its scheme. Not z.url() alone: "localhost:19471" is a URL of scheme
 * "localhost:", accepted and then refused by every request ("Invalid URL") for ever.
 */
export const webUrl = () => z.url({ protocol: /^https?$/, error: "phải là một địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://" });

/** The shared variables; each channel plug-in declares its own (ChannelSettings), composed by envSchema. */
export const configSchema = z.object({
  DATABASE_PATH: z.string().min(1).default("data/bot.sqlite"),
  WARD_PROFILE_PATH: z.string().min(1).default("templates/ward-profile.yaml"),
  /** One template for every kind of report (overrides the defaults and REPORT_TEMPLATE_DIR). */
  REPORT_TEMPLATE_PATH: z.string().min(1).optional(),
  /** A folder whose bao-cao-thang.md, bao-cao-quy.md, … override the default template of that kind. */
  REPORT_TEMPLATE_DIR: z.string().min(1).optional(),
  PUBLIC_BASE_URL: webUrl().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // At most 256: the Bot Platforms take a secret_token of 8–256 characters (the bot asks at least 16).
  WEBHOOK_SECRET: z.string().min(16, { error: "cần ít nhất 16 ký tự" }).max(256, { error: "cần từ 16 đến 256 ký tự (nền tảng nhắn tin nhận tối đa 256)" }).optional(),
  /** Key that signs download links; without it a random key is generated once and kept in the database. */
  LINK_SECRET: z.string().min(32, { error: "cần ít nhất 32 ký tự" }).optional(),
  LINK_TTL_HOURS: z.coerce.number({ error: "phải là số giờ, từ 1 đến 720" }).int({ error: "phải là số giờ nguyên, từ 1 đến 720" })
    .min(1, { error: "phải từ 1 đến 720 giờ" }).max(720, { error: "phải từ 1 đến 720 giờ" }).default(24),
  /** Largest webhook body accepted, in KiB. */
  HTTP_BODY_LIMIT_KB: z.coerce.number({ error: "phải là số KB" }).int({ error: "phải là số KB nguyên" })
    .min(1, { error: "phải từ 1 đến 65536 KB" }).max(65536, { error: "phải từ 1 đến 65536 KB" }).default(1024),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Monthly cut-off day: 0 = calendar months; 14 = the month runs 15th..14th. */
  PERIOD_CUTOFF_DAY: z.coerce.number().int().min(0).max(28).default(0),
  INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  REMIND_CRON_EARLY: cronExpr.default("0 8 * * *"),
  REMIND_CRON_CLOSE: cronExpr.default("0 15 * * *"),
  DIGEST_CRON: cronExpr.default("0 8 * * *"),
  REMIND_DAYS_BEFORE: z.string().regex(/^\d{1,2}(,\d{1,2})*$/, { error: "cần các số ngày cách nhau bởi dấu phẩy, ví dụ 4,1" }).default("4,1"),
  QUIET_HOURS: z.string().regex(new RegExp(`^${HHMM}-${HHMM}$`), { error: "cần dạng HH:MM-HH:MM, ví dụ 21:00-06:30" }).default("21:00-06:30"),
  OUTBOX_RATE_PER_SECOND: z.coerce.number().int().min(1).default(25),
  OUTBOX_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  /** Hours a message keeps being retried through 5xx, network errors and timeouts before it is given up. */
  OUTBOX_GIVE_UP_HOURS: z.coerce.number({ error: "phải là số giờ, từ 1 đến 720" }).int({ error: "phải là số giờ nguyên, từ 1 đến 720" })
    .min(1, { error: "phải từ 1 đến 720 giờ" }).max(720, { error: "phải từ 1 đến 720 giờ" }).default(48),
  /** Longest wait for one platform call sending a message, and one sending a file (ms); then it is retried. */
  SEND_TIMEOUT_MS: z.coerce.number({ error: "phải là số mili giây, từ 1000 đến 600000" }).int({ error: "phải là số mili giây nguyên" })
    .min(1000, { error: "phải từ 1000 đến 600000 mili giây" }).max(600_000, { error: "phải từ 1000 đến 600000 mili giây" }).default(30_000),
  DOCUMENT_TIMEOUT_MS: z.coerce.number({ error: "phải là số mili giây, từ 1000 đến 1800000" }).int({ error: "phải là số mili giây nguyên" })
    .min(1000, { error: "phải từ 1000 đến 1800000 mili giây" }).max(1_800_000, { error: "phải từ 1000 đến 1800000 mili giây" }).default(120_000),
  /** Reports compiled at once, each in a worker thread (0: one at a time in the bot's own thread), and how many more may wait. */
  REPORT_WORKERS: z.coerce.number().int().min(0).max(4).default(1),
  REPORT_QUEUE: z.coerce.number().int().min(0).max(20).default(3),
  AUTO_LOCK_DAYS: z.coerce.number().int().min(0).default(0),
  /** Finished outbox rows, job runs, the reminder log and handled inbox rows are deleted after this many days. */
  PRUNE_AFTER_DAYS: z.coerce.number({ error: "phải là số ngày, ít nhất 7" }).int({ error: "phải là số ngày nguyên, ít nhất 7" })
    .min(7, { error: "phải từ 7 ngày trở lên" }).max(3650, { error: "phải từ 7 đến 3650 ngày" }).default(90),
  SCHEDULER: bool.default(true),
});

/**
 * The parsed environment: the shared variables, typed, and the plug-ins' variables, which each
 * plug-in reads typed through settingsOf.
 */
export type Config = Readonly<z.infer<typeof configSchema>> & Readonly<Record<string, unknown>>;

/** The variables a channel plug-in declares in its folder; the app passes every plug-in's to loadConfig. */
export interface ChannelSettings {
  /** Each variable's schema, with Vietnamese errors, names and defaults as in docs/design.md. */
  readonly shape: z.ZodRawShape;
  /** What to write for each variable, shown after its error ("ví dụ: NAME=…"). */
  readonly examples: Readonly<Record<string, string>>;
  /** Variables never written to the log. */
  readonly secrets: readonly string[];
  /** Problems only seen across variables (a mode that needs shared ones): one Vietnamese line each. */
  check?(config: Config): string[];
}

/** A plug-in's own variables, typed by the shape it declared. */
export function settingsOf<S extends z.ZodRawShape>(config: Config, _shape: S): Readonly<z.infer<z.ZodObject<S>>> {
  return config as unknown as z.infer<z.ZodObject<S>>;
}

/** The full environment schema: the shared variables and every plug-in's. */
export function envSchema(plugins: readonly ChannelSettings[]) {
  return configSchema.extend(Object.assign({}, ...plugins.map((p) => p.shape)) as z.ZodRawShape);
}

/** What to write for each variable, shown after its error ("ví dụ: PORT=8080"). */
const ENV_EXAMPLES: Record<keyof typeof configSchema.shape, string> = {
  DATABASE_PATH: "data/bot.sqlite",
  WARD_PROFILE_PATH: "templates/ward-profile.yaml",
  REPORT_TEMPLATE_PATH: "templates/bao-cao-thang.md",
  REPORT_TEMPLATE_DIR: "mau-bao-cao",
  PUBLIC_BASE_URL: "https://bot.phuong.gov.vn",
  PORT: "8080",
  WEBHOOK_SECRET: "(16 đến 256 ký tự ngẫu nhiên, tạo bằng: openssl rand -hex 16)",
  LINK_SECRET: "(ít nhất 32 ký tự ngẫu nhiên, tạo bằng: openssl rand -hex 32)",
  LINK_TTL_HOURS: "24",
  HTTP_BODY_LIMIT_KB: "1024",
  LOG_LEVEL: "info",
  PERIOD_CUTOFF_DAY: "0 (tháng dương lịch) hoặc 14 (tháng tính từ ngày 15 đến ngày 14)",
  INVITE_TTL_DAYS: "7",
  REMIND_CRON_EARLY: "0 8 * * *",
  REMIND_CRON_CLOSE: "0 15 * * *",
  DIGEST_CRON: "0 8 * * *",
  REMIND_DAYS_BEFORE: "4,1",
  QUIET_HOURS: "21:00-06:30",
  OUTBOX_RATE_PER_SECOND: "25",
  OUTBOX_CHAT_INTERVAL_MS: "1000",
  OUTBOX_GIVE_UP_HOURS: "48",
  SEND_TIMEOUT_MS: "30000",
  DOCUMENT_TIMEOUT_MS: "120000",
  REPORT_WORKERS: "1",
  REPORT_QUEUE: "3",
  AUTO_LOCK_DAYS: "0 (không tự khóa kỳ)",
  PRUNE_AFTER_DAYS: "90",
  SCHEDULER: "true",
};

export class ConfigError extends Error {}

/** A start-up failure the operator can fix (the ward profile, the console identity): printed as one line. */
export class StartupError extends Error {}

/**
 * Every bad variable, each one Vietnamese line naming it and what to write (never its value),
 * and the configuration when there is none. `plugins`: the channel plug-ins' variables.
 */
export function configProblems(env: NodeJS.ProcessEnv, plugins: readonly ChannelSettings[]): { config?: Config; problems: string[] } {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const examples: Record<string, string> = Object.assign({}, ENV_EXAMPLES, ...plugins.map((p) => p.examples));
  const parsed = envSchema(plugins).safeParse(present, { error: (iss) => viMessage(iss, {}, { showInput: false }) });
  if (!parsed.success) {
    // One line per variable: a cron that fails its shape fails its content too.
    const first = parsed.error.issues.filter((issue, i, all) => all.findIndex((o) => o.path[0] === issue.path[0]) === i);
    return { problems: first.map((issue) => {
      const name = String(issue.path[0]);
      const example = examples[name];
      // The schema's own message may already give an example; one is enough.
      const hint = example && !issue.message.includes("ví dụ") ? `; ví dụ: ${name}=${example}` : "";
      return `Cấu hình sai: biến ${name} ${issue.message}${hint}`;
    }) };
  }
  const config = Object.freeze(parsed.data) as Config;
  const problems = plugins.flatMap((p) => p.check?.(config) ?? []);
  return problems.length > 0 ? { problems } : { config, problems: [] };
}

/** Parse the environment; throws ConfigError naming the first bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv, plugins: readonly ChannelSettings[]): Config {
  const r = configProblems(env, plugins);
  if (!r.config) throw new ConfigError(r.problems[0]!);
  return r.config;
}

/** Read .env into process.env when present (variables already set win). */
export function readDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
