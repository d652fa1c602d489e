// Demo data: ten years of plausible monthly figures for the ward's units, so reports,
// progress and exports can be tried without real data. Deterministic for a given seed and
// clock. Every demo entry is an import-like entry (source "import", no reporter) covering one
// month, with the note "dữ liệu mẫu", so it can be told apart from (and removed without
// touching) real figures.
import type { Db } from "../db/client.js";
import { formsForUnitKind, metricKeys, type FormId, type PatrolKind, type UnitKind } from "../domain/catalogue.js";
import { monthOf, previousPeriod, type Period } from "../domain/periods.js";
import { todayInVietnam } from "../domain/vn.js";
import { recordEntry } from "../ledger/record.js";
import { entryCount } from "../ledger/read.js";
import { removeDemoEntries } from "../ledger/write.js";

export const DEMO_NOTE = "dữ liệu mẫu";
export const DEMO_DEFAULT_SEED = 20150101;

export interface DemoOptions {
  cutoffDay: number;
  now: Date;
  /** How many years of months, ending with the last complete month (default 10). */
  years?: number;
  seed?: number;
  /** Run even if the database has entries: earlier demo entries are replaced, real ones kept. */
  force?: boolean;
}

export class DemoRefusedError extends Error {}

/** mulberry32: a tiny, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rng { int(lo: number, hi: number): number; chance(p: number): boolean; halves(lo: number, hi: number): number }

function rng(seed: number): Rng {
  const next = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { int, chance: (p) => next() < p, halves: (lo, hi) => int(lo * 2, hi * 2) / 2 };
}

/** One demo entry to write: a form and its values (a tuan_tra entry holds one patrol kind). */
interface Draft { formId: FormId; values: Record<string, number> }

/** What a unit reports in one month. `year` counts from 0 (the first demo year); `month` is 1..12. */
interface MonthContext { r: Rng; year: number; month: number; years: number; unitIndex: number }

function patrol(kind: PatrolKind, luotTo: number, perTeam: [number, number], r: Rng): Draft {
  let people = 0;
  for (let i = 0; i < luotTo; i++) people += r.int(perTeam[0], perTeam[1]);
  return { formId: "tuan_tra", values: { [`tuan_tra.${kind}.luot_to`]: luotTo, [`tuan_tra.${kind}.luot_nguoi`]: people } };
}

function propaganda(r: Rng, buoi: number, perMeeting: [number, number], extra: { loa: [number, number]; roi: [number, number]; tin: [number, number]; camKet: [number, number] }): Draft {
  let people = 0;
  for (let i = 0; i < buoi; i++) people += r.int(perMeeting[0], perMeeting[1]);
  return { formId: "tuyen_truyen", values: {
    "tuyen_truyen.so_buoi": buoi, "tuyen_truyen.luot_nguoi": people, "tuyen_truyen.gio_loa": r.halves(...extra.loa),
    "tuyen_truyen.to_roi": r.int(...extra.roi), "tuyen_truyen.tin_bai": r.int(...extra.tin), "tuyen_truyen.ho_cam_ket": r.int(...extra.camKet),
  } };
}

function tips(r: Rng, good: [number, number], ref: [number, number]): Draft {
  return { formId: "nam_tinh_hinh", values: { "tin.co_gia_tri": r.int(...good), "tin.tham_khao": r.int(...ref) } };
}

function violations(r: Rng, big: boolean): Draft {
  const xncVu = big ? r.int(0, 2) : 0;
  const blVu = big ? r.int(0, 1) : 0;
  return { formId: "vi_pham", values: {
    "vi_pham.xnc_vu": xncVu, "vi_pham.xnc_nguoi": xncVu === 0 ? 0 : xncVu + r.int(0, 3),
    "vi_pham.buon_lau_vu": blVu, "vi_pham.buon_lau_gia_tri": blVu * r.int(5, 80) * 1_000_000, "vi_pham.khac_vu": r.int(0, 1) || (big ? 0 : 1),
  } };
}

function markers(r: Rng, checks: number, planted: boolean): Draft {
  return { formId: "moc_quoc_gioi", values: {
    "moc.luot_kiem_tra": checks, "moc.bat_thuong": r.chance(0.02) ? 1 : 0,
    "moc.moc_chinh": planted && r.chance(0.15) ? 1 : 0, "moc.moc_phu": planted && r.chance(0.3) ? 1 : 0,
    "moc.coc_dau": planted && r.chance(0.3) ? 1 : 0, "moc.diem_dac_trung": planted ? r.int(0, 2) : 0,
  } };
}

function selfManaged(values: Partial<Record<"ho" | "ca_nhan" | "antt_to" | "antt_tv" | "pn_to" | "pn_tv", number>>): Draft {
  return { formId: "tu_quan", values: {
    "tu_quan.ho": values.ho ?? 0, "tu_quan.ca_nhan": values.ca_nhan ?? 0,
    "to_antt.so_to": values.antt_to ?? 0, "to_antt.thanh_vien": values.antt_tv ?? 0,
    "to_phu_nu.so_to": values.pn_to ?? 0, "to_phu_nu.thanh_vien": values.pn_tv ?? 0,
  } };
}

