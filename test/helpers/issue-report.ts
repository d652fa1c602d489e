// A leader asking for a report in the chat and answering its questions as a leader would: keep the
// period typed, then issue it. Returns every reply on the way.
import type { SentMessage } from "./bot-api-standin.js";
import { buttonData, buttons, type Harness } from "./harness.js";

export async function issueReport(h: Harness, leader: number, typed: string): Promise<SentMessage[]> {
  let r = await h.say(leader, typed);
  const seen = [...r];
  for (let i = 0; i < 3; i++) {
    const label = buttons(r.at(-1)).find((b) => b.text.includes("Giữ kỳ đã gõ") || b.text.includes("Lập báo cáo"))?.text;
    if (!label) break;
    r = await h.press(leader, buttonData(r.at(-1), label));
    seen.push(...r);
  }
  return seen;
}
