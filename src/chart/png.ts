// The chart SVG (svg.ts) rasterised to PNG by resvg (@resvg/resvg-js: Rust's resvg through
// napi-rs, its prebuilt binary inside the npm package; no browser, no download at install).
// resvg draws text only with fonts it is given: the system's own fonts are not searched (that
// is slow and differs by machine); Debian's DejaVu Sans (fonts-dejavu-core) or Liberation Sans is
// loaded by file, both with Vietnamese diacritics. Without either the PNG would lose its text,
// so that is an error, said once, not a silent picture without labels.
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { chartSvg, DEFAULT_CHART_SIZE, type ChartData, type ChartSize } from "./svg.js";

const FONT_FILES = [
  ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
  ["/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"],
  ["/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"],
] as const;

/** No font with Vietnamese letters was found on the machine. */
export class ChartFontMissing extends Error {}

let fonts: { files: string[]; family: string } | undefined;

/** The first installed family of FONT_FILES (its regular and, when present, bold face). */
function chartFonts(): { files: string[]; family: string } {
  if (fonts) return fonts;
  const found = FONT_FILES.find(([regular]) => existsSync(regular));
  if (!found) throw new ChartFontMissing("no chart font: install fonts-dejavu-core (or fonts-liberation2)");
  fonts = { files: found.filter((f) => existsSync(f)), family: found[0].includes("dejavu") ? "DejaVu Sans" : "Liberation Sans" };
  return fonts;
}

/** An SVG document as PNG bytes at its own size (or scaled to `width` pixels wide). */
export function svgToPng(svg: string, width?: number): Buffer {
  const f = chartFonts();
  const r = new Resvg(svg, {
    font: { fontFiles: f.files, loadSystemFonts: false, defaultFontFamily: f.family, sansSerifFamily: f.family },
    ...(width ? { fitTo: { mode: "width" as const, value: width } } : {}),
    background: "#ffffff",
  });
  return r.render().asPng();
}

/** The chart as PNG, drawn from the same SVG the page shows. */
export function chartPng(data: ChartData, size: ChartSize = DEFAULT_CHART_SIZE): Buffer {
  return svgToPng(chartSvg(data, size));
}
