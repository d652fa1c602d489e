// A YAML file an office edits (the ward profile, the catalogue), read so that every error can name
// the file, the line and the column, in Vietnamese, with what to write instead.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from "yaml";

export interface Position { line: number; column: number }

/** An error in a YAML file the office can act on: printed as one line. */
export class YamlFileError extends Error {
  constructor(readonly file: string, readonly position: Position | undefined, message: string) {
    super(`Tệp ${file}${position ? `, dòng ${position.line}, cột ${position.column}` : ""}: ${message}`);
  }
}

export interface YamlSource {
  file: string;
  data: unknown;
  /** Where a value sits (or, when it is missing, the nearest thing that holds it). */
  at(path: readonly PropertyKey[]): Position | undefined;
  /** A YamlFileError at the value of `path`, naming the item as a clerk counts ("units, mục 2, kind"). */
  error(path: readonly PropertyKey[], message: string): YamlFileError;
}

/** What each YAML syntax error means, and what to write instead. */
const SYNTAX: Record<string, string> = {
  MULTILINE_IMPLICIT_KEY: "một mục viết tràn sang dòng sau; mỗi mục \"tên: giá trị\" phải nằm trên một dòng (thiếu dấu \":\" hay thụt lề sai?)",
  BAD_INDENT: "thụt lề sai; các mục cùng cấp phải thẳng cột, dùng dấu cách (không dùng Tab)",
  TAB_AS_INDENT: "dùng phím Tab để thụt lề; xin thay bằng dấu cách",
  DUPLICATE_KEY: "mục này ghi hai lần; xin xóa một lần",
  MISSING_CHAR: "thiếu dấu đóng (\", ', ] hoặc })",
  BLOCK_AS_IMPLICIT_KEY: "thiếu dấu \":\" sau tên mục, hoặc thụt lề sai",
  UNEXPECTED_TOKEN: "có ký tự không đúng chỗ; kiểm tra dấu \":\", \"-\" và dấu ngoặc",
  BAD_SCALAR_START: "giá trị bắt đầu bằng ký tự đặc biệt; xin đặt giá trị trong dấu ngoặc kép \"…\"",
  BLOCK_IN_FLOW: "trong dấu { } hoặc [ ] chỉ viết trên một dòng, các giá trị cách nhau bởi dấu phẩy",
  BAD_DQ_ESCAPE: "dấu \\ trong ngoặc kép không hợp lệ; xin bỏ dấu \\ hoặc dùng ngoặc đơn",
  MULTIPLE_DOCS: "tệp chỉ được có một phần; xin xóa dòng \"---\" thứ hai",
};

function syntaxMessage(e: YAMLError): string {
  return SYNTAX[e.code] ?? `viết sai cú pháp YAML (${e.code}); so với tệp mẫu cùng thư mục`;
}

/** "units, mục 2, kind": list items counted from 1, as a clerk counts. */
export function describePath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const p of path) {
    if (typeof p === "number") parts.push(`mục ${p + 1}`);
    else parts.push(String(p));
  }
  return parts.join(", ") || "(đầu tệp)";
}

/** Parses the text; a syntax error throws YamlFileError with its line and column. */
export function readYamlSource(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    throw new YamlFileError(file, { line, column: col }, syntaxMessage(first));
  }
  const positionOf = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const at = (path: readonly PropertyKey[]): Position | undefined => {
    // The deepest node that exists along the path: a missing key points at what should hold it.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) return positionOf(node.range[0]);
      if (n === 0 && (isMap(doc.contents) || isSeq(doc.contents))) return positionOf(doc.contents.range?.[0] ?? 0);
    }
    return undefined;
  };
  return {
    file,
    data: doc.toJS({ maxAliasCount: 100 }),
    at,
    error: (path, message) => new YamlFileError(file, at(path), `${describePath(path)}: ${message}`),
  };
}
