// Issue 17, item 6: a slow reply never leads to a save nobody chose. A person who got no reply
// sends their answer again; the copy must not answer the next question (which shifted every later
// answer one question ahead until a "1" meant for "Số tin, bài" picked "✅ Lưu" on the summary).
// Each message carries its own send time (Telegram's `date`, whole seconds); the bot's clock is
// the injected one, set to when the bot handles each message.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";

const START = "2025-02-20T03:00:00Z";
/** START in whole seconds since the epoch, as Telegram stamps messages. */
const T0 = Date.parse(START) / 1000;
const KHOM = 510_001;
const Q = {
  luot: "(2/6) Tổng số lượt người dự nghe?",
  toRoi: "(4/6) Số tờ bướm, tờ rơi đã phát?",
  tinBai: "(5/6) Số tin, bài đã phát trên đài?",
  hoCamKet: "(6/6) Số hộ ký cam kết",
};

let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });

async function start(): Promise<Harness> {
  h = await startHarness({ clock: testClock(START) });
  await h.register(KHOM, "bao_cao", "dong-hung");
  await h.say(KHOM, "/nhap tuyen_truyen");
  return h;
}

/** `text` typed `sent` seconds after START and handled by the bot `handled` seconds after START. */
async function type(text: string, sent: number, handled: number) {
  h!.clock.set(new Date((T0 + handled) * 1000).toISOString());
  const r = await h!.send(KHOM, h!.standin.textMessage(KHOM, text, { date: T0 + sent }));
  return r.map((m) => m.text);
}

function answers(): Record<string, unknown> {
  const row = h!.bot.db.$client.prepare("select state_json from conversations where chat_id = ?").get(String(KHOM)) as { state_json: string };
  return (JSON.parse(row.state_json) as { pending: { form: { answers: Record<string, unknown> } } }).pending.form.answers;
}

const entries = () => (h!.bot.db.$client.prepare("select count(*) as n from entries").get() as { n: number }).n;

describe("an answer sent again because the reply was slow", () => {
  it("does not answer the next question, so a later '1' never lands on the summary as '✅ Lưu'", async () => {
    await start();
    await type("2", 5, 6);
    await type("150", 10, 11);
    expect(await type("2", 15, 16)).toEqual([expect.stringContaining(Q.toRoi)]);
    // Sent at 20 s, handled at 23 s (the bot was slow); the person sends it twice more meanwhile.
    expect(await type("130", 20, 23)).toEqual([expect.stringContaining(Q.tinBai)]);
    const resent = await type("130", 21, 24);
    // Sent in the second the question was asked: only a repeat of the last text is a resend.
    const resentAgain = await type("130", 23, 25);
    // The "1" meant for "Số tin, bài": before, it picked "✅ Lưu" on a summary of 130 tin, bài and 130 hộ.
    const one = await type("1", 30, 30);
    expect(entries()).toBe(0);
    expect(one).toEqual([expect.stringContaining(Q.hoCamKet)]);
    // The resends were dropped without a word: the question they waited for was on its way.
    expect([resent, resentAgain]).toEqual([[], []]);
    const summary = await type("25", 35, 35);
    expect(summary.at(-1)).toContain("• Tờ bướm: 130 tờ\n• Tin, bài: 1 tin, bài\n• Hộ ký cam kết: 25 hộ");
    const saved = await h!.press(KHOM, "save");
    expect(saved.at(-1)!.text).toContain("✅ Đã lưu");
    const values = h!.bot.db.$client.prepare("select metric, value from entry_values order by metric").all();
    expect(values).toEqual([
      { metric: "tuyen_truyen.gio_loa", value: 2 }, { metric: "tuyen_truyen.ho_cam_ket", value: 25 },
      { metric: "tuyen_truyen.luot_nguoi", value: 150 }, { metric: "tuyen_truyen.so_buoi", value: 2 },
      { metric: "tuyen_truyen.tin_bai", value: 1 }, { metric: "tuyen_truyen.to_roi", value: 130 },
    ]);
  });

  it("another text sent before the question was asked is not applied: the question is asked again", async () => {
    await start();
    expect(await type("7", 5, 7)).toEqual([Q.luot]);
    const r = await type("90", 6, 8);
    expect(r).toEqual([expect.stringContaining("Tin \"90\" gửi trước khi bạn nhận được câu hỏi dưới đây nên chưa được dùng"), Q.luot]);
    expect(answers()).toEqual({ so_buoi: 7 });
    await type("90", 12, 12);
    expect(answers()).toEqual({ so_buoi: 7, luot_nguoi: 90 });
  });

  it("retyped as the note asks, in the second the question reached the phone, it is answered (not dropped as a resend)", async () => {
    // Seen in the crash suite (seed 7): the retyped answer shared its second with the question's
    // delivery, was taken for a resend of the copy that had not been used, and got no reply at all.
    await start();
    expect(await type("7", 5, 7)).toEqual([Q.luot]);
    expect(await type("90", 6, 7.3)).toEqual([expect.stringContaining("Tin \"90\" gửi trước"), Q.luot]);
    expect(await type("90", 7, 7.8)).toEqual([expect.stringContaining("(3/6)")]);
    expect(answers()).toEqual({ so_buoi: 7, luot_nguoi: 90 });
  });
});

