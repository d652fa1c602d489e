// The core is pure: the Services it is given only read, and the changes it wants come back as
// writes (src/conversation/writes.ts). Adding a method to Services means naming it here as a read.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Services } from "../../src/conversation/ports.js";
import type { WardProfile } from "../../src/domain/profile.js";
import { createServices } from "../../src/store/services.js";
import { closeDb, openDb } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

const READS = [
  "cutoffDay", "inviteTtlDays", "roundFacts", "inviteLinks", "findUser", "inviteStatus", "people", "checkPersonChange",
  "linkCodeStatus", "units", "unit", "progress", "isLocked", "recentReports", "entriesOfUnit", "nilEntries", "entryOfUnit",
  "largestMonth", "largestMonthOfKind", "entryRefusals", "reportCheck", "reportNumberUse", "extraBasis", "reportWords", "reviewEntries", "reviewEntry", "contactOf", "unitReporterIds", "wardLevel",
  "channelLabel", "channelLabels", "codeGuard", "questionDelivery", "webAccess",
] as const satisfies readonly (keyof Services)[];

// Compiled by tsc (npm run typecheck): a Services member not listed above is an error here.
type Unlisted = Exclude<keyof Services, (typeof READS)[number]>;
const everyMemberListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** Verbs of the writes the core used to make through Services. */
const WRITE_VERB = /^(save|edit|delete|lock|unlock|set|return|notify|create|redeem|change|record|mark|bind|insert|update)[A-Z]/;

describe("the core's ports", () => {
  it("only read: every member is a listed read, none named like a write", () => {
    expect(everyMemberListed).toBe(true);
    for (const name of READS) expect(name).not.toMatch(WRITE_VERB);
  });

  it("the store's implementation offers those reads and nothing else", () => {
    const db = openDb(join(tempDir(), "bot.sqlite"));
    try {
      // Only the profile's unit dates are read at creation; progress(), which reads the rest, is not called.
      const profile = { units: [] } as unknown as WardProfile;
      const services = createServices(db, { cutoffDay: 0, inviteTtlDays: 7, inviteLinks: () => [], profile, channelLabel: (c) => c, channelLabels: [] });
      expect(Object.keys(services).sort()).toEqual([...READS].sort());
    } finally {
      closeDb(db);
    }
  });

  it("the core imports nothing that writes: no store, ledger, database or app module", () => {
    const dir = join(import.meta.dirname, "../../src/conversation");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const imports = [...readFileSync(join(dir, file), "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]!);
      expect(imports.filter((i) => /\/(store|ledger|db|app|reminders|channels)\//.test(i) || /^node:/.test(i)), file).toEqual([]);
    }
  });
});
