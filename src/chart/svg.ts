// A trend chart as an SVG string: pure (no I/O), so the office page can inline it and the PNG
// rasteriser (png.ts) draws exactly the same picture. One series is drawn as bars (one per
// month), several as lines with a marker on each value. Text is escaped for XML; colours are
// dark enough on white for WCAG's 3:1 for graphics, and a series is told apart by its marker's
// shape as well as its colour (colour-blind readers).
import { formatVnNumber } from "../domain/vn-text.js";
import { xmlSafe } from "../domain/xml-text.js";

export interface ChartSeries {
  name: string;
  /** One value per label; null where there is nothing to draw (a month not yet begun). */
  values: readonly (number | null)[];
}

export interface ChartData {
  title: string;
  /** A second line under the title: the unit and the span ("lượt tổ · Phường Nhơn Hưng · 01/2025–12/2025"). */
  subtitle?: string;
  /** The x-axis labels, one per point ("01/25"). */
  labels: readonly string[];
  series: readonly ChartSeries[];
}

export interface ChartSize { width: number; height: number }

export const DEFAULT_CHART_SIZE: ChartSize = { width: 800, height: 450 };
/** The font the PNG rasteriser loads (png.ts); the page falls back to its own sans-serif. */
export const CHART_FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

// Okabe–Ito's colour-blind-safe hues, darkened to ≥ 3:1 against white.
const COLOURS = ["#0b5fa5", "#b35900", "#007a5e", "#a3356e", "#5d4fa0", "#6b6b00"];
const MARKERS = ["circle", "square", "diamond", "triangle"] as const;

/** `s` safe inside XML text or a double-quoted attribute. */
function esc(s: string): string {
  return xmlSafe(s.normalize("NFC")).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A number for an attribute: two decimals at most, no exponent. */
const n = (x: number) => String(Math.round(x * 100) / 100);

/** A "nice" axis top and step: 1, 2 or 5 times a power of ten, four or five steps. */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const rough = max / 4;
  const pow = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= rough) ?? 10 * pow;
  // Whole steps for counts: a step below 1 only when the values themselves have decimals.
  const whole = Number.isInteger(max) && step < 1 ? 1 : step;
  return { top: Math.ceil(max / whole) * whole, step: whole };
}

function marker(shape: (typeof MARKERS)[number], x: number, y: number, colour: string): string {
  const r = 4.5;
  const attrs = `class="point" fill="${colour}" stroke="#ffffff" stroke-width="1.5"`;
  switch (shape) {
    case "circle": return `<circle ${attrs} cx="${n(x)}" cy="${n(y)}" r="${r}"/>`;
    case "square": return `<rect ${attrs} x="${n(x - r)}" y="${n(y - r)}" width="${2 * r}" height="${2 * r}"/>`;
    case "diamond": return `<path ${attrs} d="M${n(x)} ${n(y - r - 1)}L${n(x + r + 1)} ${n(y)}L${n(x)} ${n(y + r + 1)}L${n(x - r - 1)} ${n(y)}Z"/>`;
    case "triangle": return `<path ${attrs} d="M${n(x)} ${n(y - r - 1)}L${n(x + r + 1)} ${n(y + r)}L${n(x - r - 1)} ${n(y + r)}Z"/>`;
  }
}

/**
 * The chart as a standalone SVG document (width and height in pixels, a viewBox so a page can
 * scale it to a 360-pixel phone). Bars (class "bar") for one series, lines (class "line") with
 * markers (class "point") for several; a value label over each bar; a legend for several series.
 */
