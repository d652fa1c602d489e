// /tiendo [kỳ]: who has reported. Progress is kept by month, so a longer period typed (a quarter,
// a year) is answered month by month over its months begun so far, the period named as typed.
import { formById } from "../domain/catalogue.js";
import { monthsIn, type Period } from "../domain/periods.js";
import { keepForm, reply, type StepResult, type UserContext } from "./command-types.js";
import { periodArg } from "./period-commands.js";
import type { Progress, UnitProgress } from "./ports.js";
import { describeReturned, fixChoices } from "./review.js";
import { text } from "./types.js";

/** Titles joined with ";": some titles hold commas ("Đường biên, mốc quốc giới"). */
function formTitles(ids: readonly string[]): string {
  return ids.map((f) => formById(f)?.title ?? f).join("; ");
}

export function tiendoCommand(c: UserContext): StepResult {
  const r = periodArg(c, c.args, "Gõ /tiendo và kỳ, ví dụ: /tiendo tháng 1/2025");
  if (!r.ok) return reply(c.state, text(`⚠️ ${r.message}`));
  const months = monthsIn(r.period, c.services.cutoffDay).filter((m) => m.start <= c.today);
  const later = monthsIn(r.period, c.services.cutoffDay).filter((m) => m.start > c.today);
  const progress = months.map((m) => ({ month: m, progress: c.services.progress(m.key) }));
  return c.user.role === "bao_cao" ? reporterProgress(c, r.period, progress, later) : leaderProgress(c, r.period, progress, later);
}

type MonthProgress = { month: Period; progress: Progress };

/** "Tháng 03/2025 chưa bắt đầu." for the months of the period still to come. */
function laterLine(later: Period[]): string[] {
  if (later.length === 0) return [];
  const labels = later.map((m) => m.label);
  return [`(${labels.length === 1 ? labels[0] : `${labels[0]} đến ${labels.at(-1)}`} chưa bắt đầu.)`];
}

function reporterProgress(c: UserContext, period: Period, months: MonthProgress[], later: Period[]): StepResult {
  if (period.kind === "month" && months.length === 1) {
    const mine = months[0]!.progress.units.find((u) => u.code === c.user.unitCode);
    if (!mine) return reply(c.state, text(`${c.user.unitName} không phải nộp biểu mẫu định kỳ nào trong kỳ ${period.label}.`));
    if (mine.returned.length > 0) {
      return reply(keepForm(c.state), text([`↩️ ${mine.name}, kỳ ${period.label}: chưa xong, có bản ghi bị lãnh đạo trả lại cần sửa:`,
        ...mine.returned.map((x) => `• ${describeReturned(x)}`),
        ...(mine.missing.length ? [`Còn thiếu: ${formTitles(mine.missing)}.`] : []), "Bấm ✏️ Sửa (hoặc gõ số thứ tự) để sửa."].join("\n"),
      fixChoices(mine.returned)));
    }
    return reply(c.state, text(mine.missing.length === 0
      ? `✅ ${mine.name}, kỳ ${period.label}: đã báo cáo đủ.`
      : `${mine.name}, kỳ ${period.label}: còn thiếu ${formTitles(mine.missing)}. Gõ /nhap để nhập, hoặc /khongphatsinh nếu không có hoạt động.`));
  }
  const lines = [`📊 ${c.user.unitName}, kỳ ${period.label}, theo từng tháng:`];
  const returned: UnitProgress["returned"] = [];
  for (const { month, progress } of months) {
    const mine = progress.units.find((u) => u.code === c.user.unitCode);
    if (!mine) { lines.push(`• ${month.label}: không phải nộp biểu mẫu định kỳ nào.`); continue; }
    returned.push(...mine.returned);
    const parts = [
      ...(mine.missing.length ? [`còn thiếu ${formTitles(mine.missing)}`] : []),
      ...mine.returned.map((x) => `bị trả lại: ${describeReturned(x)}`),
    ];
    lines.push(`• ${month.label}: ${parts.length ? parts.join("; ") : "đã báo cáo đủ"}.`);
  }
  lines.push(...laterLine(later));
  if (returned.length) lines.push("Bấm ✏️ Sửa (hoặc gõ số thứ tự) để sửa bản ghi bị trả lại.");
  return reply(keepForm(c.state), text(lines.join("\n"), returned.length ? fixChoices(returned) : undefined));
}

function leaderProgress(c: UserContext, period: Period, months: MonthProgress[], later: Period[]): StepResult {
  const latest = months.at(-1)!;
  const progress = latest.progress;
  const whole = period.kind === "month" && months.length === 1;
  const lines = whole
    ? [`📊 Tiến độ kỳ ${period.label}: ${progress.reported}/${progress.total} đơn vị đã báo cáo.`]
    : [`📊 Tiến độ kỳ ${period.label}, theo từng tháng:`,
      ...months.map(({ month, progress: p }) => `• ${month.label}: ${p.reported}/${p.total} đơn vị đã báo cáo.`), ...laterLine(later)];
  // The details of the latest month begun: who is still missing, what waits for correction.
  const of = whole ? "" : ` ${latest.month.label},`;
  const missing = progress.units.filter((u) => u.missing.length > 0);
  if (missing.length) {
    lines.push(whole ? "Chưa báo cáo:" : `Riêng${of} chưa báo cáo:`);
    for (const u of missing) {
      const who = u.reporters.length ? u.reporters.map((p) => p.name).join(", ") : "chưa mời người báo cáo";
      lines.push(`• ${u.name}: ${formTitles(u.missing)} (${who})`);
    }
  }
  const returned = progress.units.filter((u) => u.returned.length > 0);
  if (returned.length) {
    lines.push(whole ? "Bị trả lại, chưa sửa:" : `Riêng${of} bị trả lại, chưa sửa:`);
    for (const u of returned) for (const x of u.returned) lines.push(`• ${u.name}: ${describeReturned(x)}`);
  }
  return reply(c.state, text(lines.join("\n")));
}
