// `npm run cli -- report`: checks every kind's template, or writes a period's report DOCX as
// /baocao does (the same refusals, the same lines on cut months); and the --ky reading the data
// commands share.
import { parseArgs } from "node:util";
import { writeFileSync } from "node:fs";
import type { Config } from "../config.js";
import { openStore, profileTemplateDir, readProfile, reportTemplatePaths, templatesFor } from "../app/start.js";
import { closeDb } from "../db/client.js";
import { formatDateShort, todayInVietnam } from "../domain/vn.js";
import { parsePeriod, periodFromKey } from "../domain/periods.js";
import { KIND_LABELS, REPORT_KINDS, reportKindOf } from "../report/kinds.js";
import { issueReport, reportFileName } from "../app/reports.js";
import { latestIssued } from "../store/issued-reports.js";
import { getExtraBasis, getReportWords, setExtraBasis, setReportWords } from "../store/report-settings.js";
import { addedWords, wordsFromOptions } from "./report-words.js";
import { docxOpens } from "../report/docx-check.js";
import { reportCheck } from "../ledger/check.js";
import { cutLines, longerReports, readReportMeta, refuseIssueDate, refusePeriod } from "../conversation/report-request.js";
import { wholeMonthsOf } from "../ledger/counting.js";
import { asBasisLine } from "../conversation/basis-command.js";
import { OPTIONS, UsageError } from "./usage.js";
import { unwritableTarget } from "./file-problems.js";
import { formatVnTime } from "./vn-time.js";
import type { Clock } from "./run.js";
import { unconfirmedSigner, unconfirmedSignerLines } from "../domain/signer-check.js";
import { numberUsedText } from "../domain/number-reuse.js";
import { reportNumberUse } from "../store/report-numbers.js";

type Out = (line: string) => void;

/** --ky <kỳ>, required, read as the chat reads a period. */
export function periodOption(value: string | undefined, config: Config, clock: Clock) {
  if (!value) throw new UsageError("Thiếu --ky <kỳ>, ví dụ: --ky 2025-02, --ky \"quý 1/2025\", --ky 2015-01-01..2025-02-26");
  const r = parsePeriod(value, config.PERIOD_CUTOFF_DAY, todayInVietnam(clock()));
  if (!r.ok) throw new UsageError(r.message);
  return r.period;
}

/** A range widened to the whole months it touches (the chat's "Trọn tháng"). */
function wholeRange(p: { start: string; end: string }, cutoff: number) {
  const w = wholeMonthsOf(p, cutoff);
  return periodFromKey(`${w.start}..${w.end}`, cutoff);
}

