// Commands over a reporting period: /baocao, /xuat, /khoa, /mokhoa, /khongphatsinh (/tiendo: progress-command.ts).
import { formById, formsForUnitKind } from "../domain/catalogue.js";
import {
  monthOf, monthsIn, parsePeriod, PERIOD_EXAMPLES, periodContaining, periodFromKey, periodThenWords, previousPeriod,
  samePeriodYearAgo, type Period,
} from "../domain/periods.js";
import { fold, formatDateShort, todayInVietnam } from "../domain/vn.js";
import { quoted } from "../domain/vn-text.js";
import { keepForm, reply, withWrites, type StepResult, type UserContext } from "./command-types.js";
import { checkNilReport } from "./write-checks.js";
import { resumeForm, unitClosed, unitEndedLine } from "./filing.js";
import { matchLabel } from "./label-match.js";
import { emptyState } from "./state.js";
import { requestFromText } from "./report-request.js";
import { text, type Choice } from "./types.js";
import { unitAtEnd } from "./unit-words.js";

const EXAMPLES = PERIOD_EXAMPLES;

/**
 * Read the period a person typed (not one still to come); the current month when nothing was typed.
 * Words after a good period that the command did not take are named, with `after` saying what may follow.
 */
export function periodArg(c: UserContext, args: string, after = ""): { ok: true; period: Period } | { ok: false; message: string } {
  if (!args.trim()) return { ok: true, period: monthOf(c.today, c.services.cutoffDay) };
  const r = parsePeriod(args, c.services.cutoffDay, c.today);
  if (!r.ok) {
    const stray = periodThenWords(args, c.services.cutoffDay, c.today);
    return stray ? { ok: false, message: `Chưa hiểu "${quoted(stray.words)}" sau kỳ ${stray.period.label}.${after ? ` ${after}` : ""}` } : r;
  }
  if (r.period.start > c.today) return { ok: false, message: `Kỳ ${r.period.label} chưa bắt đầu. ${EXAMPLES}` };
  return r;
}

function quickPeriods(c: UserContext): Choice[] {
  const cut = c.services.cutoffDay;
  const month = monthOf(c.today, cut);
  const year = periodContaining(c.today, "year", cut);
  const half1 = { key: `${year.key}-H1`, label: `6 tháng đầu năm ${year.key}` };
  const nine = { key: `${year.key}-9M`, label: `9 tháng đầu năm ${year.key}` };
  const list = [
    month, previousPeriod(month, cut), periodContaining(c.today, "quarter", cut), half1, nine, year, samePeriodYearAgo(year, cut),
  ].filter((p): p is NonNullable<typeof p> => Boolean(p));
  const labels = ["Tháng này", "Tháng trước", "Quý này", "", "", "Năm nay", "Năm trước"];
  return [
    ...list.map((p, i) => ({ id: `cmd:baocao:${p.key}`, label: labels[i] ? `${labels[i]} (${p.label})` : p.label })),
    { id: "cmd:baocao:?", label: "Kỳ khác…" },
  ];
}

export function baocaoCommand(c: UserContext): StepResult {
  const args = c.args.trim();
  if (!args) return reply(keepForm(c.state), text("Báo cáo kỳ nào?", quickPeriods(c)));
  if (args === "?") {
    if (c.state.pending?.kind === "form") return reply(c.state, ...resumeForm(c.state.pending.form, c.today));
    return reply({ ...emptyState(), pending: { kind: "report_period" } }, text(`Gõ kỳ báo cáo. ${EXAMPLES}`));
  }
  return requestFromText(c, args, c.event.body.type === "choice");
}

/**
 * "/xuat [kỳ] [lịch sử] [csv]": an XLSX file (one sheet per form); with "lịch sử" (or "lich su")
 * the revision history too; with "csv" the CSV file instead (the import format). The words may
 * come in either order after the period.
 */
export function xuatCommand(c: UserContext): StepResult {
  let args = c.args.normalize("NFC").trim();
  let history = false;
  let csv = false;
  for (let m = WORD_AT_END.exec(args); m; m = WORD_AT_END.exec(args)) {
    const word = fold(m[2]!);
    if (word === "csv") csv = true;
    else if (word === "lich su") history = true;
    args = args.slice(0, m.index).trim();
  }
  const r = periodArg(c, args, "Sau kỳ chỉ gõ thêm: lịch sử, csv. Ví dụ: /xuat tháng 1/2025 lịch sử");
  if (!r.ok) return reply(c.state, text(`⚠️ ${r.message}`));
  return { state: keepForm(c.state), messages: [], writes: [],
    effects: [{ type: "export", periodKey: r.period.key, requestedBy: c.user.id, ...(history ? { history: true } : {}), ...(csv ? { format: "csv" as const } : {}) }] };
}
const WORD_AT_END = /(^|\s)(lịch sử|lich su|csv|xlsx|excel)\s*$/iu;

