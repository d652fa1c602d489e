// Simulated people of the crash suite. Each files several "Tuyên truyền" entries the way a person
// would: reads what came last, answers it (typing, or pressing a button on Telegram), checks the
// summary before saving, and sends the last message again when nothing comes for a while.
import type { Rng } from "./prng.js";

/** The channel a person writes on (its name in the bot's tables): Zalo's Bot Platform, or the ward's Zalo OA. */
export type Platform = "telegram" | "zalo" | "zalo-oa";

/** What a person's phone shows of one message from the bot. */
export interface Received {
  text: string;
  /** Telegram's inline buttons (Zalo writes choices into the text). */
  buttons: Array<{ text: string; data: string }>;
  messageId?: number;
  at: number;
}

export type Action = { kind: "text"; text: string } | { kind: "press"; data: string; messageId: number };

/** The six figures of one entry, chosen so that (person, entry) can be told apart in the database. */
export interface Plan {
  so_buoi: number; luot_nguoi: number; gio_loa: number; to_roi: number; tin_bai: number; ho_cam_ket: number;
}

export const METRIC_OF: Record<keyof Plan, string> = {
  so_buoi: "tuyen_truyen.so_buoi", luot_nguoi: "tuyen_truyen.luot_nguoi", gio_loa: "tuyen_truyen.gio_loa",
  to_roi: "tuyen_truyen.to_roi", tin_bai: "tuyen_truyen.tin_bai", ho_cam_ket: "tuyen_truyen.ho_cam_ket",
};
const FIELDS: Array<keyof Plan> = ["so_buoi", "luot_nguoi", "gio_loa", "to_roi", "tin_bai", "ho_cam_ket"];
/** The start of each question as the person reads it (the form's order). */
const QUESTIONS = ["Số buổi tuyên truyền", "Tổng số lượt người dự nghe", "Số giờ phát trên loa", "Số tờ bướm", "Số tin, bài", "Số hộ ký cam kết"];

/**
 * luot_nguoi carries the identity (10000 + 10·person + entry); the rest stay within ten times of
 * each other in a unit so the bot's "far above the largest month" question is not asked.
 */
export function planFor(person: number, entry: number): Plan {
  return {
    so_buoi: 1 + ((person + entry) % 5),
    luot_nguoi: 10_000 + person * 10 + entry,
    gio_loa: (((person + entry) % 4) + 1) / 2,
    to_roi: 100 + (person % 50),
    tin_bai: entry % 3,
    ho_cam_ket: 20 + (person % 7),
  };
}

/** Vietnamese writing of a number as a person reads it on the summary: 10.123 and 1,5. */
export function vn(n: number): string {
  const [int, frac] = String(n).split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return frac ? `${grouped},${frac}` : grouped;
}

const SUMMARY_LINES = (p: Plan) => [
  `• Buổi tuyên truyền: ${p.so_buoi} buổi`, `• Lượt người dự nghe: ${vn(p.luot_nguoi)} lượt người`,
  `• Giờ loa truyền thanh: ${vn(p.gio_loa)} giờ`, `• Tờ bướm: ${p.to_roi} tờ`, `• Tin, bài: ${p.tin_bai} tin, bài`,
  `• Hộ ký cam kết: ${p.ho_cam_ket} hộ`,
];

const SAVED = /✅ Đã lưu: Tuyên truyền, phổ biến, .*\(số (\d+)\)/;

export interface PersonLog {
  /** entry index -> the entry number the bot confirmed. */
  confirmed: Map<number, number>;
  /** A second, different entry number confirmed for an entry already confirmed: saved twice. */
  savedTwice: Array<{ entry: number; ids: number[] }>;
  /** A confirmation for a save the person never asked for since their last review (an answer read as a choice). */
  unasked: number[];
  resends: number;
  cancels: number;
}

