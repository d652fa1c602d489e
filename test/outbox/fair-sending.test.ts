// Issue 17 points 2 and 4: a document that cannot go becomes one line, a document in retries
// (or uploading) holds no later reply, chats are served in turn, replies go before reminders,
// and a 429 pauses only its own channel. Real channels over HTTP to the stand-ins, real SQLite.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { ZaloChannel } from "../../src/channels/zalo/zalo-channel.js";
import type { Channel } from "../../src/channels/channel.js";
import { text, type Outbound } from "../../src/conversation/types.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { enqueue, OutboxSender, type OutboxKind, type OutboxOptions } from "../../src/outbox/sender.js";
import { startBotApiStandin, type BotApiStandin } from "../helpers/bot-api-standin.js";
import { startZaloStandin } from "../helpers/zalo-standin.js";
import { silentLog } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup { db: Db; standin: BotApiStandin; telegram: TelegramChannel; sender(o?: Partial<OutboxOptions>, extra?: Channel): OutboxSender }

async function setup(): Promise<Setup> {
  const dir = tempDir("outbox-fair-");
  const db = openDb(join(dir, "bot.sqlite"));
  const standin = await startBotApiStandin();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => closeDb(db), () => standin.close());
  const telegram = new TelegramChannel({ token: standin.token, apiRoot: standin.apiRoot, log: silentLog });
  return {
    db, standin, telegram,
    sender(o = {}, extra) {
      const out = new OutboxSender({ db, log: silentLog, channelFor: (n) => (n === "telegram" ? telegram : n === extra?.name ? extra : undefined), ...o });
      cleanups.push(() => out.stop());
      return out;
    },
  };
}

let key = 0;
const put = (db: Db, chatId: number | string, message: Outbound, kind: OutboxKind, userId: number | null = null, channel = "telegram") =>
  enqueue(db, { channel, chatId: String(chatId), message, kind, userId, dedupeKey: `k${++key}` }, new Date());
const csv = (name: string): Outbound => ({ type: "document", fileName: name, bytes: Buffer.from("ma,so\nA,1\n"), caption: "📤 Số liệu kỳ 02/2025" });
const delivered = (s: Setup, chat: number) => s.standin.calls.filter((c) => c.method === "sendMessage" && c.result !== undefined && String(c.params.chat_id) === String(chat));

function addUser(db: Db): number {
  db.$client.prepare("insert or ignore into units (code, name, short_name, kind) values ('dong-hung', 'Đồn Biên phòng Đồng Hưng', 'Đồng Hưng', 'don_bp')").run();
  return Number(db.$client.prepare("insert into users (name, role, unit_code) values ('Chị Lan', 'bao_cao', 'dong-hung')").run().lastInsertRowid);
}

describe("a document that finally cannot go", () => {
  it("413 is final: the person gets one line naming the file, what to type, and a download link", async () => {
    const s = await setup();
    s.standin.failNext("sendDocument", { code: 413 });
    put(s.db, 701, csv("so-lieu-2025-02.csv"), "document");
    await s.sender({ linkFor: () => "https://bot.phuong.vn/tep/abc" }).drain({ timeoutMs: 5000 });
    expect(s.standin.calls.filter((c) => c.method === "sendDocument")).toHaveLength(1);
    expect(delivered(s, 701).map((c) => c.params.text)).toEqual([
      "⚠️ Không gửi được tệp so-lieu-2025-02.csv (tệp quá lớn). Gõ /xuat để xuất lại, hoặc tải tại: https://bot.phuong.vn/tep/abc.",
    ]);
    expect(s.db.$client.prepare("select kind, status from outbox order by id").all()).toEqual([
      { kind: "document", status: "failed" }, { kind: "reply", status: "sent" }]);
  });

  it("400 is final too: one line, without a link when the bot has no public address", async () => {
    const s = await setup();
    s.standin.failNext("sendDocument", { code: 400, description: "Bad Request: file must be non-empty" });
    put(s.db, 702, csv("so-lieu-2025-02.csv"), "document");
    await s.sender().drain({ timeoutMs: 5000 });
    expect(s.standin.calls.filter((c) => c.method === "sendDocument")).toHaveLength(1);
    expect(delivered(s, 702).map((c) => c.params.text)).toEqual(["⚠️ Không gửi được tệp so-lieu-2025-02.csv (bị từ chối). Gõ /xuat để xuất lại."]);
  });
});

