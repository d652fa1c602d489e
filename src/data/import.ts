// Import of old figures from CSV (the contract in docs/design.md, "Interfaces other programs use"):
//
//   ky,don_vi,chi_tieu,gia_tri[,ghi_chu]
//
// `ky` a year (2024), a month (2024-06) or a date (2024-06-15); `don_vi` a unit code; `chi_tieu`
// a metric key; `gia_tri` a number written the Vietnamese way ("1.200", "2,5"). UTF-8, a BOM is
// accepted, the header is required; other columns (an export's nguon, ngay, nguoi_bao_cao) are
// ignored. Every row is checked first; one bad row and nothing of the file is written.
//
// Repeats: importing the same rows again would add the figures twice, so an import whose rows
// (in any order) equal an earlier import whose entries are still active is refused, unless
// `allowRepeat` is set. Each import is recorded in `settings` under "import:<sha256>".
//
// Figures are read by the domain's readFigure with the metric's field rules (as the chat reads
// them), and each figure group (period, unit, form) goes through the ledger's one pipeline:
// checkEntry while validating (count limits, cross-checks, locks), recordEntry to write.
import { createHash } from "node:crypto";
import { parse, type CsvError, type Info } from "csv-parse/sync";
import type { Db } from "../db/client.js";
import { checkEntry, recordEntry, type RecordRequest, type Refusal } from "../ledger/record.js";
import { activeImported } from "../ledger/read.js";
import { fieldOfMetricKey, readFigure } from "../domain/figure.js";
import { metricByKey, metricKeys } from "../domain/catalogue.js";
import { monthOf, periodFromKey, type Period } from "../domain/periods.js";
import { fold, formatDateShort, isIsoDate, todayInVietnam } from "../domain/vn.js";
import { xmlSafe } from "../domain/xml-text.js";

export const IMPORT_COLUMNS = ["ky", "don_vi", "chi_tieu", "gia_tri", "ghi_chu"] as const;
export const REQUIRED_COLUMNS = ["ky", "don_vi", "chi_tieu", "gia_tri"] as const;
/** At most this many errors are returned (plus one line saying how many more there are). */
export const MAX_IMPORT_ERRORS = 20;
/** Longest note (ghi_chu) accepted, as in the chat forms. */
export const MAX_NOTE_LENGTH = 500;

/** `line` is the line in the file (header = 1); 0 means the file as a whole. */
export interface ImportError { line: number; message: string }
export type ImportResult = { ok: true; rows: number; entries: number } | { ok: false; errors: ImportError[] };

export interface ImportOptions {
  /** Monthly cut-off day (0 = calendar months), as in the config. */
  cutoffDay: number;
  /** The file's name, kept in the import record. */
  file?: string;
  now: Date;
  /** Import even if the same rows were imported before and are still active (adds them again). */
  allowRepeat?: boolean;
}

const HEADER_EXAMPLE = "ky,don_vi,chi_tieu,gia_tri,ghi_chu";
const NUMBER_HINT = "Ghi số kiểu Việt Nam: 1.200 (dấu chấm ngăn hàng nghìn), \"2,5\" (dấu phẩy thập phân, đặt trong ngoặc kép).";
const KY_HINT = "Ghi năm (2024), tháng (2024-06) hoặc ngày (2024-06-15).";

interface Row {
  line: number;
  ky: string;
  unit: string;
  metric: string;
  formId: string;
  value: number;
  note: string;
  period: string;
  spanStart: string;
  spanEnd: string;
}

interface Group { ky: string; unit: string; formId: string; period: string; spanStart: string; spanEnd: string; notes: string[]; values: [string, number][]; lines: Map<string, number> }

/** Lines of errors as a person reads them: "dòng 7: không có đơn vị …". */
export function formatImportErrors(errors: readonly ImportError[], file?: string): string {
  const head = file ? `${file}: ` : "";
  return errors.map((e) => `${head}${e.line > 0 ? `dòng ${e.line}: ` : ""}${e.message}`).join("\n");
}

const XLSX_NOT_CSV = "tệp là bảng tính Excel (XLSX), không phải CSV; lệnh nhập chỉ nhận CSV. " +
  "Lấy CSV từ bot: npm run cli -- export --ky <kỳ> --format csv (trong chat: /xuat <kỳ> csv), " +
  "hoặc trong Excel chọn Lưu thành → \"CSV UTF-8 (phân cách bằng dấu phẩy)\".";

