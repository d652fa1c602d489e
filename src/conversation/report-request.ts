// /baocao: from what a leader typed or pressed to the report effect. Reads the period and the
// optional document number and issue date ("… số 35 ngày 26/02/2025"), refuses periods that
// make no sense, tells the leader about months the period cuts, and asks the two optional
// questions (number, date) when the period came from a button.
import { periodFromKey, parsePeriod, periodThenWords, PERIOD_EXAMPLES, type Period } from "../domain/periods.js";
import { numberUsedText } from "../domain/number-reuse.js";
import { quoted } from "../domain/vn-text.js";
import { fold, formatDateShort, readVnDate } from "../domain/vn.js";
import { keepForm, reply, type StepResult, type UserContext } from "./command-types.js";
import type { ReportCheck } from "./ports.js";
import { wordsPreview } from "./report-preview.js";
import { emptyState, type ChatState, type ReportRequest } from "./state.js";
export type { ReportRequest } from "./state.js";
import { text, type Choice, type EventBody } from "./types.js";


/** The chat state once the request is done: the leader's open form, if any, is back. */
function after(c: UserContext, req: ReportRequest): ChatState {
  return req.resume ? { ...emptyState(), pending: { kind: "form", form: req.resume } } : keepForm(c.state);
}

export type Meta = { ok: true; rest: string; number?: string; issuedOn?: string } | { ok: false; message: string };

const NUMBER = /(?:^|\s)(?:so|số)\s*:?\s*(\d{1,5})(?:\s*\/\s*[\p{L}\d-]+)?(?=\s|$)/iu;
const ISSUED = /(?:^|\s)(?:ngay|ngày)\s+(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{4}-\d{2}-\d{2}|hom nay|hôm nay)\s*$/iu;

/** Splits "2015-01-01..2025-02-26 số 35 ngày 26/02/2025" into the period words, number and date. */
export function readReportMeta(typed: string, today: string): Meta {
  let rest = typed.normalize("NFC").trim();
  let number: string | undefined;
  let issuedOn: string | undefined;
  const n = NUMBER.exec(rest);
  if (n) {
    number = String(Number(n[1]));
    rest = `${rest.slice(0, n.index)} ${rest.slice(n.index + n[0].length)}`.trim();
  }
  const d = ISSUED.exec(rest);
  // "… đến ngày 26/02/2025" is the period's own end, not the issue date.
  const before = d ? fold(rest.slice(0, d.index)).split(" ").at(-1) : undefined;
  if (d && before !== "den" && before !== "tu") {
    const r = readVnDate(d[1]!, today);
    if (!r.ok) return { ok: false, message: `Ngày ban hành: ${r.message}` };
    const date = checkIssueDate(r.date, today);
    if (!date.ok) return date;
    issuedOn = r.date;
    rest = rest.slice(0, d.index).trim();
  }
  return { ok: true, rest, number, issuedOn };
}

function checkIssueDate(date: string, today: string): { ok: true } | { ok: false; message: string } {
  if (date > today) return { ok: false, message: `Ngày ban hành không được sau hôm nay (${formatDateShort(today)}).` };
  return { ok: true };
}

/**
 * Why a report of the period cannot carry this issue date, or null: a report is signed once its
 * period is over (or, for a period in progress, today at the earliest), never before.
 */
export function refuseIssueDate(period: Period, issuedOn: string, today: string): string | null {
  const earliest = period.end < today ? period.end : today;
  if (issuedOn >= earliest) return null;
  const why = period.end < today
    ? `ở trước ngày cuối kỳ ${period.label} (${formatDateShort(period.end)})`
    : `ở trước hôm nay, khi kỳ ${period.label} còn chưa kết thúc`;
  return `Ngày ban hành ${formatDateShort(issuedOn)} ${why}. Gõ ngày từ ${formatDateShort(earliest)} trở đi, ví dụ: ngày ${formatDateShort(today)}.`;
}

