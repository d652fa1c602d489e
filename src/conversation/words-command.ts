// The leader's own words in one report, kept per period (its key names the kind too):
//   /nhandinh <kỳ>: <câu>   the leader's sentence on the situation
//   /nhiemvu <kỳ>: <…>      the tasks of the next period, one per line (or separated by ";")
//   /dot <kỳ> <tên>: <…>    a fact of the round (ROUND_FACTS: elections abroad, cluster lead, …)
// "<kỳ>" alone shows what is kept, "<kỳ> xóa" clears it. The report of that period prints them.
import { parsePeriod, PERIOD_EXAMPLES, type Period } from "../domain/periods.js";
import { fold, formatDateShort } from "../domain/vn.js";
import { quoted } from "../domain/vn-text.js";
import { keepForm, reply, withWrites, type StepResult, type UserContext } from "./command-types.js";
import type { LeaderWords } from "./ports.js";
import { typedPeriod } from "./report-target.js";
import { cleanLine, cleanLines, factName, factWordCounts, refuseTasks, refuseText, splitTasks } from "./report-words.js";
import { text } from "./types.js";

/** What follows the command: the period (and a fact name), and either ": <body>", " xóa" or nothing. */
interface Typed { head: string; body: string | null; clear: boolean }

function split(args: string): Typed {
  const colon = args.indexOf(":");
  if (colon >= 0) return { head: cleanLine(args.slice(0, colon)), body: args.slice(colon + 1), clear: false };
  const head = cleanLine(args);
  const words = head.split(" ");
  const clear = words.length > 1 && fold(words.at(-1)!) === "xoa";
  return { head: clear ? words.slice(0, -1).join(" ") : head, body: null, clear };
}

type Read = { ok: true; period: Period } | { ok: false; message: string };

/** The period a leader names: one already begun (a report of a period not begun cannot be issued). */
function readPeriod(c: UserContext, typed: string, example: string): Read {
  if (!typed) return { ok: false, message: `Gõ kỳ báo cáo, ví dụ: ${example}` };
  // A pasted page is not a period: not quoted back.
  if (typed.length > 60) return { ok: false, message: `Chưa hiểu kỳ báo cáo. ${PERIOD_EXAMPLES}\n${example}` };
  const r = parsePeriod(typed, c.services.cutoffDay, c.today);
  if (!r.ok) return { ok: false, message: `${r.message}\n${example}` };
  if (r.period.start > c.today) return { ok: false, message: `Kỳ ${r.period.label} chưa bắt đầu (hôm nay ${formatDateShort(c.today)}).` };
  return { ok: true, period: r.period };
}

const quote = (s: string) => `“${s}”`;
const of = (p: Period) => `báo cáo ${p.label}`;

function save(c: UserContext, p: Period, words: LeaderWords, said: string): StepResult {
  return withWrites(reply(keepForm(c.state), text(`✅ ${said}\nIn khi lập ${of(p)}: /baocao ${typedPeriod(p, c.services.cutoffDay, c.today)}`)),
    { type: "set_report_words", periodKey: p.key, words, by: c.user.id });
}

const NHANDINH_USAGE = [
  "Nhận định của lãnh đạo về tình hình, in trong báo cáo của kỳ:",
  "Ghi: /nhandinh tháng 1/2025: Tình hình an ninh trật tự khu vực biên giới cơ bản ổn định …",
  "Xem: /nhandinh tháng 1/2025 · Xóa: /nhandinh tháng 1/2025 xóa",
].join("\n");

export function nhandinhCommand(c: UserContext): StepResult {
  const say = (s: string) => reply(keepForm(c.state), text(s));
  if (!c.args.trim()) return say(NHANDINH_USAGE);
  const t = split(c.args);
  const r = readPeriod(c, t.head, "/nhandinh tháng 1/2025: …");
  if (!r.ok) return say(`⚠️ ${r.message}\n\n${NHANDINH_USAGE}`);
  const p = r.period;
  const words = c.services.reportWords(p.key);
  const typed = typedPeriod(p, c.services.cutoffDay, c.today);
  if (t.clear) return save(c, p, { ...words, situation: null }, `Đã xóa nhận định của ${of(p)}.`);
  if (t.body === null) {
    return say(words.situation
      ? `Nhận định của lãnh đạo trong ${of(p)}:\n${quote(words.situation)}\nSửa: /nhandinh ${typed}: … · Xóa: /nhandinh ${typed} xóa`
      : `Chưa có nhận định riêng cho ${of(p)}.\nGhi: /nhandinh ${typed}: …`);
  }
  const sentence = cleanLine(t.body);
  const refused = refuseText("nhận định", sentence);
  if (refused) return say(`⚠️ ${refused} Gõ câu nhận định sau dấu hai chấm, ví dụ: /nhandinh ${typed}: Tình hình …`);
  return save(c, p, { ...words, situation: sentence }, `Đã ghi nhận định của ${of(p)}:\n${quote(sentence)}`);
}

const NHIEMVU_USAGE = [
  "Phương hướng, nhiệm vụ kỳ tới, in trong báo cáo của kỳ:",
  "Ghi: /nhiemvu tháng 1/2025: rồi mỗi nhiệm vụ một dòng (hoặc trên một dòng, cách nhau bằng dấu ;)",
  "Ví dụ: /nhiemvu tháng 1/2025: Tuần tra biên giới dịp Tết; Tuyên truyền Luật Biên phòng",
  "Xem: /nhiemvu tháng 1/2025 · Xóa: /nhiemvu tháng 1/2025 xóa",
].join("\n");