export function chartSvg(data: ChartData, size: ChartSize = DEFAULT_CHART_SIZE): string {
  const { width, height } = size;
  const count = data.labels.length;
  const values = data.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  // A little headroom, so the value over the tallest bar stays inside the picture.
  const { top, step } = niceScale(Math.max(0, ...values) * 1.06);
  const legendRows = data.series.length > 1 ? Math.ceil(data.series.length / 2) : 0;
  const plot = {
    left: 16 + 8 * Math.max(1, formatVnNumber(top).length),
    right: width - 20,
    top: data.subtitle ? 72 : 52,
    bottom: height - 44 - legendRows * 22,
  };
  const w = plot.right - plot.left;
  const h = plot.bottom - plot.top;
  const y = (v: number) => plot.bottom - (v / top) * h;
  const band = count > 0 ? w / count : w;
  const cx = (i: number) => plot.left + band * (i + 0.5);
  // Label every k-th month when they would crowd each other (about 44 px each).
  const every = Math.max(1, Math.ceil(count / Math.max(1, Math.floor(w / 44))));

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title" font-family="${CHART_FONT_FAMILY}">`);
  out.push(`<title id="chart-title">${esc(data.title)}${data.subtitle ? ` — ${esc(data.subtitle)}` : ""}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="28" text-anchor="middle" font-size="20" font-weight="bold" fill="#1a1a1a">${esc(data.title)}</text>`);
  if (data.subtitle) out.push(`<text x="${width / 2}" y="52" text-anchor="middle" font-size="14" fill="#404040">${esc(data.subtitle)}</text>`);
  // Grid and y-axis values.
  for (let v = 0; v <= top + step / 2; v += step) {
    const gy = y(v);
    out.push(`<line x1="${plot.left}" y1="${n(gy)}" x2="${plot.right}" y2="${n(gy)}" stroke="${v === 0 ? "#595959" : "#d9d9d9"}" stroke-width="1"/>`);
    out.push(`<text x="${plot.left - 6}" y="${n(gy + 4)}" text-anchor="end" font-size="12" fill="#404040">${esc(formatVnNumber(Math.round(v * 100) / 100))}</text>`);
  }
  // X-axis labels.
  data.labels.forEach((label, i) => {
    if (i % every !== 0 && i !== count - 1) return;
    out.push(`<text x="${n(cx(i))}" y="${plot.bottom + 18}" text-anchor="middle" font-size="12" fill="#404040">${esc(label)}</text>`);
  });

  if (data.series.length === 1) {
    const s = data.series[0]!;
    const bw = Math.max(2, band * 0.7);
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const by = y(v);
      out.push(`<rect class="bar" x="${n(cx(i) - bw / 2)}" y="${n(by)}" width="${n(bw)}" height="${n(plot.bottom - by)}" fill="${COLOURS[0]}"><title>${esc(`${data.labels[i] ?? ""}: ${formatVnNumber(v)}`)}</title></rect>`);
      // The value over the bar when there is room for it.
      if (band >= 28) out.push(`<text x="${n(cx(i))}" y="${n(by - 4)}" text-anchor="middle" font-size="11" fill="#1a1a1a">${esc(formatVnNumber(v))}</text>`);
    });
  } else {
    data.series.forEach((s, k) => {
      const colour = COLOURS[k % COLOURS.length]!;
      const points = s.values.map((v, i) => (v === null || !Number.isFinite(v) ? null : { x: cx(i), y: y(v) }));
      // A gap (null) breaks the line rather than joining across it.
      let d = "";
      let pen = false;
      for (const p of points) {
        if (!p) { pen = false; continue; }
        d += `${pen ? "L" : "M"}${n(p.x)} ${n(p.y)}`;
        pen = true;
      }
      if (d) out.push(`<path class="line" d="${d}" fill="none" stroke="${colour}" stroke-width="2.5"/>`);
      for (const p of points) if (p) out.push(marker(MARKERS[k % MARKERS.length]!, p.x, p.y, colour));
    });
    // Legend: two per row under the axis labels.
    data.series.forEach((s, k) => {
      const colour = COLOURS[k % COLOURS.length]!;
      const lx = 24 + (k % 2) * (width / 2);
      const ly = plot.bottom + 40 + Math.floor(k / 2) * 22;
      out.push(`<g class="legend"><line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="${colour}" stroke-width="2.5"/>${marker(MARKERS[k % MARKERS.length]!, lx + 12, ly - 4, colour).replace('class="point"', 'class="key"')}<text x="${lx + 32}" y="${ly}" font-size="13" fill="#1a1a1a">${esc(s.name)}</text></g>`);
    });
  }
  if (values.length === 0) {
    out.push(`<text x="${n((plot.left + plot.right) / 2)}" y="${n((plot.top + plot.bottom) / 2)}" text-anchor="middle" font-size="16" fill="#404040">Chưa có số liệu</text>`);
  }
  out.push("</svg>");
  return out.join("\n");
}