describe("a question still on its way", () => {
  it("a text that arrives while the question is unsent is not its answer, whatever its send time", async () => {
    await start();
    const before = h!.standin.sentTo(KHOM).length;
    const held = h!.standin.holdNext("sendMessage", (p) => String(p.text).startsWith("(2/6)"));
    h!.clock.set(new Date((T0 + 5) * 1000).toISOString());
    h!.standin.pushUpdates([h!.standin.textMessage(KHOM, "7", { date: T0 + 5 })]);
    await held.arrived;
    // Stamped after the question was asked, handled while it is still in flight to the phone.
    h!.clock.set(new Date((T0 + 9) * 1000).toISOString());
    const [id] = h!.standin.pushUpdates([h!.standin.textMessage(KHOM, "90", { date: T0 + 8 })]);
    const processed = h!.bot.db.$client.prepare("select 1 from processed_events where channel = 'telegram' and event_id = ?");
    await h!.standin.waitFor(() => processed.get(String(id)));
    held.release();
    await h!.standin.waitFor(() => h!.standin.sentTo(KHOM).length >= before + 3);
    // The note and the question again (the held question is recorded when it arrived, so it comes first).
    expect(h!.standin.sentTo(KHOM).slice(before).map((m) => m.text)).toEqual([Q.luot, expect.stringContaining("Tin \"90\" gửi trước"), Q.luot]);
    expect(answers()).toEqual({ so_buoi: 7 });
  });

  it("a text sent before the question was delivered counts from the delivery, not from when it was asked", async () => {
    await start();
    const held = h!.standin.holdNext("sendMessage", (p) => String(p.text).startsWith("(2/6)"));
    h!.clock.set(new Date((T0 + 5) * 1000).toISOString());
    h!.standin.pushUpdates([h!.standin.textMessage(KHOM, "7", { date: T0 + 5 })]);
    await held.arrived;
    // Delivered at 9 s (the sender marks it sent by the clock of that moment).
    h!.clock.set(new Date((T0 + 9) * 1000).toISOString());
    held.release();
    await h!.standin.waitFor(() => h!.standin.sentTo(KHOM).some((m) => m.text === Q.luot) && h!.bot.app.idle());
    await h!.standin.waitFor(() => (h!.bot.db.$client.prepare("select count(*) as n from outbox where status != 'sent'").get() as { n: number }).n === 0);
    expect(await type("90", 7, 10)).toEqual([expect.stringContaining("Tin \"90\" gửi trước"), Q.luot]);
    expect(answers()).toEqual({ so_buoi: 7 });
  });
});

describe("equal answers to two questions", () => {
  it("the same number typed after seeing the next question answers it", async () => {
    await start();
    expect(await type("3", 5, 5)).toEqual([Q.luot]);
    expect(await type("3", 9, 9)).toEqual([expect.stringContaining("(3/6)")]);
    expect(answers()).toEqual({ so_buoi: 3, luot_nguoi: 3 });
  });
});
