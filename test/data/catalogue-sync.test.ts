// The forms and metrics tables follow the catalogue at every open; a metric's scale is never
// changed behind stored figures.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb, openDb } from "../../src/db/client.js";
import { syncCatalogue } from "../../src/db/catalogue-sync.js";
import { catalogue } from "../../src/domain/catalogue.js";
import { tempDir } from "../helpers/temp.js";

const fresh = () => openDb(join(tempDir("bienbot-cat-"), "bot.sqlite"));

describe("catalogue sync", () => {
  it("puts back a metric missing from the table, and keeps one the catalogue no longer has", () => {
    const db = fresh();
    const c = db.$client;
    c.prepare("delete from metrics where key = 'khen_thuong.ca_nhan'").run();
    c.prepare("insert into metrics (key, form_id, scale) values ('khen_thuong.cu', 'khen_thuong', 1)").run();
    syncCatalogue(c, catalogue());
    expect(c.prepare("select form_id, scale from metrics where key = 'khen_thuong.ca_nhan'").get()).toEqual({ form_id: "khen_thuong", scale: 1 });
    expect(c.prepare("select count(*) n from metrics where key = 'khen_thuong.cu'").get()).toEqual({ n: 1 });
    closeDb(db);
  });

  it("refuses to start when a metric's stored scale is not the catalogue's (its figures would need moving)", () => {
    const db = fresh();
    db.$client.prepare("update metrics set scale = 1 where key = 'tuyen_truyen.gio_loa'").run();
    expect(() => syncCatalogue(db.$client, catalogue())).toThrow(/tuyen_truyen\.gio_loa: stored in units of 1\/1, the catalogue says 1\/10/);
    closeDb(db);
  });
});
