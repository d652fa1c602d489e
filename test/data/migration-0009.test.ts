// Migration 0009: units.kind no longer lists the kinds (they are the ward's catalogue's), on a copy
// of a database made before it (test/fixtures/db-0006); every unit and every reference to one stays.
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/db-0006/db-0006.sqlite");
let db: Db;
let unitsBefore: unknown[];

beforeAll(() => {
  const old = new Database(FIXTURE, { readonly: true, fileMustExist: true });
  unitsBefore = old.prepare("select code, name, short_name, kind, parent_code, sort_order, active from units order by code").all();
  old.close();
  const path = join(tempDir("bienbot-mig9-"), "bot.sqlite");
  copyFileSync(FIXTURE, path);
  db = openDb(path);
});
afterAll(() => closeDb(db));

describe("migration 0009 (units.kind free)", () => {
  it("keeps every unit as it was, and the references to them", () => {
    const c = db.$client;
    expect(c.prepare("select code, name, short_name, kind, parent_code, sort_order, active from units order by code").all()).toEqual(unitsBefore);
    expect(unitsBefore.length).toBeGreaterThan(0);
    expect(c.pragma("foreign_key_check")).toEqual([]);
    expect(c.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("takes a unit of a kind another ward's catalogue names (ấp), still refusing a unit that is its own parent", () => {
    const c = db.$client;
    c.prepare("insert into units (code, name, short_name, kind) values ('ap-vinh-hoa', 'Ấp Vĩnh Hòa', 'Vĩnh Hòa', 'ap')").run();
    expect(c.prepare("select kind from units where code = 'ap-vinh-hoa'").get()).toEqual({ kind: "ap" });
    expect(() => c.prepare("insert into units (code, name, short_name, kind, parent_code) values ('x', 'X', 'X', 'ap', 'x')").run()).toThrow(/CHECK/);
  });

  it("still refuses a user of a unit that does not exist", () => {
    expect(() => db.$client.prepare("insert into users (name, role, unit_code) values ('A', 'bao_cao', 'khong-co')").run()).toThrow(/FOREIGN KEY/);
  });
});
