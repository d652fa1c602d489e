// The catalogue file's shape (zod) and buildCatalogue: the checked data made into the model of
// catalogue.ts, with every cross-reference checked. Pure; messages are Vietnamese and say what to
// write. Zod's messages are mapped here, per parse, so no other module's messages change.
import { z } from "zod";
import {
  metricsMatching, type Catalogue, type ChoiceOption, type Comparison, type Condition, type CrossCheck, type FieldDef, type FormDef,
  type MetricDef, type UnitKindDef,
} from "./catalogue.js";
import { fold } from "./vn-text.js";

export interface CatalogueIssue { path: (string | number)[]; message: string }

/** Every problem found in a catalogue's data, each with where it is. */
export class CatalogueError extends Error {
  constructor(readonly issues: readonly CatalogueIssue[]) {
    super(issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  }
}

const ROLES = ["admin", "lanh_dao", "bao_cao"] as const;
const FIELD_TYPES = ["number", "choice", "text", "photo"] as const;
const MAX_COUNT = 1_000_000;
const MAX_MONEY = 1_000_000_000_000;
const METRIC_KEY = /^[a-z0-9_]+(\.[a-z0-9_{}]+)+$/;

const code = z.string().regex(/^[a-z0-9_]+$/, { error: "mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới, ví dụ: tuan_tra_song" });
const text = z.string().trim().min(1).transform((s) => s.normalize("NFC"));
const words = z.array(z.string()).default([]);
const conditionText = z.string();

const base = { key: code, ask: text, shownIf: conditionText.optional() };
const numberField = z.strictObject({
  ...base, type: z.literal("number"), metric: z.string(), label: text.optional(), unit: text,
  words, unitWords: z.array(text).optional(), decimals: z.boolean().default(false), money: z.boolean().default(false),
  max: z.number().int().positive().optional(),
  /** A key figure: charted by month (/bieudo, the report's {{bieu_do …}}, the office page). */
  chart: z.boolean().default(false),
});
const choiceField = z.strictObject({ ...base, type: z.literal("choice"), list: code, label: text.optional() });
const textField = z.strictObject({ ...base, type: z.literal("text"), maxLength: z.number().int().positive().default(500) });
const photoField = z.strictObject({ ...base, type: z.literal("photo") });
const pair = z.tuple([code, code]);

export const catalogueSchema = z.strictObject({
  unitKinds: z.array(z.strictObject({ id: code, label: text, roles: z.array(z.enum(ROLES)).min(1), example: text.optional(), residential: z.boolean().optional() })).min(1),
  // total: false — the option's figures are told apart and not summed into the field's total ("*").
  choiceLists: z.record(code, z.array(z.strictObject({ id: code, label: text, words, total: z.boolean().optional() })).min(1)).default({}),
  forms: z.array(z.strictObject({
    id: code,
    title: text,
    aggregation: z.enum(["flow", "stock"]),
    // May be empty: a form no unit kind files yet keeps its metrics known to the report templates.
    unitKinds: z.array(code),
    words,
    example: text.optional(),
    fields: z.array(z.discriminatedUnion("type", [numberField, choiceField, textField, photoField])).min(1),
    checks: z.array(z.strictObject({ atLeast: pair.optional(), needs: pair.optional(), message: text })).default([]),
  })).min(1),
  captions: z.array(text).default([]),
});
export type CatalogueData = z.infer<typeof catalogueSchema>;

const typeName = (t: string) =>
  ({ string: "một dòng chữ", number: "một con số", boolean: "true hoặc false", array: "một danh sách [ … ]", object: "một mục có các dòng \"tên: giá trị\"" })[t] ?? t;

/** Zod's issue in Vietnamese, saying what to write. */
function vietnamese(iss: z.core.$ZodRawIssue): string {
  switch (iss.code) {
    case "invalid_type":
      return iss.input === undefined ? `thiếu mục này; xin ghi ${typeName(iss.expected)}` : `phải là ${typeName(iss.expected)}`;
    case "invalid_value":
      return `giá trị không hợp lệ; xin ghi một trong: ${iss.values.map(String).join(", ")}`;
    case "unrecognized_keys":
      return `không có mục tên ${iss.keys.join(", ")}; xin xóa hoặc sửa tên (xem chú thích đầu tệp)`;
    case "too_small":
      return iss.origin === "array" ? `cần ít nhất ${String(iss.minimum)} mục` : iss.origin === "string" ? "không được để trống" : `phải lớn hơn ${String(iss.minimum)}`;
    case "too_big":
      return iss.origin === "array" ? `chỉ được ${String(iss.maximum)} mục` : `quá lớn (tối đa ${String(iss.maximum)})`;
    case "invalid_union":
      return `type phải là một trong: ${FIELD_TYPES.join(", ")}`;
    case "invalid_format":
      return "viết sai dạng";
    default:
      return "giá trị không hợp lệ";
  }
}

const OPS = [">=", "<=", "!=", ">", "<", "="] as const;

/** "bat_thuong > 0 và x = 1 hoặc y != 2" read; undefined when it cannot be. */
function parseCondition(s: string): Condition | undefined {
  const groups = s.split(/\s+hoặc\s+/u).map((g) => g.split(/\s+và\s+/u).map((c): Comparison | undefined => {
    const m = /^\s*([a-z0-9_]+)\s*(>=|<=|!=|>|<|=)\s*(-?\d+(?:[.,]\d+)?)\s*$/.exec(c);
    return m ? { field: m[1]!, op: m[2] as Comparison["op"], value: Number(m[3]!.replace(",", ".")) } : undefined;
  }));
  if (groups.some((g) => g.some((c) => !c))) return undefined;
  return { text: s, any: groups as Comparison[][] };
}

/** Checks the data and builds the catalogue; throws CatalogueError naming every problem. */
export function buildCatalogue(data: unknown): Catalogue {
  const parsed = catalogueSchema.safeParse(data, { error: vietnamese });
  if (!parsed.success) {
    throw new CatalogueError(parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "number" ? p : String(p))), message: i.message })));
  }
  const d = parsed.data;
  const issues: CatalogueIssue[] = [];
  const problem = (path: (string | number)[], message: string) => issues.push({ path, message });

  const kinds = new Set<string>();
  d.unitKinds.forEach((k, i) => {
    if (kinds.has(k.id)) problem(["unitKinds", i, "id"], `loại đơn vị "${k.id}" ghi hai lần; xin đổi mã hoặc xóa một mục`);
    kinds.add(k.id);
    if (k.residential && d.unitKinds.findIndex((x) => x.residential) < i) {
      problem(["unitKinds", i, "residential"], `chỉ một loại đơn vị được ghi residential: true (đơn vị dân cư của phường, như khóm hoặc ấp); xin bỏ ở "${k.id}"`);
    }
  });
  const lists: Record<string, ChoiceOption[]> = {};
  for (const [name, options] of Object.entries(d.choiceLists)) {
    const seen = new Set<string>();
    options.forEach((o, i) => {
      if (seen.has(o.id)) problem(["choiceLists", name, i, "id"], `lựa chọn "${o.id}" ghi hai lần; xin đổi mã hoặc xóa một mục`);
      seen.add(o.id);
    });
    lists[name] = options.map((o) => ({ id: o.id, label: o.label, words: o.words.map(fold), ...(o.total === false ? { outsideTotal: true as const } : {}) }));
  }

  const formIds = new Set<string>();
  const metricForm = new Map<string, string>();
  const forms: FormDef[] = [];
  const metrics: MetricDef[] = [];
  d.forms.forEach((f, fi) => {
    const at = (...rest: (string | number)[]) => ["forms", fi, ...rest];
    if (formIds.has(f.id)) problem(at("id"), `biểu mẫu "${f.id}" ghi hai lần; mỗi biểu mẫu một mã riêng`);
    formIds.add(f.id);
    f.unitKinds.forEach((k, i) => {
      if (!kinds.has(k)) problem(at("unitKinds", i), `không có loại đơn vị "${k}"; xin ghi một trong: ${[...kinds].join(", ")} (hoặc thêm nó vào unitKinds)`);
    });
    const keys = new Map<string, string>();
    f.fields.forEach((x, i) => {
      if (keys.has(x.key)) problem(at("fields", i, "key"), `câu hỏi "${x.key}" ghi hai lần trong biểu mẫu; mỗi câu hỏi một key riêng`);
      keys.set(x.key, x.type);
    });
    const numbers = new Set(f.fields.filter((x) => x.type === "number").map((x) => x.key));
    const names = (set: Set<string>) => [...set].join(", ") || "(không có)";

    const fields: FieldDef[] = f.fields.map((x, i): FieldDef => {
      let shownIf: Condition | undefined;
      if (x.shownIf !== undefined) {
        shownIf = parseCondition(x.shownIf);
        if (!shownIf) problem(at("fields", i, "shownIf"), `điều kiện viết sai; xin viết dạng "bat_thuong > 0" (dấu: ${OPS.join(" ")}; nối bằng "và", "hoặc")`);
        for (const c of shownIf?.any.flat() ?? []) {
          if (!numbers.has(c.field)) problem(at("fields", i, "shownIf"), `không có câu hỏi số "${c.field}" trong biểu mẫu; xin ghi một trong: ${names(numbers)}`);
        }
      }
      const common = { key: x.key, prompt: x.ask, ...(shownIf ? { shownIf } : {}) };
      switch (x.type) {
        case "number": {
          if (x.decimals && x.money) problem(at("fields", i), "một số không thể vừa có số lẻ (decimals) vừa là tiền (money); xin bỏ một trong hai");
          if (!METRIC_KEY.test(x.metric)) problem(at("fields", i, "metric"), `mã chỉ tiêu "${x.metric}" viết sai; xin viết dạng nhom.ten (chữ thường không dấu, số, "_", các phần nối bằng dấu chấm), ví dụ: tuan_tra_song.luot`);
          const placeholders = [...x.metric.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
          const choices = placeholders.map((p) => f.fields.find((y) => y.key === p && y.type === "choice"));
          placeholders.forEach((p, j) => {
            if (!choices[j]) problem(at("fields", i, "metric"), `"{${p}}" phải là key của một câu hỏi choice trong biểu mẫu`);
          });
          const field = { ...common, kind: "number" as const, metric: x.metric, label: x.label ?? x.unit, unit: x.unit,
            ...(x.unitWords ? { unitWords: x.unitWords } : {}), words: x.words.map(fold), decimals: x.decimals, money: x.money,
            max: x.max ?? (x.money ? MAX_MONEY : MAX_COUNT), ...(x.chart ? { chart: true as const } : {}) };
          const meta = { label: field.label, unit: x.unit, aggregation: f.aggregation, formId: f.id,
            money: x.money || undefined, decimals: x.decimals || undefined, max: field.max };
          // One metric per option of the choice named by the placeholder ("tuan_tra.{kind}.luot_to").
          const option = choices[0]?.type === "choice" ? lists[choices[0].list] : undefined;
          const expanded = placeholders.length === 0 ? [{ key: x.metric, ...meta }]
            : placeholders.length === 1 && option
              ? option.map((o) => ({ ...meta, key: x.metric.replace(`{${placeholders[0]}}`, o.id), label: `${o.label} (${x.unit})`,
                ...(o.outsideTotal ? { outsideTotal: true as const } : {}) }))
              : [];
          if (placeholders.length > 1) problem(at("fields", i, "metric"), "mã chỉ tiêu chỉ được có một chỗ {…}");
          for (const m of expanded) {
            const other = metricForm.get(m.key);
            if (other !== undefined) problem(at("fields", i, "metric"), `mã chỉ tiêu "${m.key}" đã dùng ở ${other}; mỗi chỉ tiêu một mã riêng`);
            else metricForm.set(m.key, `biểu mẫu ${f.id}, câu hỏi ${x.key}`);
            metrics.push(m);
          }
          return field;
        }
        case "choice":
          if (!lists[x.list]) problem(at("fields", i, "list"), `không có danh sách lựa chọn "${x.list}"; xin ghi một trong: ${Object.keys(lists).join(", ") || "(chưa có; thêm vào choiceLists)"}`);
          return { ...common, kind: "choice", label: x.label ?? "Hình thức", list: x.list, options: lists[x.list] ?? [] };
        case "text":
          return { ...common, kind: "text", optional: true, maxLength: x.maxLength };
        case "photo":
          return { ...common, kind: "photo", optional: true };
      }
    });

    const checks: CrossCheck[] = [];
    f.checks.forEach((c, i) => {
      const rules = (["atLeast", "needs"] as const).filter((r) => c[r]);
      if (rules.length !== 1) {
        problem(at("checks", i), "mỗi điều kiện ghi đúng một trong: atLeast: [a, b] hoặc needs: [a, b]");
        return;
      }
      const rule = rules[0]!;
      const pairOf = c[rule]!;
      pairOf.forEach((k, j) => {
        if (!numbers.has(k)) problem(at("checks", i, rule, j), `không có câu hỏi số "${k}" trong biểu mẫu; xin ghi một trong: ${names(numbers)}`);
      });
      checks.push({ rule, fields: [pairOf[0], pairOf[1]], message: c.message });
    });
    forms.push({ id: f.id, title: f.title, unitKinds: f.unitKinds, aggregation: f.aggregation, fields, checks,
      words: f.words.map(fold), ...(f.example ? { example: f.example } : {}) });
  });

  d.captions.forEach((line, i) => {
    for (const m of line.matchAll(/\{([^}]*)\}/g)) {
      for (const term of m[1]!.split("+").map((t) => t.trim())) {
        if (!metricsMatching(term, metrics).length) {
          problem(["captions", i], `không có chỉ tiêu "${term}"; xin ghi mã chỉ tiêu của một câu hỏi số (có thể dùng * thay một phần mã)`);
        }
      }
    }
  });

  if (issues.length) throw new CatalogueError(issues);
  const unitKinds: UnitKindDef[] = d.unitKinds.map((k) => ({ id: k.id, label: k.label, roles: k.roles, ...(k.example ? { example: k.example } : {}),
    ...(k.residential ? { residential: true } : {}) }));
  return { unitKinds, choiceLists: lists, forms, captions: d.captions, metrics };
}
