// Production runs the compiled code (`npm run build` → dist/, `npm start` → node dist/main.js),
// without tsx: the built bot, started as `npm start` starts it, answers /start through the Bot
// API stand-in, finds its migrations and templates from dist/, and its report worker loads the
// compiled worker module.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotApiStandin, type BotApiStandin } from "../helpers/bot-api-standin.js";
import { tempDir } from "../helpers/temp.js";

const ROOT = resolve(import.meta.dirname, "../..");
const NOT_REGISTERED = "Bạn chưa được đăng ký dùng bot báo cáo của phường. Xin liên hệ Văn phòng UBND phường để nhận mã mời, rồi gõ: /start <mã mời>\nĐã dùng bot trên ứng dụng khác? Gõ /lienket ở đó để lấy mã liên kết.";

let standin: BotApiStandin;
let child: ChildProcess | undefined;
let stderr = "";
let dbPath = "";

beforeAll(async () => {
  // What `npm start` runs first (the global setup usually built it already).
  execFileSync(process.execPath, [join(ROOT, "scripts/build-if-stale.mjs")], { cwd: ROOT, stdio: "inherit" });
  standin = await startBotApiStandin();
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await standin?.close();
});

describe("the built bot", () => {
  it("has no TypeScript left to load: the worker is compiled next to its builder", () => {
    expect(existsSync(join(ROOT, "dist/main.js"))).toBe(true);
    expect(existsSync(join(ROOT, "dist/app/report-worker.js"))).toBe(true);
    expect(existsSync(join(ROOT, "dist/app/report-worker-boot.mjs"))).toBe(false);
  });

  it("runs with node alone and answers /start", async () => {
    const dir = tempDir("bienbot-built-");
    dbPath = join(dir, "bot.sqlite");
    child = spawn(process.execPath, ["dist/main.js"], {
      cwd: ROOT,
      // No tsx anywhere: plain node, the environment a deployment gives.
      env: { PATH: process.env.PATH, BOT_TOKEN: standin.token, TELEGRAM_API_ROOT: standin.apiRoot, DATABASE_PATH: dbPath,
        PORT: "0", LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
    await standin.waitFor(() => standin.calls.some((c) => c.method === "getUpdates") || child!.exitCode !== null, 60_000);
    expect(child.exitCode, stderr).toBeNull();
    standin.pushUpdates([standin.textMessage(5151, "/start")]);
    const [reply] = await standin.waitForMessages(5151, 1, 30_000);
    expect(reply!.text).toBe(NOT_REGISTERED);
  }, 120_000);

  it("builds in a worker thread that loads the compiled worker, with node alone", () => {
    // The bot's database (migrated by the built bot above): an export of a month with no entries.
    // As start-up does: the ward's catalogue installed first (the worker gets it as data).
    const script = `import { WorkerReportBuilder } from "./dist/app/report-builder.js";
      import { installCatalogue, DEFAULT_CATALOGUE } from "./dist/app/ward-catalogue.js";
      installCatalogue(DEFAULT_CATALOGUE);
      const b = new WorkerReportBuilder({ databasePath: process.argv[2], size: 1, log: { error: console.error } });
      const csv = await b.exportCsv({ start: "2025-02-01", end: "2025-02-28", key: "2025-02" });
      await b.stop();
      process.stdout.write(String(csv.split("\\n").length > 0 && csv.startsWith("\\uFEFF")));`;
    const file = join(tempDir("bienbot-built-worker-"), "export.mjs");
    writeFileSync(file, script.replaceAll("./dist/", `${pathToFileURL(ROOT).href}/dist/`));
    const out = execFileSync(process.execPath, [file, dbPath], { cwd: ROOT, env: { PATH: process.env.PATH }, encoding: "utf8" });
    expect(out).toBe("true");
  }, 60_000);
});
