// Which failures are the store's (retried, never apologised for) and when the office is told.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isStoreFault } from "../../src/db/client.js";
import { WriteHealth, databaseState, type WriteFault } from "../../src/app/write-health.js";
import { WriteFailed } from "../../src/app/apply-writes.js";

const fault = (code: string) => new Database.SqliteError("x", code);

describe("isStoreFault", () => {
  it("is true for a lock, a full disk, I/O and a read-only file, also inside a WriteFailed", () => {
    for (const code of ["SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_READONLY"]) {
      expect(isStoreFault(fault(code)), code).toBe(true);
    }
    const wrapped = new WriteFailed({ type: "save_entry" } as never, "disk", { cause: fault("SQLITE_FULL") });
    expect(isStoreFault(wrapped)).toBe(true);
  });

  it("is false for a fault of what was written, or any other error", () => {
    for (const e of [fault("SQLITE_CONSTRAINT_TRIGGER"), fault("SQLITE_CONSTRAINT_CHECK"), fault("SQLITE_TOOBIG"), fault("SQLITE_ERROR"), new Error("x"), "SQLITE_BUSY", undefined]) {
      expect(isStoreFault(e), String(e)).toBe(false);
    }
  });
});

describe("WriteHealth", () => {
  it("tells once after a minute of failures and once at recovery; a short fault tells nobody", () => {
    let now = new Date("2025-02-20T03:00:00Z");
    const told: string[] = [];
    const health = new WriteHealth({
      clock: () => now,
      onLongFailure: (f: WriteFault) => told.push(`down since ${f.since.toISOString()} ${f.code}`),
      onRecovered: (f: WriteFault, at: Date) => told.push(`up at ${at.toISOString()} since ${f.since.toISOString()}`),
    });
    health.failed(fault("SQLITE_BUSY"));
    now = new Date("2025-02-20T03:00:59Z");
    health.failed(fault("SQLITE_BUSY"));
    health.ok();
    expect(told).toEqual([]);
    expect(health.current()).toBeUndefined();

    now = new Date("2025-02-20T03:10:00Z");
    health.failed(fault("SQLITE_FULL"));
    now = new Date("2025-02-20T03:11:00Z");
    health.failed(fault("SQLITE_FULL"));
    now = new Date("2025-02-20T03:12:00Z");
    health.failed(fault("SQLITE_FULL"));
    expect(databaseState(health.current())).toBe("error: không ghi được: ổ đĩa hoặc cơ sở dữ liệu đã đầy (SQLITE_FULL), từ 10:10");
    now = new Date("2025-02-20T03:12:30Z");
    health.ok();
    health.ok();
    expect(told).toEqual([
      "down since 2025-02-20T03:10:00.000Z SQLITE_FULL",
      "up at 2025-02-20T03:12:30.000Z since 2025-02-20T03:10:00.000Z",
    ]);
  });
});