function support(r: Rng, lo: number, hi: number): Draft {
  return { formId: "hau_phuong", values: { "ho_tro.cbcs_gia_tri": r.int(lo, hi) * 100_000, "ho_tro.qua": r.int(2, 15) } };
}

/**
 * What a unit files: its kind's figures (a kind the demo does not know, another ward's "ấp", files
 * like a khóm), kept to the forms and metrics the ward's own catalogue gives that kind, so a new
 * ward with fewer forms per kind than the template gets demo figures, not a refusal.
 */
function draftsFor(kind: string, c: MonthContext): Draft[] {
  const own = new Set(formsForUnitKind(kind).map((f) => f.id));
  const known = metricKeys();
  const figures = (Object.hasOwn(BY_KIND, kind) ? BY_KIND[kind as UnitKind] : undefined) ?? BY_KIND.khom ?? (() => []);
  return figures(c)
    .filter((d) => own.has(d.formId))
    .map((d) => ({ ...d, values: Object.fromEntries(Object.entries(d.values).filter(([metric]) => known.has(metric))) }))
    .filter((d) => Object.keys(d.values).length > 0);
}

/** The figures a unit of each kind files in a month (forms per the catalogue's unitKinds). */
const BY_KIND: Record<UnitKind, (c: MonthContext) => Draft[]> = {
  phuong: ({ r, month }) => {
    const d: Draft[] = [];
    if (r.chance(0.5)) d.push(propaganda(r, 1, [40, 80], { loa: [0, 2], roi: [0, 20], tin: [0, 2], camKet: [0, 0] }));
    if (r.chance(0.1)) {
      const qua = r.int(2, 10);
      d.push({ formId: "doi_ngoai", values: { "doi_ngoai.gap_go": 1, "doi_ngoai.phan_qua": qua, "doi_ngoai.gia_tri_qua": qua * r.int(30, 70) * 10_000 } });
    }
    if (month % 3 === 0 && r.chance(0.6)) d.push(support(r, 10, 50));
    if (month === 12) d.push({ formId: "khen_thuong", values: { "khen_thuong.tap_the": r.int(1, 3), "khen_thuong.ca_nhan": r.int(2, 8) } });
    return d;
  },
  khom: ({ r, year, month, unitIndex }) => {
    const d: Draft[] = [propaganda(r, r.chance(0.15) ? 2 : r.chance(0.1) ? 0 : 1, [22, 35],
      { loa: [0.5, 2.5], roi: [0, 12], tin: [0, 0], camKet: [0, 7] })];
    if (r.chance(0.2)) d.push(tips(r, [0, 1], [0, 2]));
    if (r.chance(0.05)) d.push(violations(r, false));
    if (r.chance(0.12)) d.push(support(r, 5, 25));
    if (month === 1) {
      // Stocks, once a year: population grows slowly; the self-management movement too.
      const ho = 500 + unitIndex * 17 + year * 6 + r.int(0, 4);
      d.push({ formId: "dan_so", values: { "dan_so.ho": ho, "dan_so.khau": Math.round(ho * (3.6 + r.int(0, 20) / 100)) } });
      const tq = 4 + Math.min(year, 6) + r.int(0, 1);
      d.push(selfManaged({ ho: tq, ca_nhan: tq, antt_to: 1, antt_tv: 5 + Math.min(2, Math.floor(year / 3)) }));
    }
    return d;
  },
  to_antt: ({ r }) => {
    const d: Draft[] = [patrol("antt", r.int(1, 3), [4, 6], r)];
    if (r.chance(0.25)) d.push(patrol("phoi_hop", 1, [5, 7], r));
    if (r.chance(0.15)) d.push(tips(r, [0, 1], [0, 1]));
    if (r.chance(0.2)) d.push(markers(r, r.int(1, 2), false));
    if (r.chance(0.03)) d.push(violations(r, false));
    return d;
  },
  to_phu_nu: ({ r }) => {
    const d: Draft[] = [patrol("to_phu_nu", 1, [8, 10], r)];
    if (r.chance(0.3)) d.push(markers(r, r.int(1, 2), false));
    return d;
  },
  don_bp: ({ r, year, month, years }) => {
    const early = year < Math.max(1, Math.round(years * 0.3)); // demarcation work in the first years only
    const d: Draft[] = [
      patrol("doc_lap", r.int(28, 32), [6, 8], r),
      patrol("kiem_soat", r.int(5, 8), [4, 6], r),
      patrol("phoi_hop", r.int(1, 3), [5, 7], r),
    ];
    if (early) d.push(patrol("dan_duong", r.int(1, 3), [6, 9], r));
    if (month % 3 === 0) d.push(patrol("song_phuong", r.int(1, 2), [8, 12], r));
    d.push(tips(r, [1, 4], [1, 4]));
    d.push(markers(r, r.int(4, 8), early));
    d.push(propaganda(r, r.int(1, 2), [25, 40], { loa: [0, 0], roi: [5, 15], tin: [0, 2], camKet: [0, 0] }));
    if (r.chance(0.8)) {
      const qua = r.int(0, 8);
      d.push({ formId: "doi_ngoai", values: { "doi_ngoai.gap_go": 1, "doi_ngoai.phan_qua": qua, "doi_ngoai.gia_tri_qua": qua * r.int(50, 70) * 10_000 } });
    }
    if (r.chance(0.3)) d.push(violations(r, true));
    if (month === 1) d.push(selfManaged({ ho: 3, ca_nhan: 3, pn_to: 1, pn_tv: 8 + Math.min(2, year) }));
    if (month === 12 && r.chance(0.7)) d.push({ formId: "khen_thuong", values: { "khen_thuong.tap_the": r.int(0, 2), "khen_thuong.ca_nhan": r.int(1, 5) } });
    return d;
  },
  doan_the: ({ r }) => {
    const d: Draft[] = [];
    if (r.chance(0.5)) d.push(propaganda(r, 1, [20, 40], { loa: [0, 0], roi: [0, 10], tin: [0, 0], camKet: [0, 3] }));
    if (r.chance(0.2)) d.push(support(r, 5, 20));
    return d;
  },
};

