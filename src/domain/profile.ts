// The ward profile: who the ward is, its units, signer and recipients. Read from YAML
// (templates/ward-profile.yaml by default) and validated here; no I/O in this file.
import { z } from "zod";
import { FORM_IDS, UNIT_KINDS } from "./catalogue.js";

const text = z.string().trim().min(1).transform((s) => s.normalize("NFC"));
// ≤ 40 characters: unit codes travel in button data, which Telegram limits to 64 bytes.
const unitCode = z.string().max(40, { error: "mã đơn vị dài quá 40 ký tự" })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "mã đơn vị chỉ gồm chữ thường không dấu, số và '-'" });

export const wardProfileSchema = z.object({
  ward: z.object({
    code: unitCode,
    name: text,
    place: text,
    parentBody: text,
    issuingBody: z.array(text).min(1),
    reportSymbol: text.default("BC-UBND"),
    ethnicGroups: z.array(text).default([]),
    religions: z.array(text).default([]),
    borderPost: text.optional(),
    /** The body the ward reports to, as running text names it ("Ủy ban nhân dân thị xã Tịnh Biên"). */
    superior: text.optional(),
  }),
  signer: z.object({ authority: text.optional(), title: text, name: text }),
  recipients: z.array(text).min(1),
  units: z.array(z.object({
    code: unitCode,
    name: text,
    shortName: text.optional(),
    kind: z.enum(UNIT_KINDS),
  })).min(1),
  obligations: z.partialRecord(z.enum(UNIT_KINDS), z.array(z.enum(FORM_IDS))).default({}),
}).superRefine((p, ctx) => {
  const seen = new Set<string>([p.ward.code]);
  p.units.forEach((u, i) => {
    if (seen.has(u.code)) ctx.addIssue({ code: "custom", path: ["units", i, "code"], message: `mã đơn vị trùng: ${u.code}` });
    seen.add(u.code);
  });
});

export type WardProfile = z.infer<typeof wardProfileSchema>;
export type ProfileUnit = WardProfile["units"][number];
