// The comparisons an office may write: in the catalogue's shownIf and in a template's [[neu …]].

export type CompareOp = ">" | ">=" | "<" | "<=" | "=" | "!=";

export function compare(v: number, op: CompareOp, value: number): boolean {
  switch (op) {
    case ">": return v > value;
    case ">=": return v >= value;
    case "<": return v < value;
    case "<=": return v <= value;
    case "=": return v === value;
    case "!=": return v !== value;
  }
}
