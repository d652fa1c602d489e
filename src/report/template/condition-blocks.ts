// The nesting of "[[neu]] … [[khac]] … [[het]]" while a template is parsed: which list the next
// block goes into, and every misplaced or unclosed line reported with its line number.
import type { CondCommand } from "./conditions.js";
import type { Report } from "./types.js";
import type { TemplateBlock } from "./types.js";

type IfBlock = Extract<TemplateBlock, { kind: "if" }>;

export class OpenConditions {
  private readonly stack: { block: IfBlock; inElse: boolean; outer: TemplateBlock[] }[] = [];

  /** Line of the innermost open [[neu]], 0 when none is open. */
  get open(): number {
    return this.stack[this.stack.length - 1]?.block.line ?? 0;
  }

  /** Applies one condition line; returns the list the following blocks go into. */
  step(cc: CondCommand, line: number, target: TemplateBlock[], report: Report): TemplateBlock[] {
    const top = this.stack[this.stack.length - 1];
    switch (cc.c) {
      case "if": {
        // A bad condition still opens its block, so its [[khac]] and [[het]] are not reported too.
        const block: IfBlock = { kind: "if", cond: cc.cond ?? { t: "fact", name: "co so_lieu" }, then: [], otherwise: [], line };
        if (cc.cond) target.push(block);
        this.stack.push({ block, inElse: false, outer: target });
        return block.then;
      }
      case "else":
        if (!top) {
          report(line, "Thừa [[khac]]: không có [[neu …]] nào đang mở.");
          return target;
        }
        if (top.inElse) {
          report(line, `[[neu]] ở dòng ${top.block.line} đã có [[khac]]; mỗi [[neu]] chỉ có một [[khac]].`);
          return target;
        }
        top.inElse = true;
        return top.block.otherwise;
      case "end":
        if (!top) {
          report(line, "Thừa [[het]]: không có [[neu …]] nào đang mở.");
          return target;
        }
        this.stack.pop();
        return top.outer;
    }
  }

  /** At the end of the file: every [[neu]] still open is an error on its own line. */
  finish(report: Report): void {
    for (const o of this.stack) report(o.block.line, `[[neu]] ở dòng ${o.block.line} chưa được đóng bằng [[het]].`);
  }
}