function lockableMonths(c: UserContext, typed: string): { ok: true; period: Period; months: string[] } | { ok: false; message: string } {
  const r = parsePeriod(typed, c.services.cutoffDay, c.today);
  if (!r.ok) return r;
  if (r.period.kind === "range") return { ok: false, message: `Chỉ khóa theo tháng, quý, 6 tháng hoặc năm. ${EXAMPLES}` };
  return { ok: true, period: r.period, months: monthsIn(r.period, c.services.cutoffDay).map((m) => m.key) };
}

export function khoaCommand(c: UserContext): StepResult {
  if (!c.args.trim()) return reply(c.state, text("Gõ kỳ cần khóa sổ, ví dụ: /khoa tháng 2/2025"));
  const r = lockableMonths(c, c.args);
  if (!r.ok) return reply(c.state, text(`⚠️ ${r.message}`));
  // Only a period that is over: locking months to come would refuse their figures in advance.
  if (r.period.end >= c.today) {
    return reply(c.state, text(`⚠️ Kỳ ${r.period.label} chưa kết thúc (ngày cuối là ${formatDateShort(r.period.end)}), nên chưa khóa sổ được. Khóa sau ngày đó, ví dụ: /khoa tháng trước`));
  }
  return withWrites(reply(c.state, text(`🔒 Đã khóa sổ kỳ ${r.period.label}: không nhận thêm hoặc sửa số liệu. Mở lại cho một đơn vị, ví dụ: /mokhoa ${r.period.label} Đông Hưng`)),
    { type: "lock_months", monthKeys: r.months, by: c.user.id });
}

export function mokhoaCommand(c: UserContext): StepResult {
  const args = c.args.trim();
  const named = unitAtEnd(c.services.units(), args);
  if (!named || !named.rest) {
    return reply(c.state, text("Gõ kỳ và tên đơn vị cần mở lại, ví dụ: /mokhoa tháng 2/2025 Đông Hưng"));
  }
  const unit = { u: named.unit };
  const r = lockableMonths(c, named.rest);
  if (!r.ok) return reply(c.state, text(`⚠️ ${r.message}`));
  // "Đã mở lại … Các đơn vị khác vẫn khóa" of a month never locked would be false.
  if (!r.months.some((m) => c.services.isLocked(m, unit.u.code))) {
    return reply(c.state, text(`Kỳ ${r.period.label} chưa khóa sổ với ${unit.u.name}: đơn vị vẫn nhập và sửa được, không cần mở lại.`));
  }
  return withWrites(reply(c.state, text(`🔓 Đã mở lại kỳ ${r.period.label} cho ${unit.u.name}. Các đơn vị khác vẫn khóa.`)),
    { type: "unlock_months", monthKeys: r.months, unitCode: unit.u.code, by: c.user.id });
}

/**
 * "/khongphatsinh [biểu mẫu]" for the current month; the buttons of a reminder carry the month
 * they remind about ("cmd:khongphatsinh:<form>:<month>"), so a press after the close still
 * answers for that month.
 */