export class Person {
  entry = 0;
  done = false;
  /** When the person read the last entry's confirmation (performance.now()). */
  doneAt = 0;
  readonly log: PersonLog = { confirmed: new Map(), savedTwice: [], unasked: [], resends: 0, cancels: 0 };
  /** Both directions, for a failure's report: "> typed", "] pressed", "< received". */
  readonly transcript: Array<{ at: number; line: string }> = [];
  private inbox: Received[] = [];
  private last?: Action;
  private lastActionAt = 0;
  private lastHeardAt = 0;
  private saveAskedFor = -1;
  private nextMoveAt = 0;
  /** Alternates the way out of a state the person does not recognise: /nhap, then /huy. */
  private lostTries = 0;
  private lastConfirmation?: Received;

  constructor(
    readonly index: number,
    readonly platform: Platform,
    readonly chatId: string,
    readonly unitCode: string,
    readonly plans: Plan[],
    private readonly rnd: Rng,
    private readonly act: (p: Person, a: Action) => void,
    private readonly timing: { quietMs: number; resendMs: number; thinkMs: [number, number] },
  ) {}

  get plan(): Plan { return this.plans[this.entry]!; }

  begin(now: number): void { this.startEntry(now); }

  receive(m: Received): void {
    this.transcript.push({ at: m.at, line: `< ${m.text.replace(/\n/g, " ⏎ ").slice(0, 160)}` });
    this.inbox.push(m);
    this.lastHeardAt = m.at;
    const saved = SAVED.exec(m.text);
    if (saved) this.lastConfirmation = m;
  }

  /** Called often: reacts once the bot has been quiet a moment, or sends the last message again. */
  tick(now: number): void {
    if (this.done) { this.inbox = []; return; }
    if (this.inbox.length > 0) {
      if (now - this.lastHeardAt < this.timing.quietMs) return;
      if (this.nextMoveAt === 0) { this.nextMoveAt = now + this.rnd.int(...this.timing.thinkMs); return; }
      if (now < this.nextMoveAt) return;
      this.nextMoveAt = 0;
      const batch = this.inbox;
      this.inbox = [];
      this.react(batch, now);
      return;
    }
    const since = Math.max(this.lastActionAt, this.lastHeardAt);
    // Telegram never drops what a person sent (the app shows it delivered), so people there wait
    // longer before sending it again; on Zalo (both kinds) a person sees no sign it arrived.
    const patience = this.platform === "telegram" ? 3 * this.timing.resendMs : this.timing.resendMs;
    if (this.last && now - since >= patience) {
      this.log.resends++;
      this.send(this.last, now);
    }
  }

  private send(a: Action, now: number): void {
    this.last = a;
    this.lastActionAt = now;
    this.transcript.push({ at: now, line: a.kind === "text" ? `> ${a.text}` : `] ${a.data} (on ${a.messageId})` });
    this.act(this, a);
  }

  private say(text: string, now: number): void { this.send({ kind: "text", text }, now); }

  private startEntry(now: number): void {
    const r = this.rnd.next();
    if (this.platform === "telegram") {
      const next = this.lastConfirmation?.buttons.find((b) => b.data === "cmd:nhap");
      if (r < 0.4 && next && this.lastConfirmation?.messageId !== undefined) this.send({ kind: "press", data: next.data, messageId: this.lastConfirmation.messageId }, now);
      else this.say(r < 0.8 ? "/nhap tuyen_truyen" : "/nhap", now);
    } else {
      if (r < 0.2 && this.lastConfirmation) this.say(this.rnd.pick(["1", "nhap tiep", "Nhập tiếp"]), now);
      else this.say(r < 0.7 ? "/nhap tuyen_truyen" : "/nhap", now);
    }
  }