describe("a document never holds a later reply", () => {
  it("a /tiendo answer queued behind a document in backoff goes out at once", async () => {
    const s = await setup();
    s.standin.onCall = (method) => (method === "sendDocument" ? { code: 500 } : undefined);
    put(s.db, 703, csv("bao-cao.csv"), "document");
    const out = s.sender({ backoffMs: () => 10 * 60_000 });
    out.start();
    await s.standin.waitFor(() => s.standin.calls.some((c) => c.method === "sendDocument" && c.failed === 500), 5000, 2);
    put(s.db, 703, text("📊 Tiến độ kỳ 02/2025: 3/5 đơn vị đã báo cáo."), "reply");
    out.wake();
    // Bound of the issue: "a few seconds"; here 3 s (it takes milliseconds).
    await s.standin.waitFor(() => delivered(s, 703).length === 1, 3000, 2);
  });

  it("a reply goes out while a document to the same chat is still uploading", async () => {
    const s = await setup();
    const held = s.standin.holdNext("sendDocument");
    put(s.db, 704, csv("bao-cao.csv"), "document");
    const out = s.sender();
    cleanups.push(() => held.release()); // before the sender stops (it waits for the upload)
    out.start();
    await held.arrived;
    put(s.db, 704, text("📋 Bản ghi của đơn vị"), "reply");
    out.wake();
    await s.standin.waitFor(() => delivered(s, 704).length === 1, 3000, 2);
  });
});

describe("fair sending", () => {
  it("a reply queued after a burst of 300 reminders goes out within 2 s, before them", async () => {
    const s = await setup();
    for (let chat = 1; chat <= 300; chat++) put(s.db, chat, text(`⏰ Nhắc báo cáo tháng 02/2025 (đơn vị ${chat})`), "reminder");
    const out = s.sender();
    out.start();
    await s.standin.waitFor(() => delivered(s, 1).length === 1, 5000, 2);
    put(s.db, 900, text("✅ Đã lưu (số 18)."), "reply", addUser(s.db));
    const queued = Date.now();
    out.wake();
    await s.standin.waitFor(() => delivered(s, 900).length === 1, 2000, 2);
    const remindersSent = s.standin.calls.filter((c) => c.method === "sendMessage" && c.result !== undefined && Number(c.params.chat_id) <= 300).length;
    expect(remindersSent).toBeLessThan(300); // it did not wait for the burst (300 at 25/s is 12 s)
    expect(delivered(s, 900)[0]!.at - queued).toBeLessThan(2000);
  }, 30_000);

  it("chats in turn: a backlog of 200 replies to one chat does not hold another chat's reply", async () => {
    const s = await setup();
    const user = addUser(s.db);
    for (let i = 1; i <= 200; i++) put(s.db, 801, text(`Dòng ${i}`), "reply", user);
    put(s.db, 802, text("✅ Đã lưu (số 19)."), "reply", user);
    const out = s.sender({ concurrency: 1 }); // one send at a time: only the turn order can let chat 802 in
    out.start();
    await s.standin.waitFor(() => delivered(s, 802).length === 1, 2000, 2);
    expect(delivered(s, 801).length).toBeLessThan(200);
    // the backlog itself stays in order
    const backlog = delivered(s, 801).map((c) => c.params.text);
    expect(backlog).toEqual(backlog.map((_, i) => `Dòng ${i + 1}`));
  }, 30_000);

  it("a 429 on Telegram pauses Telegram only: a Zalo reply goes out meanwhile", async () => {
    const s = await setup();
    const zs = await startZaloStandin();
    cleanups.push(() => zs.close());
    const zalo = new ZaloChannel({ token: zs.token, apiRoot: zs.apiRoot, log: silentLog, mode: "polling" });
    s.standin.failNext("sendMessage", { code: 429, retryAfter: 30 });
    put(s.db, 705, text("Tin Telegram"), "reply");
    const out = s.sender({}, zalo);
    out.start();
    await s.standin.waitFor(() => s.standin.calls.some((c) => c.failed === 429), 5000, 2);
    put(s.db, "z1", text("Tin Zalo"), "reply", null, "zalo");
    out.wake();
    await s.standin.waitFor(() => zs.sentTo("z1").length === 1, 3000, 2);
    expect(delivered(s, 705)).toHaveLength(0); // Telegram still waits out its retry_after
  });
});