export function khongPhatSinhCommand(c: UserContext): StepResult {
  const closed = unitClosed(c.user);
  if (closed) return reply(keepForm(c.state), text(closed));
  const [formArg = "", monthArg] = c.args.trim().split(":");
  const current = monthOf(c.today, c.services.cutoffDay);
  // This month, or last month for a reminder pressed after the close: nothing older or later.
  const open = [current.key, previousPeriod(current, c.services.cutoffDay)?.key];
  const month = monthArg ? periodFromKey(monthArg, c.services.cutoffDay) : current;
  if (!month || month.kind !== "month" || !open.includes(month.key)) {
    return reply(keepForm(c.state), text("Chỉ báo không phát sinh được cho tháng này hoặc tháng trước. Gõ /khongphatsinh để báo cho tháng này."));
  }
  // A month after the unit ended (or before it began) is not the unit's to answer for.
  if ((c.user.unitUntil !== undefined && month.start > c.user.unitUntil) || (c.user.unitFrom !== undefined && month.end < c.user.unitFrom)) {
    const why = c.user.unitUntil !== undefined && month.start > c.user.unitUntil ? unitEndedLine(c.user) : `${c.user.unitName} bắt đầu hoạt động từ ngày ${formatDateShort(c.user.unitFrom!)}.`;
    return reply(keepForm(c.state), text(`${why} Kỳ ${month.label} không thuộc đơn vị này. Muốn báo cáo cho đơn vị mới, xin Văn phòng UBND phường chuyển bạn sang đơn vị đó.`));
  }
  // Stock forms (population, teams) describe what exists, not what happened: nothing to waive.
  const forms = formsForUnitKind(c.user.unitKind).filter((f) => f.aggregation === "flow");
  // By id, else by title as a typed choice is read (label-match.ts): whole, or a start only one form has.
  const formId = formArg ? (forms.find((f) => f.id === formArg) ?? matchLabel(formArg, forms, (f) => f.title))?.id : undefined;
  // With a form open, a number typed for the list would answer the form's question instead.
  if (!formId && c.state.pending?.kind === "form") {
    return reply(c.state, text("Bạn đang nhập dở một biểu mẫu: lưu xong hoặc gõ /huy, rồi báo không phát sinh. Hoặc gõ luôn tên biểu, ví dụ: /khongphatsinh tuyen truyen"),
      ...resumeForm(c.state.pending.form, c.today));
  }
  // What the unit already answered this month, with figures or as "không phát sinh".
  const answered = c.services.entriesOfUnit(c.user.unitCode, [month.key], 500);
  if (!formId) {
    const open = forms.filter((f) => !answered.some((e) => e.formId === f.id));
    if (open.length === 0) {
      return reply(keepForm(c.state), text(`✅ ${c.user.unitName} đã báo cáo đủ các biểu mẫu trong kỳ ${month.label}, không còn biểu mẫu nào để báo không phát sinh. Muốn sửa, gõ /cuatoi.`));
    }
    return reply(keepForm(c.state), text(`Biểu mẫu nào không phát sinh hoạt động trong kỳ ${month.label}?`,
      open.map((f) => ({ id: `cmd:khongphatsinh:${f.id}:${month.key}`, label: f.title }))));
  }
  const title = formById(formId)?.title;
  // A form already filed with figures this month cannot also be "nothing happened".
  const filed = answered.filter((e) => e.formId === formId && e.source === "chat").map((e) => e.id);
  if (filed.length) {
    return reply(keepForm(c.state), text(`⚠️ ${c.user.unitName} đã nhập số liệu ${title} trong kỳ ${month.label} (số ${filed.join(", ")}), nên không báo "không phát sinh" được. Nếu số liệu sai, gõ /sua ${filed[0]} để sửa (hoặc /cuatoi để xem các bản ghi).`));
  }
  // Said once already: recording it again would only repeat it.
  const nil = answered.find((e) => e.formId === formId && e.source === "nil");
  if (nil) {
    return reply(keepForm(c.state), text(`${c.user.unitName} đã báo "không phát sinh" ${title} trong kỳ ${month.label} (số ${nil.id}). Nếu có hoạt động, gõ /nhap để nhập số liệu: số liệu sẽ thay cho báo cáo này.`));
  }
  const report = { unitCode: c.user.unitCode, formId, periodKey: month.key, reporterId: c.user.id };
  if (!checkNilReport(c.services, report).ok) return reply(keepForm(c.state), text(`🔒 Kỳ ${month.label} đã khóa sổ. Lãnh đạo phường có thể mở lại cho đơn vị bạn (lệnh /mokhoa).`));
  const done = text(`✅ Đã ghi nhận: ${title} — không phát sinh trong kỳ ${month.label}.`, [{ id: "cmd:menu", label: "🏠 Menu" }]);
  // A form left open is asked again, as after /cuatoi or /tiendo: the next answer is its.
  const formLeft = c.state.pending?.kind === "form" ? resumeForm(c.state.pending.form, c.today) : [];
  return withWrites(reply(keepForm(c.state), done, ...formLeft), { type: "save_nil_report", ...report, channel: c.event.channel });
}

/** /guilai: send again, byte for byte, one of the reports issued before. */
export function guilaiCommand(c: UserContext): StepResult {
  const id = Number(c.args.trim());
  if (c.args.trim() && Number.isInteger(id) && id > 0) {
    return { state: keepForm(c.state), messages: [], effects: [{ type: "resend", reportId: id, requestedBy: c.user.id }], writes: [] };
  }
  const recent = c.services.recentReports(8);
  if (recent.length === 0) return reply(keepForm(c.state), text("Chưa có báo cáo nào được phát hành. Gõ /baocao để lập báo cáo."));
  return reply(keepForm(c.state), text("Gửi lại báo cáo nào? (đúng bản đã phát hành)", recent.map((r) => ({
    id: `cmd:guilai:${r.id}`,
    label: `${periodFromKey(r.period, c.services.cutoffDay)?.label ?? r.period} — lập ${formatDateShort(todayInVietnam(r.createdAt))}`,
  }))));
}
