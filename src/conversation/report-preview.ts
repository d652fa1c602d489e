// Before issuing: what the leader added to this report (căn cứ of its kind, their own words of
// its period) is shown with the commands that change it, so nothing kept from earlier is signed
// unseen. Pure.
import type { Period } from "../domain/periods.js";
import { reportKindOf, wordsGiven, wordsKeyOf } from "../domain/report-kinds.js";
import { periodFromKey } from "../domain/periods.js";
import type { UserContext } from "./command-types.js";
import { kindName, kindWord, typedPeriod } from "./report-target.js";

const quote = (s: string) => `“${s}”`;

/** The lines to show before issuing, or null when the leader added nothing to this report. */
export function wordsPreview(c: UserContext, period: Period, typedKey?: string): string | null {
  const kind = reportKindOf(period);
  const basis = c.services.extraBasis(kind);
  const wordsKey = wordsKeyOf(period.key, typedKey, (key) => c.services.reportWords(key));
  const words = c.services.reportWords(wordsKey);
  const wordsPeriod = periodFromKey(wordsKey, c.services.cutoffDay) ?? period;
  const facts = Object.entries(words.facts).filter(([, v]) => v);
  if (basis.length === 0 && !wordsGiven(words)) return null;
  const typed = typedPeriod(wordsPeriod, c.services.cutoffDay, c.today);
  const lines = [`Báo cáo ${period.label} sẽ in thêm:`];
  if (basis.length) {
    lines.push(`• Căn cứ riêng của ${kindName(kind)}:`, ...basis.map((l, i) => `  ${i + 1}. ${l}`),
      `  (sửa: /cancu ${kindWord(kind)} sửa 1 … · bỏ: /cancu ${kindWord(kind)} xóa hết)`);
  }
  if (words.situation) {
    lines.push(`• Nhận định của lãnh đạo: ${quote(words.situation)}`, `  (sửa: /nhandinh ${typed}: … · bỏ: /nhandinh ${typed} xóa)`);
  }
  if (words.tasks.length) {
    lines.push("• Nhiệm vụ kỳ tới:", ...words.tasks.map((t, i) => `  ${i + 1}. ${t}`),
      `  (sửa: /nhiemvu ${typed}: … · bỏ: /nhiemvu ${typed} xóa)`);
  }
  if (facts.length) {
    lines.push("• Thông tin riêng của đợt:", ...facts.map(([k, v]) => `  ${k}: ${quote(v)}`), `  (xem, sửa: /dot ${typed})`);
  }
  lines.push("Lập báo cáo với các nội dung này?");
  return lines.join("\n");
}