/** Why a period cannot be reported, or null when it can (a month, quarter or year in progress can). */
export function refusePeriod(period: Period, today: string, check: ReportCheck, force: boolean): string | null {
  if (period.start > today) return `Kỳ ${period.label} chưa bắt đầu. ${PERIOD_EXAMPLES}`;
  if (period.kind === "range" && period.end > today) {
    return `Kỳ ${period.label} kết thúc sau hôm nay (${formatDateShort(today)}). Gõ kỳ kết thúc chậm nhất hôm nay, hoặc tháng, quý, năm đang diễn ra (số liệu tính đến hôm nay).`;
  }
  if (check.firstDay && period.end < check.firstDay) {
    const first = check.firstPeriod ?? `ngày ${formatDateShort(check.firstDay)}`;
    return `Kỳ ${period.label} ở trước khi có số liệu, nên không có gì để báo cáo: số liệu đầu tiên là của ${first}. Gõ một kỳ từ ${first} trở đi.`;
  }
  if (check.entries === 0 && !force) return `Kỳ ${period.label} chưa có số liệu nào.`;
  return null;
}

/**
 * The chat (and CLI) lines about figures whose span an edge of the period cuts: a month's figures
 * are counted whole when the period holds most of the month; figures filed for a longer span (a
 * year) only in the report of that span.
 */
export function cutLines(check: ReportCheck): string[] {
  return check.cuts.map((c) => {
    if (c.longer) {
      return `• ${upper(c.label)}: ${c.entries} số liệu chỉ có cho cả ${c.label}, không chia được cho kỳ này nên không được tính; báo cáo ${c.label} có các số liệu này.`;
    }
    return c.counted
      ? `• ${upper(c.label)} chỉ nằm một phần trong kỳ: ${c.entries} số liệu nhập theo cả tháng được tính trọn tháng (kỳ chứa phần lớn của tháng).`
      : `• ${upper(c.label)} chỉ nằm một phần trong kỳ: ${c.entries} số liệu nhập theo cả tháng không được tính (kỳ chỉ chứa phần nhỏ của tháng).`;
  });
}

