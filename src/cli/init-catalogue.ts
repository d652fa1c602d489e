// The new ward's catalogue: templates/catalogue.yaml with the ward's new unit kinds and the forms each
// of its kinds files, through the yaml library's Document API so the comments stay.
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from "yaml";

export interface WardKinds {
  /** Every unit kind the ward has (with "phuong", the ward itself), and the label of a new one. */
  kinds: ReadonlyMap<string, string | undefined>;
  /** The forms a kind files, when the clerk named them (--bieu-mau); other kinds keep the template's. */
  formsByKind: ReadonlyMap<string, readonly string[]>;
}

const idOf = (node: unknown): string => String(isMap(node) ? node.get("id") : "");
const seqOf = (doc: Document | YAMLMap, key: string): YAMLSeq | undefined => {
  const v = doc.get(key);
  return isSeq(v) ? v : undefined;
};

/** The forms of the template, each with the unit kinds that file it. */
export function templateForms(text: string): Map<string, string[]> {
  const doc = parseDocument(text);
  return new Map((seqOf(doc, "forms")?.items ?? []).map((f) => [idOf(f), (isMap(f) && isSeq(f.get("unitKinds")) ? (f.get("unitKinds") as YAMLSeq).items.map(String) : [])]));
}

/** The cut-down catalogue's text, or the problems (each naming the flag to fix). */
export function trimCatalogue(templateText: string, w: WardKinds): { text: string; problems: string[] } {
  const doc = parseDocument(templateText);
  const problems: string[] = [];
  const known = new Map((seqOf(doc, "unitKinds")?.items ?? []).map((k) => [idOf(k), k]));
  const allForms = templateForms(templateText);
  for (const [kind, forms] of w.formsByKind) {
    if (!w.kinds.has(kind)) problems.push(`--bieu-mau ${kind}=…: phường không có đơn vị loại ${kind}; các loại có: ${[...w.kinds.keys()].join(", ")}`);
    for (const f of forms) {
      if (!allForms.has(f)) problems.push(`--bieu-mau ${kind}=…: không có biểu mẫu ${f}; các biểu mẫu: ${[...allForms.keys()].join(", ")}`);
    }
  }
  for (const kind of w.kinds.keys()) {
    if (!known.has(kind) && !w.formsByKind.has(kind)) problems.push(`loại đơn vị mới ${kind} chưa có biểu mẫu nào: thêm --bieu-mau ${kind}=<biểu mẫu>,<biểu mẫu> (các biểu mẫu: ${[...allForms.keys()].join(", ")})`);
  }
  if (problems.length) return { text: "", problems };

  // Unit kinds: every kind of the template stays (its forms still name them), then the new ones (reporters: bao_cao).
  const kindsSeq = seqOf(doc, "unitKinds")!;
  for (const [kind, label] of w.kinds) {
    if (known.has(kind)) continue;
    const node = doc.createNode({ id: kind, label: label ?? kind, roles: ["bao_cao"] }) as YAMLMap;
    node.flow = true;
    node.commentBefore = " loại đơn vị do văn phòng thêm khi lập hồ sơ";
    kindsSeq.items.push(node);
  }

  // Forms: every form stays, so the default report templates still find every metric they name; the
  // ward's own kinds file exactly the forms chosen for them (--bieu-mau), the other kinds as in the template.
  const files = (kind: string, form: string) => w.formsByKind.get(kind)?.includes(form) ?? (allForms.get(form) ?? []).includes(kind);
  for (const f of seqOf(doc, "forms")!.items) {
    if (!isMap(f)) continue;
    const id = idOf(f);
    const others = (allForms.get(id) ?? []).filter((k) => !w.kinds.has(k));
    const kindsNode = doc.createNode([...others, ...[...w.kinds.keys()].filter((k) => files(k, id))]) as YAMLSeq;
    kindsNode.flow = true;
    f.set("unitKinds", kindsNode);
  }
  return { text: doc.toString({ lineWidth: 0 }), problems: [] };
}
