// Item 13 of issue 15: the header in force on the document's date. Since 01/07/2025 there are no
// districts: phường Nhơn Hưng became part of phường Thới Sơn, tỉnh An Giang, and a commune-level
// UBND's header has no governing-body line. The default profile records that change.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { issueReport } from "../../src/app/reports.js";
import { loadReportTemplates } from "../../src/app/start.js";
import { openDb, type Db } from "../../src/db/client.js";
import { profileOn } from "../../src/domain/profile.js";
import { syncProfile, syncWardName } from "../../src/store/profile-sync.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";
import { docxText } from "./docx-text.js";

const profile = loadProfile("templates/ward-profile.yaml");

describe("profileOn", () => {
  it("before 01/07/2025: Nhơn Hưng under the thị xã; from that day: Thới Sơn, no governing body", () => {
    const before = profileOn(profile, "2025-06-30");
    expect(before.ward.name).toBe("Phường Nhơn Hưng");
    expect(before.ward.parentBody).toBe("UBND THỊ XÃ TỊNH BIÊN");
    expect(before.recipients[0]).toBe("UBND thị xã (để b/c)");
    const after = profileOn(profile, "2025-07-01");
    expect(after.ward).toMatchObject({
      code: "nhon-hung", name: "Phường Thới Sơn", place: "Thới Sơn", parentBody: null,
      issuingBody: ["ỦY BAN NHÂN DÂN", "PHƯỜNG THỚI SƠN"], superior: "Ủy ban nhân dân tỉnh An Giang", borderPost: "Đồn Biên phòng Nhơn Hưng",
    });
    expect(after.recipients).toEqual(["UBND tỉnh An Giang (để b/c)", "Đồn Biên phòng Nhơn Hưng", "Lưu: VT"]);
    // The new chairman is not known: the signer stays until the office sets it.
    expect(after.signer).toEqual(before.signer);
    expect(after.units).toEqual(before.units);
  });

  it("applies changes in order, each setting only the fields it names", () => {
    const p = { ...profile, changes: [
      { from: "2026-01-01", signer: { authority: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: "Nguyễn Văn B" } },
      { from: "2026-03-01", parentBody: "UBND TỈNH X" },
    ] };
    expect(profileOn(p, "2025-12-31").signer.name).toBe("Huỳnh Thanh Vũ");
    expect(profileOn(p, "2026-01-01").signer.name).toBe("Nguyễn Văn B");
    expect(profileOn(p, "2026-01-01").ward.parentBody).toBe("UBND THỊ XÃ TỊNH BIÊN");
    expect(profileOn(p, "2026-03-01").ward.parentBody).toBe("UBND TỈNH X");
    expect(profileOn(p, "2026-03-01").signer.name).toBe("Nguyễn Văn B");
  });
});

describe("loading dated changes", () => {
  const dir = tempDir("bienbot-profile-");
  const base = `ward: { code: xa-thu, name: Xã Thử, place: Thử, parentBody: UBND HUYỆN THỬ, issuingBody: [ỦY BAN NHÂN DÂN, XÃ THỬ] }
signer: { title: CHỦ TỊCH, name: Nguyễn Văn A }
recipients: ["Lưu: VT"]
units: [{ code: ap-1, name: Ấp 1, kind: khom }]
`;
  const load = (changes: string) => {
    const path = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, base + changes);
    return () => loadProfile(path);
  };

  it("a clerk writes 'không' or leaves parentBody empty for no governing-body line", () => {
    expect(load("changes:\n  - { from: 2025-07-01, parentBody: không }\n")().changes![0]!.parentBody).toBeNull();
    expect(load("changes:\n  - from: 2025-07-01\n    parentBody:\n")().changes![0]!.parentBody).toBeNull();
    expect(load("changes:\n  - { from: 2025-07-01, parentBody: Không }\n")().changes![0]!.parentBody).toBeNull();
  });

  it("errors name the change by its position, line and column, in Vietnamese", () => {
    expect(load("changes:\n  - { from: 2025-07-01, name: Xã A }\n  - { from: 2025-03-01, name: Xã B }\n"))
      .toThrow(/dòng 7, cột 13: changes, mục 2, from: ngày 2025-03-01 phải sau ngày của thay đổi thứ 1 \(2025-07-01\)/);
    expect(load("changes:\n  - { from: 2025-07-01, ten: Xã A }\n")).toThrow(/dòng 6, cột 5: changes, mục 1: không đổi được ten; chỉ đổi được: name, place/);
    expect(load("changes:\n  - { from: 2025-07-01 }\n")).toThrow(/dòng 6, cột 5: changes, mục 1: không đổi gì/);
    expect(load("changes:\n  - { from: 2025-02-30, name: Xã A }\n")).toThrow(/dòng 6, cột 13: changes, mục 1, from: ngày from không có thật/);
    expect(load("changes:\n  - { name: Xã A }\n")).toThrow(/dòng 6, cột 5: changes, mục 1, from: thiếu ngày from/);
    // Not a day at all, or written the Vietnamese way: the same kind of line, never "Invalid time value".
    expect(load("changes:\n  - { from: 2025-13-45, name: Xã A }\n")).toThrow(/dòng 6, cột 13: changes, mục 1, from: ngày from không có thật/);
    expect(load("changes:\n  - { from: 01/07/2025, name: Xã A }\n")).toThrow(/dòng 6, cột 13: changes, mục 1, from: ngày from phải có dạng 2025-07-01/);
    expect(load("changes:\n  - { from: hôm qua, name: Xã A }\n")).toThrow(/dòng 6, cột 13: changes, mục 1, from: ngày from phải có dạng 2025-07-01/);
    expect(load("changes:\n  - { from: 2025-07-01, signer: { name: B } }\n")).toThrow(/dòng 6, cột 33: changes, mục 1, signer, title: thiếu mục title; xin thêm một dòng như: title: CHỦ TỊCH/);
  });
});

