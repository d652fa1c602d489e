// A command typed mid-flow (issue 16, item 5.3): it answers, the pending question is asked again,
// and answering it (typed, as on Zalo) works: nothing is lost, no "⚠️ Không có lựa chọn này".
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import type { SentMessage } from "../helpers/bot-api-standin.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const KHOM = 1001;
const CHAIRMAN = 3001;
const OFFICE = 4001;
const last = (r: SentMessage[]) => r.at(-1)!;
const ASIDES = ["/tiendo", "/cuatoi", "/trogiup", "/menu"];

/** A Khóm Đông Hưng entry filed through the chat; its number. */
async function file(): Promise<number> {
  await h.say(KHOM, "/nhap tuyen_truyen");
  for (const a of ["12", "1.200", "0", "0", "0", "0"]) await h.say(KHOM, a);
  return Number(/số (\d+)\)/.exec(last(await h.say(KHOM, "luu")).text)?.[1]);
}

interface Case {
  who: number;
  /** Brings the chat to the question; returns it. */
  open(): Promise<SentMessage>;
  /** The typed answer to the question, and what the reply then says. */
  answer: string;
  then: string | RegExp;
}

const CASES: Record<string, Case> = {
  "form": { who: KHOM, open: async () => last(await h.say(KHOM, "/nhap tuyen_truyen")), answer: "12", then: "(2/6)" },
  "correction, pick": { who: KHOM, open: async () => last(await h.press(KHOM, `fix:${await file()}`)), answer: "2", then: "buổi" },
  "correction, reason": {
    who: KHOM,
    open: async () => last(await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${await file()}`)), "Xóa bản ghi"))),
    answer: "nhập trùng", then: "Xác nhận xóa bản ghi số",
  },
  "correction, confirm": {
    who: KHOM,
    async open() {
      const pick = last(await h.press(KHOM, `fix:${await file()}`));
      await h.press(KHOM, buttonData(pick, "Buổi tuyên truyền"));
      await h.say(KHOM, "13");
      return last(await h.say(KHOM, "nhập nhầm số"));
    },
    answer: "1", then: "✅ Đã sửa bản ghi số",
  },
  "withdrawal, confirm": {
    who: KHOM,
    async open() {
      await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${await file()}`)), "Xóa bản ghi"));
      return last(await h.say(KHOM, "nhập trùng"));
    },
    answer: "1", then: "✅ Đã xóa bản ghi số",
  },
  "report, blank period confirm": { who: CHAIRMAN, open: async () => last(await h.say(CHAIRMAN, "/baocao tháng 1/2025")), answer: "2", then: "Đã hủy" },
  "report, period": { who: CHAIRMAN, open: async () => last(await h.say(CHAIRMAN, "/baocao ?")), answer: "tháng 12/2024", then: "Số văn bản?" },
  "report, number": { who: CHAIRMAN, open: async () => last(await h.press(CHAIRMAN, "cmd:baocao:2024-12")), answer: "35", then: "Ngày ban hành?" },
  "report, date": {
    who: CHAIRMAN,
    async open() {
      // The leader's words for the period make the last step a preview, so nothing is issued here.
      await h.say(CHAIRMAN, "/nhandinh tháng 12/2024: Tình hình ổn định.");
      await h.press(CHAIRMAN, "cmd:baocao:2024-12");
      return last(await h.say(CHAIRMAN, "35"));
    },
    // "1" is "Hôm nay": the date is taken and the preview follows.
    answer: "1", then: "Tình hình ổn định.",
  },
  "review, unit": { who: CHAIRMAN, open: async () => last(await h.say(CHAIRMAN, "/xem")), answer: "dong hung", then: "Khóm Đông Hưng chưa có bản ghi nào trong kỳ tháng 02/2025" },
  "review, reason": {
    who: CHAIRMAN,
    async open() { const id = await file(); return last(await h.press(CHAIRMAN, `cmd:xem:tra:${id}`)); },
    answer: "số người chưa đúng", then: "✅ Đã trả lại bản ghi",
  },
  "invitation, role": { who: OFFICE, open: async () => last(await h.say(OFFICE, "/moi")), answer: "3", then: "Vai trò: Người báo cáo. Chọn đơn vị:" },
  "invitation, unit": {
    who: OFFICE,
    async open() { await h.say(OFFICE, "/moi"); return last(await h.say(OFFICE, "3")); },
    answer: "1", then: "Mã mời cho Người báo cáo",
  },
};

async function setUp(): Promise<void> {
  await h.register(KHOM, "bao_cao", "dong-hung");
  await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
  await h.register(OFFICE, "admin", "nhon-hung");
  // December 2024 has a figure, so its report asks the number and the date; January 2025 has none.
  addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2024-12-10", values: { "tuyen_truyen.so_buoi": 2 } });
}

describe("a command typed mid-flow", () => {
  for (const [kind, k] of Object.entries(CASES)) {
    it(`${kind}: ${ASIDES.join(", ")} answer, the question comes again, and the typed answer works`, async () => {
      await setUp();
      for (const aside of ASIDES) {
        await h.say(k.who, "/huy");
        const question = await k.open();
        const r = await h.say(k.who, aside);
        expect(r.length, `${kind} ${aside}`).toBeGreaterThan(1);
        expect(last(r).text, `${kind} ${aside}`).toBe(question.text);
        expect(last(r).replyMarkup, `${kind} ${aside}`).toEqual(question.replyMarkup);
        const answered = await h.say(k.who, k.answer);
        expect(answered.map((m) => m.text).join("\n"), `${kind} ${aside}`).toMatch(k.then);
      }
    });
  }
});