  private react(batch: Received[], now: number): void {
    let advanced = false;
    for (const m of batch) {
      const saved = SAVED.exec(m.text);
      if (!saved) continue;
      const id = Number(saved[1]);
      const known = [...this.log.confirmed.values()].includes(id);
      if (known) continue; // the same confirmation again (a kill cut its first send)
      const entry = this.saveAskedFor;
      if (entry < 0) { this.log.unasked.push(id); continue; }
      this.saveAskedFor = -1;
      const had = this.log.confirmed.get(entry);
      if (had !== undefined) { this.log.savedTwice.push({ entry, ids: [had, id] }); continue; }
      this.log.confirmed.set(entry, id);
      if (entry === this.entry) advanced = true;
    }
    if (advanced) {
      this.entry++;
      this.lostTries = 0;
      if (this.entry >= this.plans.length) { this.done = true; this.doneAt = now; this.last = undefined; return; }
      this.startEntry(now);
      return;
    }
    const m = batch[batch.length - 1]!;
    if (SAVED.test(m.text)) return; // a repeated confirmation alone: nothing to answer
    if (m.text.includes("Trả lời từng câu")) return; // the form's heading: its first question follows
    const q = /^\((\d)\/6\) (.*)/s.exec(m.text);
    if (q && m.text.includes(QUESTIONS[Number(q[1]) - 1]!)) return this.answer(Number(q[1]) - 1, now);
    if (m.text.includes("Kiểm tra lại rồi bấm Lưu")) return this.review(m, now);
    if (m.text.includes("Số này có đúng không") || m.text.includes("Đúng ngày này không")) {
      return this.platform === "telegram" && m.messageId !== undefined
        ? this.send({ kind: "press", data: "c:yes", messageId: m.messageId }, now) : this.say("đúng", now);
    }
    const form = this.formChoice(m);
    if (form) return this.send(form, now);
    if (m.text.includes("Đã hủy")) { this.lostTries = 0; return this.say("/nhap tuyen_truyen", now); }
    // Anything else (a menu, "Chưa hiểu ý bạn", an old button): start the entry over.
    this.lostTries++;
    this.say(this.lostTries % 2 === 1 ? "/nhap tuyen_truyen" : "/huy", now);
  }

  private answer(field: number, now: number): void {
    const value = this.plan[FIELDS[field]!];
    const typed = value >= 1000 && this.rnd.chance(0.5) ? vn(value) : Number.isInteger(value) ? String(value) : vn(value);
    this.say(typed, now);
  }

  /** Saves only what the person meant to file; a summary with other figures is cancelled. */
  private review(m: Received, now: number): void {
    const ok = m.text.includes("Ngày hoạt động: 20/02/2025") && SUMMARY_LINES(this.plan).every((l) => m.text.includes(l));
    if (!ok) { this.log.cancels++; return this.say("/huy", now); }
    this.saveAskedFor = this.entry;
    if (this.platform === "telegram") {
      const save = m.buttons.find((b) => b.data === "save");
      if (save && m.messageId !== undefined && this.rnd.chance(0.8)) return this.send({ kind: "press", data: save.data, messageId: m.messageId }, now);
      return this.say(this.rnd.pick(["luu", "Lưu"]), now);
    }
    this.say(this.rnd.pick(["luu", "Lưu", "1"]), now);
  }

  /** The list of forms: the "Tuyên truyền" button, or its number or name typed on Zalo. */
  private formChoice(m: Received): Action | undefined {
    if (this.platform === "telegram") {
      const b = m.buttons.find((x) => x.text.includes("Tuyên truyền, phổ biến"));
      return b && m.messageId !== undefined && !m.text.includes("Kiểm tra lại") ? { kind: "press", data: b.data, messageId: m.messageId } : undefined;
    }
    const line = /^(\d+)\. [^\n]*Tuyên truyền, phổ biến/m.exec(m.text);
    if (!line) return undefined;
    return { kind: "text", text: this.rnd.pick([line[1]!, "Tuyên truyền, phổ biến", "tuyen truyen pho bien", "tuyen truyen"]) };
  }
}
