// Parsing and validation of a template file: YAML front matter, then body lines (headings,
// paragraphs, [[commands]]). Every problem is collected with its line; nothing is thrown.
import { chartTargetById, chartTargets } from "../../domain/chart-figures.js";
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
import { metricByKey, metricKeys } from "../../domain/catalogue.js";
import { fold } from "../../domain/vn.js";
import { OpenConditions } from "./condition-blocks.js";
import { conditionCommand } from "./conditions.js";
import { normName, parseInline, resolveTerm, suggest, type Report } from "./inline.js";
import {
  TemplateError, type FrontMatter, type Inline, type ParseResult, type TableColumn, type Template,
  type TemplateBlock,
} from "./types.js";

const FRONT_KEYS: Record<string, string> = {
  loai: "loại văn bản (BÁO CÁO)",
  trich_yeu: "trích yếu",
  so: "số văn bản",
  ky_hieu: "ký hiệu (BC-UBND)",
  noi_nhan: "danh sách nơi nhận",
  tham_quyen: "thẩm quyền ký (TM. ỦY BAN NHÂN DÂN)",
  chuc_vu: "chức vụ người ký (CHỦ TỊCH)",
};

const YAML_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: "khóa bị lặp lại",
  MISSING_CHAR: "thiếu ký tự đóng (dấu nháy hoặc ngoặc)",
  BAD_INDENT: "thụt lề sai",
  BLOCK_AS_IMPLICIT_KEY: "thụt lề sai (khóa lồng trong khóa)",
  MULTILINE_IMPLICIT_KEY: "dòng không có dạng “khóa: giá trị”",
  UNEXPECTED_TOKEN: "ký tự không mong đợi",
  TAB_AS_INDENT: "không dùng phím Tab để thụt lề, hãy dùng dấu cách",
};

export function parseTemplate(source: string, file: string): ParseResult {
  const errors: TemplateError[] = [];
  const report: Report = (line, message) => errors.push(new TemplateError(file, line, message));
  const lines = source.normalize("NFC").replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);

  // --- front matter -------------------------------------------------------------------
  let bodyStart = 0;
  let front: FrontMatter | null = null;
  if ((lines[0] ?? "").trim() !== "---") {
    report(1, "Tệp mẫu phải bắt đầu bằng phần đầu giữa hai dòng “---” (có ít nhất “trich_yeu: …”).");
  } else {
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
    if (close < 0) {
      report(1, "Phần đầu mở bằng “---” ở dòng 1 nhưng không có dòng “---” đóng lại.");
      bodyStart = lines.length;
    } else {
      front = parseFront(lines.slice(1, close).join("\n"), 1, report);
      bodyStart = close + 1;
    }
  }

  // --- body ---------------------------------------------------------------------------
  const body: TemplateBlock[] = [];
  let appendix: Template["appendix"] = null;
  let target = body;
  const openIfs = new OpenConditions();
  let commentFrom = 0;
  for (let i = bodyStart; i < lines.length; i++) {
    const line = i + 1;
    let text = lines[i] ?? "";
    // comments <!-- … -->, possibly over several lines
    if (commentFrom) {
      const end = text.indexOf("-->");
      if (end < 0) continue;
      text = text.slice(end + 3);
      commentFrom = 0;
    }
    text = text.replace(/<!--.*?-->/g, "");
    const open = text.indexOf("<!--");
    if (open >= 0) {
      commentFrom = line;
      text = text.slice(0, open);
    }
    text = text.trim();
    if (text === "") continue;

    const h = /^(#+)\s*(.*)$/.exec(text);
    if (h) {
      const level = h[1]!.length;
      if (level > 3) report(line, "Chỉ có 3 cấp đề mục: “#” (I.), “##” (1.), “###” (a).");
      else if (h[2] === "") report(line, "Đề mục trống.");
      else target.push({ kind: "heading", level: level as 1 | 2 | 3, content: parseInline(h[2]!, line, report), line });
      continue;
    }
    if (text.startsWith("[[")) {
      if (!text.endsWith("]]")) {
        report(line, "Lệnh “[[” chưa được đóng bằng “]]” (lệnh phải nằm trọn trên một dòng).");
        continue;
      }
      const cc = conditionCommand(text.slice(2, -2), line, report);
      if (cc) {
        target = openIfs.step(cc, line, target, report);
        continue;
      }
      const cmd = parseCommand(text.slice(2, -2), line, report);
      if (cmd === "appendix") {
        if (appendix) report(line, `Chỉ được có một lệnh [[phu_luc]] (đã có ở dòng ${appendix.line}).`);
        else if (openIfs.open) report(line, `Lệnh [[phu_luc]] không được nằm trong [[neu …]] (mở ở dòng ${openIfs.open}): hãy đóng bằng [[het]] trước.`);
        else {
          appendix = { subtitle: commandTitle(text.slice(2, -2), line, report), blocks: [], line };
          target = appendix.blocks;
        }
      } else if (cmd) target.push(cmd);
      continue;
    }
    target.push({ kind: "paragraph", content: parseInline(text, line, report), line });
  }
  if (commentFrom) report(commentFrom, "Ghi chú “<!--” chưa được đóng bằng “-->”.");
  openIfs.finish(report);

  if (errors.length > 0 || !front) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, template: { file, front, body, appendix } };
}

