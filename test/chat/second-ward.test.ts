// A second ward is data, not code: the example border commune (examples/xa-vinh-xuong: ấp instead of
// khóm, its own river-patrol form and report templates) runs end to end over the Bot API stand-in.
// An ấp head registers by invite and files two river patrols (the guided form, then one typed line);
// the commune's leader asks /baocao and the document speaks of the commune and its river patrols.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, testClock, type Harness } from "../helpers/harness.js";
import { docxText } from "../report/docx-text.js";

const PROFILE = "examples/xa-vinh-xuong/ward-profile.yaml";
const AP_HEAD = 5001;
const LEADER = 5002;

let h: Harness;
beforeEach(async () => {
  // 20/09/2025: the commune exists since 01/07/2025.
  // Reports built inline: the harness waits 5 s for a reply, and a report worker's first start can take
  // longer on a loaded machine; the worker path is the other report tests' subject.
  h = await startHarness({ env: { WARD_PROFILE_PATH: PROFILE, REPORT_WORKERS: "0" }, clock: testClock("2025-09-20T03:00:00Z") });
});
afterEach(async () => { await h.stop(); });

type Sent = Awaited<ReturnType<Harness["say"]>>;
const lastText = (r: Sent) => r.at(-1)?.text ?? "";

function storedRiverValues(): Array<{ unit_code: string; metric: string; value: number }> {
  return h.bot.db.$client.prepare(`select e.unit_code, v.metric, v.value from entries e join entry_values v on v.entry_id = e.id
    where v.metric like 'tuan_tra_song.%' order by e.id, v.metric`).all() as Array<{ unit_code: string; metric: string; value: number }>;
}

describe("the example border commune (xã Vĩnh Xương)", () => {
  it("an ấp files river patrols by the form and by one line; the month's report says xã and sums them", async () => {
    await h.register(AP_HEAD, "bao_cao", "ap-1", "Ba");

    // 1. The guided form: the ấp's forms include the commune's own river patrol form.
    let r = await h.say(AP_HEAD, "/nhap");
    const forms = buttons(r.at(-1)).map((b) => b.text);
    expect(forms).toContain("Tuần tra đường sông");
    expect(forms).not.toContain("Tuần tra, kiểm soát");
    r = await h.press(AP_HEAD, buttonData(r.at(-1), "Tuần tra đường sông"));
    expect(lastText(r)).toContain("Số lượt ca nô");
    r = await h.say(AP_HEAD, "2");
    expect(lastText(r)).toContain("lượt người");
    r = await h.say(AP_HEAD, "1");
    // The form's own check: at least one person per boat.
    expect(r[0]!.text).toContain("lớn hơn hoặc bằng số lượt ca nô");
    r = await h.say(AP_HEAD, "8");
    expect(lastText(r)).toContain("km đường sông");
    r = await h.say(AP_HEAD, "12,5");
    r = await h.say(AP_HEAD, "3");
    expect(lastText(r)).toContain("Km đường sông: 12,5 km");
    r = await h.press(AP_HEAD, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");

    // 2. Quick entry: the numbers it can place are taken, the one left out is asked.
    r = await h.say(AP_HEAD, "tuần tra trên sông 3 ca nô 12 người 25,5 km");
    expect(lastText(r)).toContain("phương tiện");
    r = await h.say(AP_HEAD, "0");
    expect(lastText(r)).toContain("Lượt ca nô: 3 lượt ca nô");
    expect(lastText(r)).toContain("Km đường sông: 25,5 km");
    r = await h.press(AP_HEAD, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");

    expect(storedRiverValues()).toEqual([
      { unit_code: "ap-1", metric: "tuan_tra_song.km", value: 12.5 },
      { unit_code: "ap-1", metric: "tuan_tra_song.luot_ca_no", value: 2 },
      { unit_code: "ap-1", metric: "tuan_tra_song.luot_nguoi", value: 8 },
      { unit_code: "ap-1", metric: "tuan_tra_song.phuong_tien", value: 3 },
      { unit_code: "ap-1", metric: "tuan_tra_song.km", value: 25.5 },
      { unit_code: "ap-1", metric: "tuan_tra_song.luot_ca_no", value: 3 },
      { unit_code: "ap-1", metric: "tuan_tra_song.luot_nguoi", value: 12 },
      { unit_code: "ap-1", metric: "tuan_tra_song.phuong_tien", value: 0 },
    ]);

    // 3. The commune's leader asks for the month's report.
    await h.register(LEADER, "lanh_dao", "vinh-xuong", "Chủ tịch");
    await h.say(LEADER, "/baocao tháng 9/2025");
    const [doc] = h.standin.documents;
    expect(doc!.filename).toBe("bao-cao-2025-09.docx");
    const text = await docxText(doc!.bytes);
    // The commune's header: no governing-body line since 01/07/2025.
    expect(text.split("\n").slice(0, 2)).toEqual(["ỦY BAN NHÂN DÂN", "XÃ VĨNH XƯƠNG"]);
    expect(text).toContain("Ủy ban nhân dân xã Vĩnh Xương báo cáo kết quả thực hiện Chỉ thị số 01 tháng 09/2025");
    expect(text).toContain("trên địa bàn xã ổn định");
    expect(text).not.toMatch(/phường/i);
    // Summed by hand: 2 + 3 boats, 8 + 12 people, 12,5 + 25,5 = 38 km, 3 + 0 craft checked.
    expect(text).toContain("Tuần tra trên sông được 05 lượt ca nô/20 lượt người tham gia, tổng cộng 38 km đường sông; kiểm tra 03 ghe, tàu, phương tiện thủy.");
    // The appendix table of river patrols: one row for Ấp 1 and the total.
    const table = text.slice(text.indexOf("Tuần tra đường sông tháng 09/2025"));
    expect(table.split("\n").slice(0, 20).join("|")).toContain("Ấp 1|5|20|38|3");
    expect(table.split("\n").slice(0, 30).join("|")).toContain("Tổng cộng|5|20|38|3");
  });
});
