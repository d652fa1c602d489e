// The ward profile: who the ward is, its units, signer and recipients, and the dated changes to
// the ward's name, header, signer and recipients (a document takes those in force on its date).
// Read from YAML (templates/ward-profile.yaml by default) and validated here; no I/O in this file.
import { z } from "zod";
import { fold } from "./vn-text.js";
import { xmlSafe } from "./xml-text.js";
import { checkUnitDates } from "./org-dates.js";
import { isIsoDate } from "./vn.js";

// Names go into documents: characters XML 1.0 forbids are dropped here already.
const text = z.string().trim().min(1).transform((s) => xmlSafe(s).normalize("NFC"));
// Only the format here: whether a code fits a channel's choice ids is checked at start-up (app/choice-fit.ts).
const unitCode = z.string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "mã đơn vị chỉ gồm chữ thường không dấu, số và '-'" });
/**
 * The governing-body line above the issuing body ("UBND THỊ XÃ TỊNH BIÊN"); null: none (a commune-level
 * UBND since 01/07/2025). A clerk writes "không" or leaves the value empty.
 */
const bodyLine = z.union([z.null(), z.string()], { error: "cơ quan chủ quản phải là một dòng chữ, hoặc \"không\"" })
  .transform((v) => (v === null || ["", "khong"].includes(fold(v)) ? null : xmlSafe(v.trim()).normalize("NFC")));
/**
 * A day named by its field ("until"), so the clerk's error says which date is wrong; `missing`: the
 * words when it is left out, where it is required.
 */
const dayOf = (field: string, missing = `ngày ${field} phải có dạng 2025-07-01`) => z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string({ error: missing })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `ngày ${field} phải có dạng 2025-07-01` })
    // zod runs the check after a failed pattern too: only a day of the right shape is looked at.
    .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isIsoDate(d), { error: `ngày ${field} không có thật` }));
/** A change's required "from". */
const isoDay = dayOf("from", "thiếu ngày from (dạng 2025-07-01)");
/** The wards a ward was formed from ("Phường Nhơn Hưng", …), dated by the change or ward.from that names them. */
const formedFrom = z.array(text).min(1, { error: "formedFrom cần ít nhất một tên phường, xã" });
/** The level word of the ward, as running text writes it; a clerk may type it without diacritics. */
const LEVELS = { phuong: "phường", xa: "xã" } as const;
const level = z.string({ error: "level là \"phường\" hoặc \"xã\"" })
  .transform((v, ctx) => {
    const word = LEVELS[fold(v.trim()) as keyof typeof LEVELS];
    if (!word) ctx.addIssue({ code: "custom", message: `level là "phường" hoặc "xã", không phải "${v}"` });
    return word ?? z.NEVER;
  });
const signer = z.object({ authority: text.optional(), title: text, name: text });

/** The fields a dated change may set; each one it names replaces the profile's from its date on. */
const CHANGE_FIELDS = ["name", "place", "parentBody", "issuingBody", "superior", "borderPost", "signer", "recipients", "formedFrom"] as const;
const change = z.strictObject({
  from: isoDay,
  name: text.optional(),
  place: text.optional(),
  parentBody: bodyLine.optional(),
  issuingBody: z.array(text).min(1).optional(),
  superior: text.optional(),
  borderPost: text.optional(),
  signer: signer.optional(),
  recipients: z.array(text).min(1).optional(),
  formedFrom: formedFrom.optional(),
}, { error: (iss) => (iss.code === "unrecognized_keys"
  ? `không đổi được ${iss.keys.join(", ")}; chỉ đổi được: ${CHANGE_FIELDS.join(", ")}`
  : "mỗi thay đổi là một mục có from: <ngày> và các mục được đổi") });