// ---------------------------------------------------------------------------------------

function parseFront(src: string, offset: number, report: Report): FrontMatter | null {
  const lc = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lc, uniqueKeys: true });
  const lineOf = (pos: number | undefined) => (pos === undefined ? offset : lc.linePos(pos).line + offset);
  if (doc.errors.length > 0) {
    const seen = new Set<number>();
    for (const e of doc.errors) {
      let line = (e.linePos?.[0].line ?? 1) + offset;
      const quote = e.code === "MISSING_CHAR" && /quote/i.test(e.message);
      if (quote) line = openQuoteLine(src, line - offset) + offset;
      if (seen.has(line)) continue;
      seen.add(line);
      const what = quote ? "dấu nháy mở ở dòng này chưa được đóng" : YAML_MESSAGES[e.code] ?? e.message.split(" at line")[0];
      report(line, `Phần đầu (YAML) sai cú pháp: ${what}.`);
    }
    return null;
  }
  const root = doc.contents;
  if (root === null || !isMap(root)) {
    report(offset + 1, "Phần đầu phải gồm các dòng “khóa: giá trị”, ví dụ “trich_yeu: Kết quả …”.");
    return null;
  }
  const values = new Map<string, YamlNode>();
  let ok = true;
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const line = lineOf(isScalar(item.key) ? item.key.range?.[0] : undefined);
    if (!(key in FRONT_KEYS)) {
      const s = suggest(key, Object.keys(FRONT_KEYS));
      report(line, `Phần đầu: không có khóa “${key}”.${s ? ` Có phải “${s}”?` : ""} Các khóa: ${Object.keys(FRONT_KEYS).join(", ")}.`);
      ok = false;
    } else if (item.value) values.set(key, item.value as YamlNode);
  }
  const str = (key: string): { text: string; line: number } | null => {
    const node = values.get(key);
    if (!node) return null;
    const line = lineOf(node.range?.[0]);
    if (!isScalar(node) || (typeof node.value !== "string" && typeof node.value !== "number")) {
      report(line, `Phần đầu: “${key}” phải là một dòng chữ.`);
      ok = false;
      return null;
    }
    return { text: String(node.value).trim(), line };
  };
  const inline = (key: string): Inline | null => {
    const v = str(key);
    return v ? parseInline(v.text, v.line, report) : null;
  };
  const type = inline("loai");
  const subject = inline("trich_yeu");
  if (!subject && !values.has("trich_yeu")) {
    report(offset + 1, "Phần đầu thiếu “trich_yeu: …” (trích yếu của báo cáo).");
    ok = false;
  }
  const number = str("so")?.text ?? null;
  const symbol = str("ky_hieu")?.text ?? null;
  let recipients: Inline[] | null = null;
  const rn = values.get("noi_nhan");
  if (rn) {
    if (!isSeq(rn) || rn.items.length === 0) {
      report(lineOf(rn.range?.[0]), "Phần đầu: “noi_nhan” phải là danh sách, mỗi nơi nhận một dòng “  - …”.");
      ok = false;
    } else {
      recipients = rn.items.map((it) => {
        const n = it as YamlNode;
        const line = lineOf(n.range?.[0]);
        if (!isScalar(n) || typeof n.value !== "string") {
          report(line, "Phần đầu: mỗi nơi nhận phải là một dòng chữ (đặt trong dấu nháy nếu có dấu “:”).");
          ok = false;
          return [];
        }
        return parseInline(n.value.trim(), line, report);
      });
    }
  }
  const authority = inline("tham_quyen");
  const title = inline("chuc_vu");
  if (!ok || !subject) return null;
  return { type, subject, number, symbol, recipients, authority, title };
}