export function importCsv(db: Db, csvText: string, opts: ImportOptions): ImportResult {
  // A ZIP (an XLSX, as /xuat and `export` write) read as text: said plainly, not as "not UTF-8".
  if (csvText.startsWith("PK\u0003\u0004")) return fail([{ line: 0, message: XLSX_NOT_CSV }]);
  const text = csvText.replace(/^\uFEFF/, "").normalize("NFC").replace(/\r\n?/g, "\n");
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0) {
    return fail([{ line: lineAt(text, bad), message:
      "tệp không phải UTF-8 (có ký tự không đọc được). Trong Excel chọn Lưu thành → \"CSV UTF-8 (phân cách bằng dấu phẩy)\" rồi nhập lại." }]);
  }
  if (text.trim() === "") {
    return fail([{ line: 1, message: `tệp trống. Dòng đầu phải là tiêu đề: ${HEADER_EXAMPLE}` }]);
  }

  // --- Parse --------------------------------------------------------------------------
  const errors: ImportError[] = [];
  let header: string[] = [];
  const csvErrors: (ImportError & { quote: boolean })[] = [];
  const QUOTE_CODES = new Set(["INVALID_OPENING_QUOTE", "CSV_QUOTE_NOT_CLOSED", "CSV_INVALID_CLOSING_QUOTE", "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE"]);
  let records: { record: Record<string, string>; info: Info }[];
  try {
    records = parse<Record<string, string>>(text, {
      columns: (names: string[]) => (header = names.map(normalizeHeader)),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      // Malformed records are collected as errors (and the file refused), not silently kept.
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err) csvErrors.push({ ...csvErrorOf(err, header.length), quote: QUOTE_CODES.has(err.code) });
        return undefined;
      },
    }) as unknown as { record: Record<string, string>; info: Info }[];
  } catch (err) {
    return fail([csvErrorOf(err as CsvError, header.length)]);
  }
  // After a quote error the parser's idea of rows is unreliable: keep errors up to the first one.
  const quoteErr = csvErrors.find((e) => e.quote);
  // The parser reports a stray quote again at each quote of the field: one error a line is enough.
  const structural = (quoteErr ? csvErrors.filter((e) => e.line <= quoteErr.line) : csvErrors)
    .filter((e, i, all) => all.findIndex((o) => o.line === e.line) === i);
  if (quoteErr) records = records.filter((r) => r.info.lines < quoteErr.line);

  const headerErrors = checkHeader(header);
  if (headerErrors.length) return fail(headerErrors);
  errors.push(...structural.map(({ line, message }) => ({ line, message })));

  // --- Validate every row ---------------------------------------------------------------
  const unitRows = db.$client.prepare("select code, name, short_name as shortName, active from units order by sort_order, code")
    .all() as { code: string; name: string; shortName: string; active: number }[];
  const unitCodes = new Set(unitRows.map((u) => u.code));
  const validCodes = unitRows.filter((u) => u.active).map((u) => u.code).join(", ");
  const today = todayInVietnam(opts.now);
  const rows: Row[] = [];
  const seen = new Map<string, number>();

  for (const { record, info } of records) {
    const line = info.lines - Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const rowErrors: string[] = [];
    const ky = (record["ky"] ?? "").trim();
    const unit = (record["don_vi"] ?? "").trim();
    const metricKey = (record["chi_tieu"] ?? "").trim();
    const rawValue = (record["gia_tri"] ?? "").trim();
    // Notes reach documents (the marker table): characters XML 1.0 forbids are dropped here.
    const note = xmlSafe(record["ghi_chu"] ?? "").trim();

    const period = readKy(ky, opts.cutoffDay, today);
    if (!period.ok) rowErrors.push(period.message);

    if (unit === "") rowErrors.push(`thiếu mã đơn vị (cột don_vi). Mã đơn vị hợp lệ: ${validCodes}`);
    else if (!unitCodes.has(unit)) {
      const guess = unitRows.find((u) => [u.code, u.name, u.shortName].some((s) => fold(s) === fold(unit)));
      rowErrors.push(`không có đơn vị "${unit}".${guess ? ` Có phải "${guess.code}"?` : ""} Mã đơn vị hợp lệ: ${validCodes}`);
    }

    const metric = metricByKey(metricKey);
    if (metricKey === "") rowErrors.push("thiếu chỉ tiêu (cột chi_tieu). Xem danh sách: npm run cli -- metrics");
    else if (!metric || !metricKeys().has(metricKey)) rowErrors.push(unknownMetric(metricKey));

    let value = 0;
    const field = metric ? fieldOfMetricKey(metricKey) : undefined;
    if (rawValue === "") rowErrors.push(`thiếu giá trị (cột gia_tri). ${NUMBER_HINT}`);
    else if (field && metric) {
      // The chat's reader and the field's own limits; the file's wording for each refusal.
      const n = readFigure(field, rawValue);
      if (!n.ok) {
        rowErrors.push(
          n.reason === "ambiguous" ? `giá trị ${n.message}`
          : n.reason === "negative" ? `giá trị "${rawValue}" là số âm; số liệu không được âm.`
          : n.reason === "too_large" ? `giá trị "${rawValue}" quá lớn. Xin kiểm tra lại.`
          : n.reason === "not_integer" ? `chỉ tiêu "${metricKey}" phải là số nguyên (${metric.unit}), không nhận "${rawValue}".`
          : n.reason === "tenths" ? `chỉ tiêu "${metricKey}" lấy một chữ số lẻ (ví dụ 2,5), không nhận "${rawValue}".`
          : n.reason === "limit" ? `giá trị "${rawValue}": ${n.message}`
          : `giá trị "${rawValue}" không phải là số. ${NUMBER_HINT}`);
      } else value = n.value;
    }

    // "2,5" without quotes splits into gia_tri "2" and ghi_chu "5": a note of digits only is that.
    if (/^\d+$/.test(note) && /^(\d+|\d{1,3}(\.\d{3})+)$/.test(rawValue)) {
      rowErrors.push(`giá trị "${rawValue}" và ghi chú "${note}": có phải số "${rawValue},${note}" chưa đặt trong ngoặc kép? ` +
        `Số có dấu phẩy phải đặt trong ngoặc kép, ví dụ "${rawValue},${note}". Ghi chú không được chỉ có chữ số.`);
    }
    if (note.length > MAX_NOTE_LENGTH) rowErrors.push(`ghi chú dài quá ${MAX_NOTE_LENGTH} ký tự; xin rút gọn.`);

    if (ky && unit && metricKey) {
      const key = `${ky}\u0000${unit}\u0000${metricKey}`;
      const first = seen.get(key);
      if (first !== undefined) {
        rowErrors.push(`trùng với dòng ${first} (cùng kỳ "${ky}", đơn vị "${unit}", chỉ tiêu "${metricKey}"). ` +
          `Cộng hai số thành một dòng hoặc xóa một dòng.`);
      } else seen.set(key, line);
    }

    if (rowErrors.length) {
      for (const message of rowErrors) errors.push({ line, message });
      continue;
    }
    if (!period.ok || !metric) continue; // unreachable: both produce an error above
    rows.push({ line, ky, unit, metric: metricKey, formId: metric.formId, value, note,
      period: period.key, spanStart: period.period.start, spanEnd: period.period.end });
  }

  // --- Each figure group through the ledger's checks (limits, cross-checks, locks) -------------
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const key = `${r.ky}\u0000${r.unit}\u0000${r.formId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ky: r.ky, unit: r.unit, formId: r.formId, period: r.period, spanStart: r.spanStart, spanEnd: r.spanEnd, notes: [], values: [], lines: new Map() }));
    g.values.push([r.metric, r.value]);
    g.lines.set(r.metric, r.line);
    if (r.note && !g.notes.includes(r.note)) g.notes.push(r.note);
  }
  const requestOf = (g: Group): RecordRequest => ({
    source: "import", unitCode: g.unit, formId: g.formId, values: Object.fromEntries(g.values),
    span: { period: g.period, start: g.spanStart, end: g.spanEnd }, note: g.notes.length ? g.notes.join("; ") : null, now: opts.now,
  });
  for (const g of groups.values()) errors.push(...checkEntry(db, requestOf(g), opts.cutoffDay).flatMap((r) => groupErrors(g, r)));

  if (errors.length) return fail(errors);
  if (rows.length === 0) {
    return fail([{ line: 0, message: `tệp không có dòng số liệu nào dưới tiêu đề. Mỗi dòng dạng: 2024,dong-hung,tuyen_truyen.so_buoi,12` }]);
  }

  // --- Write in one transaction -----------------------------------------------------------

  const fingerprint = createHash("sha256")
    .update(rows.map((r) => [r.ky, r.unit, r.metric, r.value, r.note].join("\t")).sort().join("\n"))
    .digest("hex");
  const settingKey = `import:${fingerprint}`;
  const client = db.$client;
  const createdAt = opts.now.getTime();
  const refusedWhileWriting = new Error("refused while writing");

  const write = client.transaction((): ImportError | null => {
    const previous = client.prepare("select value_json from settings where key = ?").get(settingKey) as { value_json: string } | undefined;
    if (previous && !opts.allowRepeat) {
      const rec = JSON.parse(previous.value_json) as ImportRecord;
      if (activeImported(db, rec.firstEntryId, rec.lastEntryId) > 0) {
        return { line: 0, message:
          `các dòng này đã được nhập ngày ${formatDateShort(todayInVietnam(new Date(rec.at)))}` +
          `${rec.file ? ` (tệp ${rec.file})` : ""}: ${rec.rows} dòng. Nhập lại sẽ cộng số liệu hai lần nên không nhập. ` +
          "Nếu thật sự muốn cộng thêm một lần nữa, nhập lại với --allow-repeat (npm run cli -- import <tệp> --allow-repeat)." };
      }
    }
    let firstEntryId = 0;
    let lastEntryId = 0;
    for (const g of groups.values()) {
      const r = recordEntry(db, requestOf(g), opts.cutoffDay);
      // Checked just above in the same process; a refusal now rolls the whole import back.
      if (!r.ok) throw refusedWhileWriting;
      firstEntryId ||= r.entryId;
      lastEntryId = r.entryId;
    }
    const rec: ImportRecord = { file: opts.file ?? null, at: opts.now.toISOString(), rows: rows.length, entries: groups.size, firstEntryId, lastEntryId };
    client.prepare("insert into settings (key, value_json, updated_at) values (?, ?, ?) " +
      "on conflict(key) do update set value_json = excluded.value_json, updated_at = excluded.updated_at")
      .run(settingKey, JSON.stringify(rec), createdAt);
    return null;
  });
  let refused: ImportError | null;
  try {
    refused = write.immediate();
  } catch (err) {
    if (err !== refusedWhileWriting) throw err;
    refused = { line: 0, message: "số liệu vừa thay đổi trong lúc nhập (có kỳ vừa khóa sổ?); không có gì được ghi. Xin nhập lại." };
  }
  if (refused) return fail([refused]);
  return { ok: true, rows: rows.length, entries: groups.size };
}

/** What "settings" keeps about each import, under "import:<sha256 of its rows>". */
interface ImportRecord { file: string | null; at: string; rows: number; entries: number; firstEntryId: number; lastEntryId: number }

// --- Helpers ---------------------------------------------------------------------------------

/** A refusal of the ledger for a figure group, on the rows it concerns. */
function groupErrors(g: Group, r: Refusal): ImportError[] {
  const where = `(kỳ "${g.ky}", đơn vị "${g.unit}")`;
  if (r.reason === "locked") {
    return [...g.lines.values()].map((line) => ({ line, message: `${r.message} Xin lãnh đạo mở khóa cho đơn vị "${g.unit}" (/mokhoa) rồi nhập lại.` }));
  }
  if (r.reason === "unit_kind") {
    return [{ line: [...g.lines.values()][0] ?? 0, message: `${r.message} Xin kiểm tra mã đơn vị "${g.unit}" (cột don_vi) hoặc mã chỉ tiêu.` }];
  }
  if (r.reason === "check") {
    // On the row of the figure to change first, naming the rows it was checked against.
    const lines = (r.metrics ?? []).map((m) => g.lines.get(m)).filter((l): l is number => l !== undefined);
    const [line = [...g.lines.values()][0] ?? 0, ...others] = lines;
    return [{ line, message: `${r.message}${others.length ? ` Xem cùng dòng ${others.join(", ")} ${where}.` : ""}` }];
  }
  return [{ line: (r.metric && g.lines.get(r.metric)) || ([...g.lines.values()][0] ?? 0), message: r.message }];
}

function fail(all: ImportError[]): ImportResult {
  const errors = [...all].sort((a, b) => a.line - b.line);
  if (errors.length <= MAX_IMPORT_ERRORS) return { ok: false, errors };
  const shown = errors.slice(0, MAX_IMPORT_ERRORS);
  shown.push({ line: 0, message: `còn ${errors.length - MAX_IMPORT_ERRORS} lỗi khác. Sửa các lỗi trên rồi nhập lại; không có gì được ghi.` });
  return { ok: false, errors: shown };
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

/** "Kỳ", "Đơn vị", "chi tieu", " GIA_TRI " → ky, don_vi, chi_tieu, gia_tri. */
function normalizeHeader(name: string): string {
  return fold(name).replace(/[\s-]+/g, "_");
}

function checkHeader(header: string[]): ImportError[] {
  const errors: ImportError[] = [];
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  const separator = header.length === 1 ? [";", "\t"].find((d) => header[0]!.includes(d)) : undefined;
  if (missing.length && separator) {
    errors.push({ line: 1, message:
      `tệp dùng ${separator === ";" ? "dấu chấm phẩy (;)" : "dấu tab"} để phân cách cột; cần dấu phẩy. ` +
      `Trong Excel chọn Lưu thành → "CSV UTF-8 (phân cách bằng dấu phẩy)". Dòng đầu phải là: ${HEADER_EXAMPLE}` });
  } else if (missing.length) {
    errors.push({ line: 1, message:
      `thiếu cột ${missing.map((c) => `"${c}"`).join(", ")} ở dòng tiêu đề. Dòng đầu của tệp phải là: ${HEADER_EXAMPLE} (ghi_chu có thể bỏ).` });
  }
  const dup = header.filter((c, i) => c !== "" && header.indexOf(c) !== i);
  if (dup.length) errors.push({ line: 1, message: `cột ${[...new Set(dup)].map((c) => `"${c}"`).join(", ")} có hai lần ở dòng tiêu đề; xin xóa một cột.` });
  return errors;
}

function csvErrorOf(err: CsvError | Error, columns: number): ImportError {
  const e = err as Partial<CsvError> & Error;
  const line = typeof e.lines === "number" ? e.lines : 0;
  switch (e.code) {
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const got = Array.isArray(e.record) ? e.record.length : undefined;
      return { line, message:
        `có ${got ?? "số"} cột nhưng dòng tiêu đề có ${columns} cột. Mỗi dòng phải đủ các cột như tiêu đề (ô trống vẫn có dấu phẩy); ` +
        `số có dấu phẩy thập phân phải đặt trong ngoặc kép, ví dụ "2,5".` };
    }
    case "INVALID_OPENING_QUOTE":
      return { line, message: `${typeof e.column === "string" ? `cột ${e.column}: ` : ""}dấu ngoặc kép đặt sai (ở giữa ô). ` +
        "Ô có dấu ngoặc kép phải được bao cả ô trong ngoặc kép và viết mỗi dấu bên trong hai lần, ví dụ: \"=HYPERLINK(\"\"http://x\"\")\"; hoặc bỏ dấu ngoặc kép." };
    case "CSV_QUOTE_NOT_CLOSED":
      return { line, message: "thiếu dấu ngoặc kép đóng (\"). Mỗi ô mở bằng ngoặc kép phải đóng bằng ngoặc kép." };
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return { line, message: "sau dấu ngoặc kép đóng phải là dấu phẩy hoặc hết dòng. Trong ô có ngoặc kép, viết hai lần: \"\"." };
    default:
      return { line, message: `không đọc được dòng này như CSV (${e.message}). Lưu tệp dạng CSV UTF-8, phân cách bằng dấu phẩy.` };
  }
}

type KyRead = { ok: true; key: string; period: Period } | { ok: false; message: string };

/** A year or month key → that period; a date → that day (its entry belongs to the date's month). */
function readKy(ky: string, cutoff: number, today: string): KyRead {
  if (ky === "") return { ok: false, message: `thiếu kỳ (cột ky). ${KY_HINT}` };
  let period: Period | null = null;
  let key = ky;
  if (/^\d{4}$/.test(ky) || /^\d{4}-\d{2}$/.test(ky)) {
    period = periodFromKey(ky, cutoff);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(ky) && isIsoDate(ky)) {
    key = monthOf(ky, cutoff).key;
    period = { kind: "range", key: `${ky}..${ky}`, start: ky, end: ky, label: `ngày ${formatDateShort(ky)}` };
  }
  if (!period) {
    const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(ky);
    const hint = dmy ? ` Ngày ghi dạng năm-tháng-ngày, ví dụ ${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}.` : "";
    return { ok: false, message: `kỳ "${ky}" không hợp lệ. ${KY_HINT}${hint}` };
  }
  if (period.end > today) {
    const what = period.start === period.end ? `ngày ${formatDateShort(period.end)} còn ở tương lai` : `kỳ "${ky}" chưa kết thúc (đến ngày ${formatDateShort(period.end)})`;
    return { ok: false, message: `${what}. Chỉ nhập số liệu đã có; số liệu của kỳ đang diễn ra xin ghi theo ngày, ví dụ ${today}.` };
  }
  return { ok: true, key, period };
}

function unknownMetric(key: string): string {
  const group = key.split(".")[0] ?? "";
  const similar = [...metricKeys()].filter((k) => k.startsWith(`${group}.`));
  const list = similar.length > 0 && similar.length <= 14 ? ` Chỉ tiêu cùng nhóm: ${similar.join(", ")}.` : "";
  return `không có chỉ tiêu "${key}".${list} Xem danh sách: npm run cli -- metrics`;
}
