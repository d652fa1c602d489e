// Zod's issues in Vietnamese, saying what to write: one mapper for the environment, the ward profile
// and the catalogue. Passed as the per-parse error map (`schema.safeParse(data, { error: viIssue })`),
// so a message a schema gives itself (already Vietnamese) wins, and zod's global locale is untouched.
import type { z } from "zod";

/** The raw issue an error map receives: zod's issue plus the input and the schema that refused it. */
type RawIssue = z.core.$ZodRawIssue;

/** Examples of a value by the field's names joined ("signer.name") or its own name ("code"). */
export type Examples = Readonly<Record<string, string>>;

const TYPE_WORDS: Record<string, string> = {
  number: "một số",
  int: "một số nguyên",
  string: "một dòng chữ",
  array: "một danh sách (mỗi mục một dòng bắt đầu bằng \"- \", hoặc [a, b, c])",
  object: "một nhóm mục con (các dòng \"tên: giá trị\" thụt vào dưới mục này)",
  boolean: "có hoặc không (true hoặc false)",
  date: "một ngày (dạng 2025-07-01)",
};

/** The field's own name: the last name on the path ("units, mục 2, kind" → "kind"). */
function fieldName(path: readonly PropertyKey[] | undefined): string | undefined {
  const names = (path ?? []).filter((p): p is string => typeof p === "string");
  return names[names.length - 1];
}

function list(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join(", ");
}

/** "từ 0 đến 65535", "từ 1 trở lên", "" for a number schema's bounds (read from the schema itself). */
function numberRange(schema: unknown): string {
  const s = schema as { minValue?: number | null; maxValue?: number | null } | undefined;
  const safe = (n: number | null | undefined) => (n !== null && n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);
  const min = safe(s?.minValue);
  const max = safe(s?.maxValue);
  if (min !== undefined && max !== undefined) return ` từ ${min} đến ${max}`;
  if (min !== undefined) return ` từ ${min} trở lên`;
  if (max !== undefined) return ` không quá ${max}`;
  return "";
}

function isIntSchema(schema: unknown): boolean {
  const s = schema as { isInt?: boolean; format?: string | null } | undefined;
  return Boolean(s?.isInt) || (s?.format ?? "").includes("int");
}

/** An example for the field at path: looked up by its names joined ("signer.name"), then by its own name. */
function example(path: readonly PropertyKey[] | undefined, examples: Examples): string {
  const names = (path ?? []).filter((p): p is string => typeof p === "string");
  const name = names[names.length - 1];
  const e = examples[names.join(".")] ?? (name ? examples[name] : undefined);
  return e && name ? `, ví dụ: ${name}: ${e}` : "";
}

function sizeMessage(iss: RawIssue & { origin?: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean }, small: boolean): string {
  const n = Number(small ? iss.minimum : iss.maximum);
  switch (iss.origin) {
    case "string":
      if (small && n === 1) return "không được để trống; xin ghi giá trị";
      return small ? `cần ít nhất ${n} ký tự` : `dài quá, tối đa ${n} ký tự`;
    case "array":
    case "set":
      if (small && n === 1) return "cần ít nhất một mục";
      return small ? `cần ít nhất ${n} mục` : `nhiều quá, tối đa ${n} mục`;
    default: {
      // The whole range the schema allows says more than the one bound crossed.
      const range = numberRange(iss.schema);
      if (range.includes("đến")) return `phải là ${isIntSchema(iss.schema) ? "một số nguyên" : "một số"}${range}`;
      const bound = small ? (iss.inclusive === false ? `lớn hơn ${n}` : `từ ${n} trở lên`) : (iss.inclusive === false ? `nhỏ hơn ${n}` : `không quá ${n}`);
      return `phải là số ${bound}`;
    }
  }
}

/**
 * The Vietnamese message for one issue, or undefined to keep the schema's own. `examples` give a
 * value to show for a field by its name (a missing field's message shows how to write it); showInput:
 * false keeps the value out of the message (the environment may hold secrets).
 */