/** The YAML line (1-based, at or before `upTo`) holding an unbalanced double quote. */
function openQuoteLine(src: string, upTo: number): number {
  const lines = src.split("\n");
  for (let i = Math.min(upTo, lines.length) - 1; i >= 0; i--) {
    const quotes = (lines[i] ?? "").replace(/\\"/g, "").split('"').length - 1;
    if (quotes % 2 === 1) return i + 1;
  }
  return upTo;
}

/** Splits "head: args | title" at the first ":" and the first "|" outside "{{ }}". */
function splitCommand(src: string): { head: string; args: string; title: string | null } {
  let depth = 0;
  let colon = -1;
  let bar = -1;
  for (let i = 0; i < src.length; i++) {
    if (src.startsWith("{{", i)) depth++;
    else if (src.startsWith("}}", i)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && src[i] === ":" && colon < 0 && bar < 0) colon = i;
    else if (depth === 0 && src[i] === "|" && bar < 0) bar = i;
  }
  const end = bar >= 0 ? bar : src.length;
  return {
    head: colon >= 0 ? src.slice(0, colon) : src.slice(0, end),
    args: colon >= 0 ? src.slice(colon + 1, end) : "",
    title: bar >= 0 ? src.slice(bar + 1).trim() : null,
  };
}

const COMMANDS = "[[bang don_vi: …]], [[bang thang: …]], [[bang moc_bat_thuong | …]], [[bieu_do: …]], [[can_cu]], [[cach_tinh]], [[thay_doi_don_vi]], [[nhiem_vu]], [[neu …]], [[khac]], [[het]], [[phu_luc: …]]";

function commandTitle(src: string, line: number, report: Report): Inline | null {
  const { args, title } = splitCommand(src);
  const t = (title ?? args).trim();
  return t ? parseInline(t, line, report) : null;
}

function parseCommand(src: string, line: number, report: Report): TemplateBlock | "appendix" | null {
  const { head, args, title } = splitCommand(src);
  const name = fold(head).replace(/[\s-]+/g, "_");
  switch (name) {
    case "tien_do":
      report(line, "Lệnh [[tien_do]] không còn dùng: tiến độ báo cáo của các đơn vị (đã có x/8 đơn vị, chưa báo cáo) là thông tin nội bộ, không được in trong văn bản chính thức; bot chỉ ghi nó trong lời nhắn kèm tệp báo cáo. Hãy xóa dòng này.");
      return null;
    case "can_cu":
      if (args.trim() || title) report(line, "Lệnh [[can_cu]] không có tham số.");
      return { kind: "basis", line };
    case "cach_tinh":
      if (args.trim() || title) report(line, "Lệnh [[cach_tinh]] không có tham số.");
      return { kind: "window", line };
    case "thay_doi_don_vi":
      if (args.trim() || title) report(line, "Lệnh [[thay_doi_don_vi]] không có tham số.");
      return { kind: "unitChanges", line };
    case "phu_luc":
      return "appendix";
    case "nhiem_vu":
      if (args.trim()) report(line, "Lệnh [[nhiem_vu]] không ghi chỉ tiêu; chữ kết thúc nhiệm vụ cuối viết sau “|”: [[nhiem_vu | ./.]].");
      return { kind: "tasks", end: (title ?? "").normalize("NFC"), line };
    case "bang_don_vi":
    case "bang_thang": {
      const columns = parseColumns(args, line, report);
      if (name === "bang_thang") {
        // A stock (households, groups) is a level at a day, not a sum: its month rows could not add up to a total.
        for (const c of columns.filter((c) => metricByKey(c.key)?.aggregation === "stock")) {
          report(line, `Cột “${c.key}” là số liệu tồn tại tại một thời điểm (không cộng dồn theo tháng), nên không đặt được trong [[bang thang: …]]: dòng “Tổng cộng” sẽ không bằng tổng các tháng. Hãy đặt nó trong [[bang don_vi: …]].`);
        }
      }
      if (columns.length === 0) return null;
      return {
        kind: "table", by: name === "bang_thang" ? "month" : "unit", columns,
        title: title ? parseInline(title, line, report) : null, line,
      };
    }
    case "bang_moc_bat_thuong":
      if (args.trim()) report(line, "Bảng mốc bất thường có cột cố định, không ghi chỉ tiêu: [[bang moc_bat_thuong | Biểu #. …]].");
      return { kind: "anomalies", title: title ? parseInline(title, line, report) : null, line };
    case "bieu_do": {
      const target = args.trim();
      if (!chartTargetById(target)) {
        const known = chartTargets().map((t) => t.id).join(", ");
        report(line, `Biểu đồ cần tên một biểu mẫu có số liệu chính (chart: true trong danh mục) hoặc một mã chỉ tiêu: [[bieu_do: tuan_tra | Biểu #. …]]. ${target ? `Không có “${target}”. ` : ""}Các biểu mẫu: ${known}.`);
        return null;
      }
      return { kind: "chart", target, title: title ? parseInline(title, line, report) : null, line };
    }
    case "bang":
      report(line, "Lệnh bảng cần nói rõ theo đơn vị hay theo tháng: [[bang don_vi: …]] hoặc [[bang thang: …]].");
      return null;
    default:
      report(line, `Không có lệnh “[[${head.trim()}]]”. Các lệnh: ${COMMANDS}.`);
      return null;
  }
}

/** "key, key (Nhãn cột), …" → columns; commas inside parentheses belong to the label. */
function parseColumns(src: string, line: number, report: Report): TableColumn[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of src) {
    if (c === "(") depth++;
    if (c === ")") depth = Math.max(0, depth - 1);
    if (c === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  const columns: TableColumn[] = [];
  for (const raw of parts.map((p) => p.trim())) {
    if (raw === "") continue;
    const m = /^([^()]+?)\s*(?:\((.*)\))?$/.exec(raw);
    if (!m) {
      report(line, `Cột “${raw}” viết sai: dùng “chỉ_tiêu” hoặc “chỉ_tiêu (Tên cột)”.`);
      continue;
    }
    const key = normName(m[1]!);
    if (!metricByKey(key)) {
      const r = resolveTerm(m[1]!, line, () => undefined);
      report(line, r
        ? `Cột “${m[1]}” phải là một chỉ tiêu số liệu, không phải trường.`
        : `Không có chỉ tiêu “${m[1]}”.${hint(suggest(key, metricKeys()))}`);
      continue;
    }
    columns.push(m[2]?.trim() ? { key, label: m[2].trim().normalize("NFC") } : { key });
  }
  if (columns.length === 0 && parts.every((p) => p.trim() === "")) {
    report(line, "Bảng cần ít nhất một cột, ví dụ: [[bang don_vi: tuyen_truyen.so_buoi, tuyen_truyen.luot_nguoi]].");
  }
  return columns;
}

const hint = (s: string | undefined) => (s ? ` Có phải “${s}”?` : "");