/** The last `count` complete months before the one containing `today`, oldest first. */
function demoMonths(today: string, count: number, cutoff: number): Period[] {
  const months: Period[] = [];
  let p: Period | null = monthOf(today, cutoff);
  for (let i = 0; i < count && p; i++) {
    p = previousPeriod(p, cutoff);
    if (p) months.unshift(p);
  }
  return months;
}

/**
 * Fills the ward's active units with `years` years (default ten) of monthly demo figures,
 * ending with the last complete month. Refuses (DemoRefusedError) when the database already
 * has entries, unless `force`, which replaces earlier demo entries and keeps all others.
 */
export function fillDemo(db: Db, opts: DemoOptions): { entries: number; values: number } {
  const years = opts.years ?? 10;
  if (!Number.isInteger(years) || years < 1 || years > 50) throw new RangeError(`years must be an integer in 1..50, got ${years}`);
  const client = db.$client;
  const unitRows = client.prepare("select code, kind from units where active = 1 order by sort_order, code").all() as { code: string; kind: string }[];
  const units = unitRows;
  if (units.length === 0) throw new DemoRefusedError("Chưa có đơn vị nào trong cơ sở dữ liệu. Hãy khởi động bot (đọc hồ sơ phường) trước khi tạo dữ liệu mẫu.");

  const months = demoMonths(todayInVietnam(opts.now), years * 12, opts.cutoffDay);

  const run = client.transaction(() => {
    const existing = entryCount(db);
    if (existing > 0) {
      if (!opts.force) {
        throw new DemoRefusedError(
          `Cơ sở dữ liệu đã có ${existing} mục số liệu; không thêm dữ liệu mẫu để khỏi lẫn với số liệu thật. ` +
          "Chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống (hoặc thêm --force: npm run cli -- demo --force; dữ liệu mẫu cũ được thay, số liệu thật giữ nguyên).");
      }
      removeDemoEntries(db, DEMO_NOTE);
    }
    const r = rng(opts.seed ?? DEMO_DEFAULT_SEED);
    let entries = 0;
    let values = 0;
    months.forEach((m, i) => {
      const year = Math.floor(i / 12);
      const month = Number(m.key.slice(5, 7));
      const createdAt = Date.parse(`${m.end}T10:00:00+07:00`);
      for (const u of units) {
        for (const d of draftsFor(u.kind, { r, year, month, years, unitIndex: unitIndexOf(units, u) })) {
          // Through the one pipeline like any figure; demo figures fit the catalogue, so a refusal is a bug here.
          const r = recordEntry(db, { source: "demo", unitCode: u.code, formId: d.formId, values: d.values,
            span: { period: m.key, start: m.start, end: m.end }, note: DEMO_NOTE, now: opts.now, createdAt }, opts.cutoffDay);
          if (!r.ok) throw new DemoRefusedError(`Dữ liệu mẫu bị từ chối (${u.code}, ${m.key}): ${r.refusals.map((x) => x.message).join(" ")}`);
          entries++;
          values += Object.keys(d.values).length;
        }
      }
    });
    return { entries, values };
  });
  return run.immediate();
}

/** Position of a unit among the units of its kind (0-based), to vary figures between khóm. */
function unitIndexOf(units: readonly { code: string; kind: string }[], u: { code: string; kind: string }): number {
  return units.filter((x) => x.kind === u.kind).findIndex((x) => x.code === u.code);
}