/** With --ky: writes the report DOCX. Without: only checks the template. */
export async function report(args: string[], config: Config, out: Out, clock: Clock): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS.report });
  const read = readProfile(config);
  const templates = await templatesFor(config, read);
  if (!values.ky) {
    const paths = reportTemplatePaths(config, profileTemplateDir(config.WARD_PROFILE_PATH, read));
    out("Các mẫu báo cáo đều hợp lệ:");
    for (const kind of REPORT_KINDS) out(`  báo cáo ${KIND_LABELS[kind]}: ${paths[kind]}`);
    return;
  }
  const typed = periodOption(values.ky, config, clock);
  // --ca-thang: the chat's "Trọn tháng" choice: a range widened to the whole months it touches.
  const widened = values["ca-thang"] && typed.kind === "range" ? wholeRange(typed, config.PERIOD_CUTOFF_DAY) : null;
  const period = widened ?? typed;
  // Checked before anything is recorded: a report recorded as issued but never written would be resent by /guilai.
  const unwritable = unwritableTarget(values.out ?? reportFileName(period), "bao-cao.docx", "--out");
  if (unwritable) throw new UsageError(unwritable);
  const { db, profile } = openStore(config, clock(), read);
  try {
    if (values.archived) {
      // The exact file issued last time for this period, byte for byte.
      const issued = latestIssued(db, period.key);
      if (!issued) throw new UsageError(`Chưa phát hành báo cáo nào cho kỳ ${period.label}.`);
      if (!docxOpens(issued.bytes)) {
        throw new UsageError(`Bản báo cáo ${period.label} đã lưu bị hỏng, Word không mở được; xin lập lại: npm run cli -- report --ky ${period.key}`);
      }
      const path = values.out ?? issued.fileName;
      writeFileSync(path, issued.bytes);
      out(`Đã ghi ${path}: bản phát hành lúc ${formatVnTime(issued.createdAt)} (mã băm ${issued.fileHash.slice(0, 12)}…).`);
      return;
    }
    const now = clock();
    const today = todayInVietnam(now);
    if (widened && widened.end > today) throw new UsageError(`Tháng trọn của kỳ (${widened.label}) kết thúc sau hôm nay (${formatDateShort(today)}): bỏ --ca-thang, hoặc gõ kỳ kết thúc sớm hơn.`);
    const check = reportCheck(db, period, config.PERIOD_CUTOFF_DAY);
    const refused = refusePeriod(period, today, check, Boolean(values.force));
    if (refused) throw new UsageError(refused.includes("chưa có số liệu") ? `${refused} Thêm --force để vẫn lập báo cáo trống.` : refused);
    const meta = readReportMeta(`${values.so ? `số ${values.so}` : ""}${values.ngay ? ` ngày ${values.ngay}` : ""}`, today);
    if (!meta.ok) throw new UsageError(meta.message);
    if (values.so && meta.number === undefined) throw new UsageError("--so phải là một số, ví dụ: --so 35");
    if (values.ngay && meta.issuedOn === undefined) throw new UsageError("--ngay phải là một ngày, ví dụ: --ngay 26/02/2025");
    const words = wordsFromOptions(values, getReportWords(db, period.key));
    if (typeof words === "string") throw new UsageError(words);
    const early = meta.issuedOn ? refuseIssueDate(period, meta.issuedOn, today) : null;
    if (early) throw new UsageError(early.replace(/Gõ ngày/, "Dùng --ngay"));
    // The same lines the chat shows before issuing: months counted whole, figures of a longer span left out.
    if (check.cuts.length) {
      out(`Kỳ ${period.label} chỉ chứa một phần của:`);
      for (const line of cutLines(check)) out(line);
      for (const r of longerReports(check)) out(`Để có các số liệu của ${r.label}: --ky ${r.key}`);
      if (period.kind === "range" && !widened && check.wholeMonths) out(`Để tính theo tháng trọn (${check.wholeMonths.label}): thêm --ca-thang.`);
    }
    // Like /cancu in the chat: the lines given are kept for the next reports of the kind until changed.
    if (values["bo-can-cu"]) setExtraBasis(db, reportKindOf(period), [], now);
    if (values["can-cu"]?.length) setExtraBasis(db, reportKindOf(period), values["can-cu"].map(asBasisLine), now);
    // Like /nhandinh, /nhiemvu, /dot in the chat: kept for this period's report until changed.
    if (words) setReportWords(db, period.key, words, now);
    const r = await issueReport({ db, profile, templates, cutoffDay: config.PERIOD_CUTOFF_DAY, clock: () => now },
      { periodKey: period.key, requestedBy: null, channel: "cli", number: meta.number, issuedOn: meta.issuedOn,
        ...(widened && widened.key !== typed.key ? { typedKey: typed.key } : {}) });
    const path = values.out ?? r.fileName;
    writeFileSync(path, r.bytes);
    out(`Đã ghi ${path} (${r.bytes.length} byte).`);
    // As /baocao says it: the number given to a report of another period that year (seen in the chat's and page's jobs).
    if (meta.number) {
      const year = Number(r.data.issuedOn.slice(0, 4));
      const used = reportNumberUse(db, meta.number, year, period.key);
      if (used) out(numberUsedText(meta.number, year, used, config.PERIOD_CUTOFF_DAY, "chạy lại với --so <số khác>"));
    }
    // Issued on or after a change of the ward that names no signer: signed by the one before it.
    const unconfirmed = unconfirmedSigner(profile);
    if (unconfirmed && r.data.issuedOn >= unconfirmed.from) for (const line of unconfirmedSignerLines(unconfirmed)) out(line);
    const added = addedWords(getExtraBasis(db, reportKindOf(period)).length, getReportWords(db, period.key), reportKindOf(period));
    if (added) out(added);
    out(r.caption);
  } finally {
    closeDb(db);
  }
}
