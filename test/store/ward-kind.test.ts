// The ward's own unit takes its kind from the ward's catalogue (the kind leaders and the office
// belong to): "phuong" for the default ward, "xa" for the example commune, so a commune's leader
// can be registered at the commune.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { installCatalogue, installWardCatalogue } from "../../src/app/ward-catalogue.js";
import { closeDb, openDb } from "../../src/db/client.js";
import { unitsForRole } from "../../src/conversation/ports.js";
import { wardKind } from "../../src/domain/catalogue.js";
import { activeUnits, syncProfile } from "../../src/store/profile-sync.js";
import { tempDir } from "../helpers/temp.js";

const COMMUNE = "examples/xa-vinh-xuong/ward-profile.yaml";
afterAll(() => { installCatalogue("templates/catalogue.yaml"); });

function wardRow(profilePath: string) {
  installWardCatalogue(profilePath);
  const db = openDb(join(tempDir("bienbot-kind-"), "bot.sqlite"));
  try {
    syncProfile(db, loadProfile(profilePath), new Date("2025-09-01T00:00:00Z"));
    const all = activeUnits(db);
    return { ward: all[0]!, leaders: unitsForRole(all, "lanh_dao").map((u) => u.code), reporters: unitsForRole(all, "bao_cao").map((u) => u.code) };
  } finally {
    closeDb(db);
  }
}

describe("the ward's own unit kind", () => {
  it("is phuong for the default ward", () => {
    expect(wardRow("templates/ward-profile.yaml").ward).toMatchObject({ code: "nhon-hung", kind: "phuong" });
    expect(wardKind()).toBe("phuong");
  });

  it("is xa for the example commune, where leaders belong and reporters do not", () => {
    const r = wardRow(COMMUNE);
    expect(wardKind()).toBe("xa");
    expect(r.ward).toMatchObject({ code: "vinh-xuong", name: "Xã Vĩnh Xương", kind: "xa" });
    expect(r.leaders).toEqual(["vinh-xuong"]);
    expect(r.reporters).toEqual(["ap-1", "ap-2", "ap-3", "to-antt-ap-1", "don-bp-vinh-xuong"]);
  });
});