export const wardProfileSchema = z.object({
  ward: z.object({
    code: unitCode,
    name: text,
    place: text,
    parentBody: bodyLine.default(null),
    issuingBody: z.array(text).min(1),
    reportSymbol: text.default("BC-UBND"),
    ethnicGroups: z.array(text).default([]),
    religions: z.array(text).default([]),
    borderPost: text.optional(),
    /** The body the ward reports to, as running text names it ("Ủy ban nhân dân thị xã Tịnh Biên"). */
    superior: text.optional(),
    /** The day the ward began; with formedFrom, the day it was formed from those wards. */
    from: dayOf("from").optional(),
    /** The ward's last day (merged into another); the profile then describes it only up to that day. */
    until: dayOf("until").optional(),
    formedFrom: formedFrom.optional(),
    /** "phường" or "xã" ({{phuong.cap}}); absent: the first word of name, lower-cased. */
    level: level.optional(),
  }),
  signer,
  recipients: z.array(text).min(1),
  /** The ward's catalogue of forms, relative to this file; default templates/catalogue.yaml. */
  catalogue: z.string().optional(),
  units: z.array(z.object({
    code: unitCode,
    name: text,
    shortName: text.optional(),
    /** A unit kind of the ward's catalogue (checked against it after parsing: app/ward-files.ts). */
    kind: z.string(),
    /** First and last day in force (absent: always); successors take over the day after until. */
    from: dayOf("from").optional(),
    until: dayOf("until").optional(),
    successors: z.array(unitCode).min(1).optional(),
  })).min(1),
  obligations: z.record(z.string(), z.array(z.string())).default({}),
  /** The ward's own report templates: a folder, relative to the profile file (REPORT_TEMPLATE_DIR wins). */
  templateDir: z.string().trim().min(1).optional(),
  /** Dated changes, in date order (a merger of wards, a new chairman); see profileOn. */
  changes: z.array(change).optional(),
}).superRefine((p, ctx) => {
  const seen = new Set<string>([p.ward.code]);
  p.units.forEach((u, i) => {
    if (seen.has(u.code)) ctx.addIssue({ code: "custom", path: ["units", i, "code"], message: `mã đơn vị trùng: ${u.code}` });
    seen.add(u.code);
  });
  for (const issue of checkUnitDates(p.units)) ctx.addIssue({ code: "custom", ...issue });
  if (p.ward.from && p.ward.until && p.ward.until < p.ward.from) {
    ctx.addIssue({ code: "custom", path: ["ward", "until"], message: `ngày kết thúc của phường (until ${p.ward.until}) trước ngày bắt đầu (from ${p.ward.from})` });
  }
  if (p.ward.formedFrom && !p.ward.from) {
    ctx.addIssue({ code: "custom", path: ["ward", "from"], message: "ward.formedFrom cần ngày ward.from (ngày thành lập phường)" });
  }
  (p.changes ?? []).forEach((c, i, all) => {
    const prev = all[i - 1];
    if (prev && c.from <= prev.from) {
      ctx.addIssue({ code: "custom", path: ["changes", i, "from"],
        message: `ngày ${c.from} phải sau ngày của thay đổi thứ ${i} (${prev.from}); các thay đổi xếp theo ngày, mỗi ngày một thay đổi` });
    }
    if (!CHANGE_FIELDS.some((f) => c[f] !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["changes", i], message: `không đổi gì; ghi ít nhất một trong: ${CHANGE_FIELDS.join(", ")}` });
    }
  });
});

export type WardProfile = z.infer<typeof wardProfileSchema>;
export type ProfileUnit = WardProfile["units"][number];

/**
 * The profile in force on a day (ISO): every change dated on or before it applied in order, each
 * setting only the fields it names (formedFrom also sets ward.from to the change's date). Units,
 * code and obligations never change here: which units are in force on a day is org-dates.ts's.
 */
export function profileOn(p: WardProfile, day: string): WardProfile {
  let { ward, signer: s, recipients } = p;
  for (const c of p.changes ?? []) {
    if (c.from > day) break;
    ward = {
      ...ward,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.place !== undefined ? { place: c.place } : {}),
      ...(c.parentBody !== undefined ? { parentBody: c.parentBody } : {}),
      ...(c.issuingBody !== undefined ? { issuingBody: c.issuingBody } : {}),
      ...(c.superior !== undefined ? { superior: c.superior } : {}),
      ...(c.borderPost !== undefined ? { borderPost: c.borderPost } : {}),
      ...(c.formedFrom !== undefined ? { formedFrom: c.formedFrom, from: c.from } : {}),
    };
    s = c.signer ?? s;
    recipients = c.recipients ?? recipients;
  }
  return { ...p, ward, signer: s, recipients };
}