const numbered = (tasks: readonly string[]) => tasks.map((t, i) => `${i + 1}. ${t}`).join("\n");

export function nhiemvuCommand(c: UserContext): StepResult {
  const say = (s: string) => reply(keepForm(c.state), text(s));
  if (!c.args.trim()) return say(NHIEMVU_USAGE);
  const t = split(c.args);
  const r = readPeriod(c, t.head, "/nhiemvu tháng 1/2025: …");
  if (!r.ok) return say(`⚠️ ${r.message}\n\n${NHIEMVU_USAGE}`);
  const p = r.period;
  const words = c.services.reportWords(p.key);
  const typed = typedPeriod(p, c.services.cutoffDay, c.today);
  if (t.clear) return save(c, p, { ...words, tasks: [] }, `Đã xóa nhiệm vụ kỳ tới trong ${of(p)}.`);
  if (t.body === null) {
    return say(words.tasks.length
      ? `Nhiệm vụ kỳ tới trong ${of(p)}:\n${numbered(words.tasks)}\nGhi lại cả danh sách: /nhiemvu ${typed}: … · Xóa: /nhiemvu ${typed} xóa`
      : `Chưa có nhiệm vụ kỳ tới cho ${of(p)}.\nGhi: /nhiemvu ${typed}: rồi mỗi nhiệm vụ một dòng.`);
  }
  const tasks = splitTasks(cleanLines(t.body));
  const refused = refuseTasks(tasks);
  if (refused) return say(`⚠️ ${refused}\nVí dụ: /nhiemvu ${typed}: Tuần tra biên giới; Tuyên truyền Luật Biên phòng`);
  return save(c, p, { ...words, tasks }, `Đã ghi ${tasks.length} nhiệm vụ kỳ tới trong ${of(p)}:\n${numbered(tasks)}`);
}

/** "<kỳ> <tên>": the fact name at the end, typed with "_" or spaces, the period before it. */
function periodAndFact(head: string, names: readonly string[]): { period: string; name?: string } {
  const words = head.split(" ").filter(Boolean);
  for (const n of factWordCounts(names)) {
    if (words.length < n) continue;
    const name = factName(words.slice(-n).join(" "), names);
    if (name) return { period: words.slice(0, -n).join(" "), name };
  }
  return { period: head };
}

const unknownPeriod = (head: string) => head.split(" ").slice(0, -1).join(" ");

/** "<kỳ> <a name that is no fact>": the name, when the words before it are a period and the whole is not. */
function unknownName(c: UserContext, head: string): string | undefined {
  const words = head.split(" ");
  if (words.length < 2 || parsePeriod(head, c.services.cutoffDay, c.today).ok) return undefined;
  return parsePeriod(unknownPeriod(head), c.services.cutoffDay, c.today).ok ? words.at(-1) : undefined;
}

export function dotCommand(c: UserContext): StepResult {
  const say = (s: string) => reply(keepForm(c.state), text(s));
  const facts = c.services.roundFacts;
  const names = Object.keys(facts);
  const example = `/dot năm 2025 ${names[0] ?? "ten"}: …`;
  const usage = [
    "Thông tin riêng của đợt báo cáo (bầu cử bên kia biên giới, đồn làm cụm trưởng, nội dung hỗ trợ …): mẫu in ở chỗ của nó, bỏ trống thì không in.",
    "Xem các mục: /dot năm 2025",
    `Ghi: ${example} · Xóa: /dot năm 2025 ${names[0] ?? "ten"} xóa`,
  ].join("\n");
  if (!c.args.trim()) return say(usage);
  const t = split(c.args);
  const { period: periodText, name } = periodAndFact(t.head, names);
  const unknown = name ? undefined : unknownName(c, t.head);
  if (unknown) return say(`⚠️ Không có mục “${quoted(unknown)}”. Các mục: ${names.join(", ")}.\nXem: /dot ${unknownPeriod(t.head)}`);
  const r = readPeriod(c, periodText, example);
  if (!r.ok) return say(`⚠️ ${r.message}\n\n${usage}`);
  const p = r.period;
  const words = c.services.reportWords(p.key);
  const typed = typedPeriod(p, c.services.cutoffDay, c.today);
  const list = () => [`Thông tin riêng của đợt, ${of(p)}:`,
    ...names.map((n) => `• ${n} — ${facts[n]}: ${words.facts[n] ? quote(words.facts[n]) : "(chưa có, không in)"}`),
    `Ghi: /dot ${typed} <tên>: … · Xóa: /dot ${typed} <tên> xóa`].join("\n");
  if (!name) {
    if (t.body === null && !t.clear) return say(list());
    return say(`⚠️ Gõ tên một mục trước ${t.clear ? "chữ “xóa”" : "dấu hai chấm"}, ví dụ: /dot ${typed} ${names[0] ?? "ten"}: …\n\n${list()}`);
  }
  if (t.clear) {
    const rest = Object.fromEntries(Object.entries(words.facts).filter(([k]) => k !== name));
    return save(c, p, { ...words, facts: rest }, `Đã xóa mục ${name} của ${of(p)}.`);
  }
  if (t.body === null) return say(list());
  const value = cleanLine(t.body);
  const refused = refuseText(`mục ${name}`, value);
  if (refused) return say(`⚠️ ${refused} Gõ nội dung sau dấu hai chấm, ví dụ: /dot ${typed} ${name}: …`);
  return save(c, p, { ...words, facts: { ...words.facts, [name]: value } }, `Đã ghi mục ${name} của ${of(p)}:\n${quote(value)}`);
}