describe("the document takes the header in force on its date of issue", () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(join(tempDir("bienbot-dated-"), "bot.sqlite"));
    syncProfile(db, profile, new Date("2025-06-01T00:00:00Z"));
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-06-05", values: { "tuyen_truyen.so_buoi": 3, "tuyen_truyen.luot_nguoi": 90 } });
  });
  // ND 30/2020: a zero before days under 10 and months under 3 only ("tháng 7", not "tháng 07").
  const issue = async (issuedOn: string) => {
    const templates = await loadReportTemplates({});
    const r = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date("2025-07-02T03:00:00Z") },
      { periodKey: "2025-06", requestedBy: null, channel: "cli", issuedOn });
    return (await docxText(r.bytes)).split("\n");
  };

  it("dated 30/06/2025: UBND THỊ XÃ TỊNH BIÊN above PHƯỜNG NHƠN HƯNG", async () => {
    const lines = await issue("2025-06-30");
    expect(lines.slice(0, 3)).toEqual(["UBND THỊ XÃ TỊNH BIÊN", "ỦY BAN NHÂN DÂN", "PHƯỜNG NHƠN HƯNG"]);
    expect(lines).toContain("Nhơn Hưng, ngày 30 tháng 6 năm 2025");
    expect(lines).toContain("- UBND thị xã (để b/c);");
  });

  it("a review dated after 01/07/2025 describes Thới Sơn with the khóm in force (the profile's three), not Nhơn Hưng", async () => {
    const templates = await loadReportTemplates({});
    const r = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date("2025-07-05T03:00:00Z") },
      { periodKey: "2016-01-01..2025-06-30", requestedBy: null, channel: "cli", issuedOn: "2025-07-05" });
    const line = (await docxText(r.bytes)).split("\n").find((l) => l.includes(" khóm ("));
    expect(line).toMatch(/^- Thới Sơn có 03 khóm \(Đông Hưng, Tây Hưng, Trung Bắc Hưng\)/);
  });

  it("dated 01/07/2025: no governing-body line (no empty line either), PHƯỜNG THỚI SƠN, Thới Sơn", async () => {
    const lines = await issue("2025-07-01");
    expect(lines.slice(0, 2)).toEqual(["ỦY BAN NHÂN DÂN", "PHƯỜNG THỚI SƠN"]);
    expect(lines.join("\n")).not.toContain("THỊ XÃ TỊNH BIÊN");
    expect(lines).toContain("Thới Sơn, ngày 01 tháng 7 năm 2025");
    expect(lines).toContain("- UBND tỉnh An Giang (để b/c);");
  });
});

describe("the default profile records the 01/07/2025 merger of the wards", () => {
  it("from that day the ward was formed from Nhơn Hưng, Nhà Bàng and Thới Sơn; before it, from nothing recorded", () => {
    expect(profileOn(profile, "2025-06-30").ward.formedFrom).toBeUndefined();
    expect(profileOn(profile, "2025-07-01").ward).toMatchObject({
      name: "Phường Thới Sơn", from: "2025-07-01", formedFrom: ["Phường Nhơn Hưng", "Phường Nhà Bàng", "Phường Thới Sơn"],
    });
    // Units of the former wards are unknown: none is dated in the default profile.
    expect(profile.units.every((u) => u.from === undefined && u.until === undefined)).toBe(true);
  });
});

describe("the ward's own unit carries the name in force when the bot starts", () => {
  // A leader's unit is the ward itself: the chat (/toi, /nguoidung) and the office page's header
  // show it. After the merger it must read Thới Sơn, as the reports do, not the name of 2016.
  const nameOn = (iso: string) => {
    const db = openDb(join(tempDir("bienbot-ward-name-"), "bot.sqlite"));
    try {
      syncProfile(db, profile, new Date(iso));
      return db.$client.prepare("select name, short_name as shortName from units where code = 'nhon-hung'").get();
    } finally { db.$client.close(); }
  };
  it("Nhơn Hưng before 01/07/2025 (in Vietnam), Thới Sơn from that day", () => {
    expect(nameOn("2025-06-30T16:59:00Z")).toEqual({ name: "Phường Nhơn Hưng", shortName: "Nhơn Hưng" });
    expect(nameOn("2025-06-30T17:00:00Z")).toEqual({ name: "Phường Thới Sơn", shortName: "Thới Sơn" });
    expect(nameOn("2026-12-07T03:00:00Z")).toEqual({ name: "Phường Thới Sơn", shortName: "Thới Sơn" });
  });
});

describe("a bot running across the day of a change", () => {
  it("renames the ward's unit once the change is in force, and writes nothing otherwise", () => {
    const db = openDb(join(tempDir("bienbot-ward-rename-"), "bot.sqlite"));
    try {
      syncProfile(db, profile, new Date("2025-06-30T10:00:00Z")); // started on 30/06/2025
      const name = () => (db.$client.prepare("select name from units where code = 'nhon-hung'").get() as { name: string }).name;
      expect(syncWardName(db, profile, new Date("2025-06-30T16:59:59Z"))).toBe(false);
      expect(name()).toBe("Phường Nhơn Hưng");
      expect(syncWardName(db, profile, new Date("2025-06-30T17:00:00Z"))).toBe(true); // 00:00 on 01/07 in Vietnam
      expect(name()).toBe("Phường Thới Sơn");
      expect(syncWardName(db, profile, new Date("2025-07-01T05:00:00Z"))).toBe(false);
    } finally { db.$client.close(); }
  });
});