export function viMessage(raw: RawIssue, examples: Examples = {}, o: { showInput?: boolean } = {}): string {
  const iss = raw as RawIssue & Record<string, unknown>;
  const name = fieldName(iss.path as PropertyKey[] | undefined);
  switch (iss.code) {
    case "invalid_type": {
      const expected = String(iss.expected);
      if (iss.input === undefined) {
        const e = example(iss.path as PropertyKey[] | undefined, examples);
        return name ? `thiếu mục ${name}; xin thêm một dòng như: ${e ? e.slice(", ví dụ: ".length) : `${name}: …`}` : "thiếu giá trị";
      }
      if (expected === "number" || expected === "int") {
        const whole = expected === "int" || isIntSchema(iss.schema);
        const fraction = typeof iss.input === "number" && Number.isFinite(iss.input) ? ", không có phần lẻ" : ", không phải chữ";
        return `phải là ${whole ? "một số nguyên" : "một số"}${numberRange(iss.schema)}${fraction}${example(iss.path as PropertyKey[] | undefined, examples)}`;
      }
      return `phải là ${TYPE_WORDS[expected] ?? expected}${example(iss.path as PropertyKey[] | undefined, examples)}`;
    }
    case "invalid_value": {
      const values = (iss.values as unknown[] | undefined) ?? [];
      if (values.length === 1) return `chỉ ghi được ${String(values[0])}`;
      if (o.showInput === false) return `phải là một trong: ${list(values)} (viết đúng như vậy)`;
      return `"${String(iss.input)}" không có trong danh sách; xin ghi một trong: ${list(values)} (viết đúng như vậy)`;
    }
    case "too_small":
      return sizeMessage(iss, true);
    case "too_big":
      return sizeMessage(iss, false);
    case "invalid_format": {
      const format = String(iss.format);
      if (format === "url") return "phải là một địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://";
      if (format === "email") return "phải là một địa chỉ thư điện tử, ví dụ vanphong@phuong.gov.vn";
      return `viết không đúng dạng${example(iss.path as PropertyKey[] | undefined, examples) || "; so với tệp mẫu"}`;
    }
    case "not_multiple_of":
      return `phải là bội số của ${String(iss.divisor)}`;
    case "unrecognized_keys": {
      const keys = (iss.keys as string[] | undefined) ?? [];
      const allowed = allowedKeys(iss.schema);
      return `không dùng mục ${list(keys)}${allowed.length ? `; chỉ dùng được: ${list(allowed)}` : "; xin xóa hoặc sửa tên mục (so với tệp mẫu)"}`;
    }
    case "invalid_key":
      return `tên mục "${String(iss.input)}" không hợp lệ${keyChoices(iss.schema)}`;
    case "invalid_element":
      return "có một mục không hợp lệ";
    case "invalid_union":
      return "giá trị không hợp lệ; so với tệp mẫu";
    default:
      return "giá trị không hợp lệ; so với tệp mẫu";
  }
}

/** The names an object or a record with enum keys takes (to say which to write instead). */
function allowedKeys(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; keyType?: { options?: unknown[] } } | undefined;
  if (s?.keyType?.options) return s.keyType.options.map(String);
  if (s?.shape) return Object.keys(s.shape);
  return [];
}

function keyChoices(schema: unknown): string {
  const keys = allowedKeys(schema);
  return keys.length ? `; xin ghi một trong: ${list(keys)}` : "";
}

/** An error map for `safeParse(data, { error: viIssue })`; with examples, `viIssueWith(examples)`. */
export const viIssue = (iss: RawIssue): string => viMessage(iss);
export const viIssueWith = (examples: Examples) => (iss: RawIssue): string => viMessage(iss, examples);

/** English words zod writes; a message with one of them was not translated (tests use this). */
export const ENGLISH_WORDS = /\b(Invalid|expected|received|Too (small|big)|Unrecognized|must|option|input)\b/i;