/** The reports that hold figures this period cannot count (a year's import seen from a month). */
export function longerReports(check: ReportCheck): { key: string; label: string }[] {
  return check.cuts.filter((c) => c.longer && !c.counted).map((c) => ({ key: c.periodKey, label: c.label }))
    .filter((r, i, all) => all.findIndex((x) => x.key === r.key) === i).slice(0, 3);
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const CANCEL: Choice = { id: "cmd:huy", label: "✖️ Thôi" };

/** The next step of a request: refuse, ask, or issue. */
export function advanceReport(c: UserContext, req: ReportRequest): StepResult {
  const cut = c.services.cutoffDay;
  const period = periodFromKey(req.periodKey, cut);
  if (!period) return reply(after(c, req), text(`⚠️ Không đọc được kỳ báo cáo. ${PERIOD_EXAMPLES}`));
  const check = c.services.reportCheck(period);
  const refused = refusePeriod(period, c.today, check, Boolean(req.force));
  if (refused) {
    const canForce = check.entries === 0 && !(check.firstDay && period.end < check.firstDay) && refused.includes("chưa có số liệu");
    // Figures may exist for a longer span around the period (a year's import seen from a month):
    // say so and offer that report before a blank one.
    const longer = longerReports(check);
    const lines = longer.length ? ["", ...cutLines({ ...check, cuts: check.cuts.filter((x) => x.longer) })] : [];
    return canForce
      ? reply({ ...emptyState(), pending: { kind: "report_confirm", req } },
        text(lines.length ? [`⚠️ ${refused}`, ...lines, "Vẫn lập một báo cáo trống?"].join("\n") : `⚠️ ${refused} Vẫn lập một báo cáo trống?`,
          [...longer.map((r) => ({ id: `report:other:${r.key}`, label: `📄 Báo cáo ${r.label}` })), { id: "report:force", label: "📄 Vẫn lập báo cáo trống" }, CANCEL]))
      : reply(after(c, req), text(`⚠️ ${refused}`));
  }
  if (req.issuedOn) {
    const early = refuseIssueDate(period, req.issuedOn, c.today);
    if (early) return reply(after(c, req), text(`⚠️ ${early}`));
  }
  if (check.cuts.length > 0 && !req.cutsSeen) {
    const choices: Choice[] = [];
    if (period.kind === "range" && check.wholeMonths && check.wholeMonths.end <= c.today && check.wholeMonths.key !== period.key) {
      choices.push({ id: "report:whole", label: `📅 Trọn tháng: ${check.wholeMonths.label}` });
    }
    for (const r of longerReports(check)) choices.push({ id: `report:other:${r.key}`, label: `📄 Báo cáo ${r.label}` });
    choices.push({ id: "report:keep", label: `Giữ kỳ đã gõ: ${period.label}` }, CANCEL);
    return reply({ ...emptyState(), pending: { kind: "report_confirm", req, wholeKey: choices[0]!.id === "report:whole" ? check.wholeMonths!.key : undefined } },
      text([`Kỳ ${period.label} chỉ chứa một phần của:`, ...cutLines(check), "Lập báo cáo theo kỳ nào?"].join("\n"), choices));
  }
  if (req.ask && req.number === undefined) {
    return reply({ ...emptyState(), pending: { kind: "report_number", req } },
      text(`Báo cáo ${period.label}. Số văn bản? Gõ số (ví dụ: 35), hoặc chọn “Để trống” (gõ: để trống) để văn thư điền.`, [{ id: "report:no_number", label: "Để trống" }]));
  }
  if (req.ask && req.issuedOn === undefined) {
    return reply({ ...emptyState(), pending: { kind: "report_date", req } },
      text(`Ngày ban hành? Gõ ngày (ví dụ: ${formatDateShort(c.today)}), hoặc chọn Hôm nay.`, [{ id: "report:today", label: `Hôm nay (${formatDateShort(c.today)})` }]));
  }
  const preview = req.wordsSeen ? null : wordsPreview(c, period, req.typedKey);
  if (preview) {
    return reply({ ...emptyState(), pending: { kind: "report_confirm", req } },
      text(preview, [{ id: "report:issue", label: "📄 Lập báo cáo" }, CANCEL]));
  }
  return {
    state: after(c, req), messages: numberUsed(c, req.number, req.issuedOn, period), writes: [],
    effects: [{ type: "report", periodKey: period.key, requestedBy: c.user.id,
      ...(req.number ? { number: req.number } : {}), ...(req.issuedOn ? { issuedOn: req.issuedOn } : {}), ...(req.force ? { force: true } : {}),
      ...(req.typedKey ? { typedKey: req.typedKey } : {}) }],
  };
}

/**
 * A warning, not a refusal, when the number was given to a report of another period issued in the
 * same year: two documents under one number. The report is still built; the leader asks again with
 * another number if it was a slip (the office's register may hold numbers the bot never saw).
 */
function numberUsed(c: UserContext, number: string | undefined, issuedOn: string | undefined, period: Period) {
  if (!number) return [];
  const year = Number((issuedOn ?? c.today).slice(0, 4));
  const use = c.services.reportNumberUse(number, year, period.key);
  return use ? [text(numberUsedText(number, year, use, c.services.cutoffDay, `gõ lại: /baocao ${period.label} số <số khác>`))] : [];
}

/** The button "Số N" of the question asked back when a typed number may mean “Để trống”. */
const NUMBER_CHOICE = "report:number:";

/** What is wrong when a good period is followed by words not understood ("số abc"), or undefined. */
function strayWords(rest: string, c: UserContext): string | undefined {
  const stray = periodThenWords(rest, c.services.cutoffDay, c.today);
  if (!stray) return undefined;
  const label = stray.period.label;
  const number = /^(?:so|số)\s*:?\s*(.*)$/iu.exec(stray.words);
  if (number) {
    return `"${quoted(number[1] || stray.words)}" không phải số văn bản: gõ số 12 (hoặc số 12/BC-UBND), ví dụ: /baocao ${label} số 12.`;
  }
  const date = /^(?:ngay|ngày)\s+(.+)$/iu.exec(stray.words);
  if (date) return `"${quoted(date[1]!)}" không phải ngày ban hành: gõ ngày/tháng/năm, ví dụ: /baocao ${label} ngày ${formatDateShort(c.today)}.`;
  return `Chưa hiểu "${quoted(stray.words)}" sau kỳ ${label}. Sau kỳ chỉ gõ số văn bản và ngày ban hành, ví dụ: /baocao ${label} số 35 ngày ${formatDateShort(c.today)}.`;
}

/** A period typed after /baocao (or after "Kỳ khác…"), with an optional number and date. */
export function requestFromText(c: UserContext, typed: string, fromButton: boolean): StepResult {
  const meta = readReportMeta(typed, c.today);
  if (!meta.ok) return reply(c.state, text(`⚠️ ${meta.message}`));
  const r = parsePeriod(meta.rest, c.services.cutoffDay, c.today);
  if (!r.ok) return reply(c.state, text(`⚠️ ${strayWords(meta.rest, c) ?? r.message}`));
  const given = meta.number !== undefined || meta.issuedOn !== undefined;
  const resume = c.state.pending?.kind === "form" ? c.state.pending.form : undefined;
  return advanceReport(c, { periodKey: r.period.key, number: meta.number, issuedOn: meta.issuedOn, ask: fromButton && !given, ...(resume ? { resume } : {}) });
}

/** Answers to the request's questions (pending report_confirm, report_number, report_date). */
export function continueReport(c: UserContext, body: EventBody,
  pending: { kind: "report_confirm"; req: ReportRequest; wholeKey?: string } | { kind: "report_number" | "report_date"; req: ReportRequest }): StepResult {
  const picked = body.type === "choice" ? body.id : undefined;
  const typed = body.type === "text" ? body.text.trim() : "";
  const req = pending.req;
  if (pending.kind === "report_confirm") {
    if (picked === "report:force") return advanceReport(c, { ...req, force: true });
    if (picked === "report:issue") return advanceReport(c, { ...req, wordsSeen: true });
    if (picked === "report:keep") return advanceReport(c, { ...req, cutsSeen: true });
    if (picked === "report:whole" && pending.wholeKey) return advanceReport(c, { ...req, periodKey: pending.wholeKey, typedKey: req.periodKey, cutsSeen: true });
    // The report of the longer span (a year) offered for figures this period cannot count: asked anew.
    const other = picked?.startsWith("report:other:") ? periodFromKey(picked.slice("report:other:".length), c.services.cutoffDay) : null;
    if (other) return advanceReport(c, { ...req, periodKey: other.key, cutsSeen: false, typedKey: undefined });
    return reply(c.state, text("⚠️ Xin chọn một mục dưới đây (bấm nút, hoặc gõ số thứ tự hay tên mục), hoặc gõ /huy.", c.state.offered));
  }
  if (pending.kind === "report_number") {
    // Numbers typed here are document numbers (router.ts), but once asked "số N, hay để trống?"
    // a typed 1 or 2 answers that list.
    const asked = c.state.offered.some((o) => o.id.startsWith(NUMBER_CHOICE));
    const ordinal = asked && /^\d{1,2}$/.test(typed) ? c.state.offered[Number(typed) - 1] : undefined;
    const choice = picked ?? ordinal?.id;
    if (choice === "report:no_number") return advanceReport(c, { ...req, number: "" });
    const n = choice?.startsWith(NUMBER_CHOICE) ? /^(\d{1,5})$/.exec(choice.slice(NUMBER_CHOICE.length))
      : /^(?:so|số)?\s*(\d{1,5})(?:\s*\/\s*[\p{L}\d-]+)?$/iu.exec(typed);
    if (!n) return reply(c.state, text("⚠️ Số văn bản là một số, ví dụ: 35. Gõ lại, hoặc chọn “Để trống” (gõ: để trống).", c.state.offered));
    const number = String(Number(n[1]));
    // A bare number that is also the place of “Để trống” in a numbered list (Zalo, the console
    // print “1. Để trống”) may mean the blank: the chairman's document gets no number unasked.
    if (!choice && /^\d{1,2}$/.test(typed) && c.state.offered[Number(typed) - 1]?.id === "report:no_number") {
      const shown = number.length === 1 ? `0${number}` : number;
      return reply(c.state, text(`Bạn gõ ${typed}: số văn bản ${shown}, hay để trống cho văn thư điền?`,
        [{ id: `${NUMBER_CHOICE}${number}`, label: `Số ${shown}` }, { id: "report:no_number", label: "Để trống" }]));
    }
    return advanceReport(c, { ...req, number });
  }
  if (picked === "report:today") return advanceReport(c, { ...req, issuedOn: c.today });
  const d = readVnDate(typed, c.today);
  if (!d.ok) return reply(c.state, text(`⚠️ ${d.message} Hoặc chọn Hôm nay.`, c.state.offered));
  const ok = checkIssueDate(d.date, c.today);
  if (!ok.ok) return reply(c.state, text(`⚠️ ${ok.message}`, c.state.offered));
  const period = periodFromKey(req.periodKey, c.services.cutoffDay);
  const early = period ? refuseIssueDate(period, d.date, c.today) : null;
  if (early) return reply(c.state, text(`⚠️ ${early}`, c.state.offered));
  return advanceReport(c, { ...req, issuedOn: d.date });
}
