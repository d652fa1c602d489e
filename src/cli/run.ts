// The operator commands of `npm run cli`, callable in-process (tests) or from src/cli.ts.
import { parseArgs } from "node:util";
import { loadConfig, type Config } from "../config.js";
import { openStore } from "../app/start.js";
import { closeDb } from "../db/client.js";
import { ROLES, ROLE_LABELS, type Role } from "../conversation/ports.js";
import { createInvite } from "../store/invites.js";
import { activeUnits } from "../store/profile-sync.js";
import { METRICS, UNIT_KIND_LABELS, type UnitKind } from "../domain/catalogue.js";
import { formatDateShort, todayInVietnam } from "../domain/vn.js";

export class UsageError extends Error {}

type Out = (line: string) => void;
type Command = (args: string[], config: Config, out: Out) => Promise<void> | void;

/** The bot's @username from getMe, for the deep link; undefined without a token or network. */
async function botUsername(config: Config): Promise<string | undefined> {
  if (!config.BOT_TOKEN) return undefined;
  try {
    const res = await fetch(`${config.TELEGRAM_API_ROOT.replace(/\/+$/, "")}/bot${config.BOT_TOKEN}/getMe`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { ok: boolean; result?: { username?: string } };
    return body.ok ? body.result?.username : undefined;
  } catch {
    return undefined; // offline: the code alone still works
  }
}

async function invite(args: string[], config: Config, out: Out): Promise<void> {
  const { values } = parseArgs({ args, options: { role: { type: "string" }, unit: { type: "string" }, json: { type: "boolean" } } });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new UsageError(`--role phải là một trong: ${ROLES.join(", ")}`);
  const { db, profile } = openStore(config, new Date());
  try {
    const unitCode = values.unit ?? profile.ward.code;
    const unit = activeUnits(db).find((u) => u.code === unitCode);
    if (!unit) throw new UsageError(`Không có đơn vị "${unitCode}". Xem danh sách: npm run cli -- units`);
    const { code, expiresAt } = createInvite(db, { role, unitCode, createdBy: null, now: new Date(), ttlDays: config.INVITE_TTL_DAYS });
    const username = config.BOT_USERNAME ?? (await botUsername(config));
    const link = username ? `https://t.me/${username}?start=${code}` : null;
    if (values.json) {
      out(JSON.stringify({ code, role, unit: unitCode, expiresAt: expiresAt.toISOString(), link }));
      return;
    }
    out(`Mã mời: ${code}`);
    out(`Vai trò: ${ROLE_LABELS[role]}, đơn vị: ${unit.name}`);
    out(`Hết hạn: ${formatDateShort(todayInVietnam(expiresAt))} (dùng một lần)`);
    out(link ? `Liên kết Telegram: ${link}` : `Người được mời gõ trong bot: /start ${code}  (đặt BOT_TOKEN hoặc BOT_USERNAME để in liên kết t.me)`);
  } finally {
    closeDb(db);
  }
}

function units(_args: string[], config: Config, out: Out): void {
  const { db } = openStore(config, new Date());
  try {
    for (const u of activeUnits(db)) out(`${u.code.padEnd(26)} ${UNIT_KIND_LABELS[u.kind as UnitKind].padEnd(20)} ${u.name}`);
  } finally {
    closeDb(db);
  }
}

function metrics(args: string[], _config: Config, out: Out): void {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } } });
  if (values.json) { out(JSON.stringify(METRICS, null, 2)); return; }
  for (const m of METRICS) out(`${m.key.padEnd(34)} ${m.aggregation.padEnd(5)} ${m.unit.padEnd(12)} ${m.label}`);
}

export const CLI_COMMANDS: Record<string, Command> = { invite, units, metrics };

export async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: Out): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? CLI_COMMANDS[name] : undefined;
  if (!command) {
    out(`Cách dùng: npm run cli -- <lệnh>. Các lệnh: ${Object.keys(CLI_COMMANDS).join(", ")}`);
    return name ? 2 : 0;
  }
  await command(args, loadConfig(env), out);
  return 0;
}
