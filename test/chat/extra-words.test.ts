// A word not understood after a good period is named, and the period left alone (found by
// exploratory testing: "/baocao quý 1/2025 số abc" answered as if the period were wrong).
// The clock is the harness's (20/02/2025 in Vietnam): quý I/2025 has begun.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const CHAIRMAN = 3001;
const KHOM = 1001;
const last = (r: { text: string }[]) => r.at(-1)!.text;
const jobs = () => (h.bot.db.$client.prepare("select count(*) n from jobs").get() as { n: number }).n;

describe("a bad word after a good period", () => {
  it("/baocao: a document number that is not a number is named as such", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const said = last(await h.say(CHAIRMAN, "/baocao quý 1/2025 số abc"));
    expect(said).toContain("\"abc\" không phải số văn bản");
    expect(said).toContain("số 12");
    expect(said).not.toContain("Chưa hiểu kỳ báo cáo");
  });

  it("/baocao: an issue date that is not a date is named as such", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const said = last(await h.say(CHAIRMAN, "/baocao quý 1/2025 số 12 ngày mai kia"));
    expect(said).toContain("\"mai kia\" không phải ngày ban hành");
    expect(said).toContain("ngày 20/02/2025");
  });

  it("/baocao: a stray word after the period and the number is named, not the period", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const said = last(await h.say(CHAIRMAN, "/baocao quý 1/2025 số 12 xyz"));
    expect(said).toContain("Chưa hiểu \"xyz\"");
    expect(said).toContain("quý I/2025");
    expect(said).not.toContain("Chưa hiểu kỳ báo cáo");
  });

  it("/bieudo: a word after the period that names no unit is named", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const before = jobs();
    const said = last(await h.say(CHAIRMAN, "/bieudo tuần tra quý 1/2025 xyz"));
    expect(said).toContain("Chưa hiểu \"xyz\"");
    expect(said).toContain("đơn vị");
    expect(said).not.toContain("Chưa hiểu kỳ báo cáo");
    expect(jobs()).toBe(before);
  });

  it("/tiendo and /xuat: a stray word after the period is named", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.register(KHOM, "bao_cao", "dong-hung");
    expect(last(await h.say(KHOM, "/tiendo tháng 1/2025 abc"))).toContain("Chưa hiểu \"abc\" sau kỳ tháng 01/2025");
    expect(last(await h.say(CHAIRMAN, "/xuat tháng 1/2025 abc"))).toContain("Chưa hiểu \"abc\" sau kỳ tháng 01/2025");
  });
});
