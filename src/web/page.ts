// The frame of every page of the office's site: Vietnamese, server-rendered, no script, one
// stylesheet (readable at 360 px, printable), and the headers a government page should send.
import type { Role } from "../conversation/ports.js";

/** Escapes text for HTML content and attribute values (always quoted). */
export function esc(s: string | number | null | undefined): string {
  return String(s ?? "").normalize("NFC").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** No script anywhere, styles and images from this server only, forms only to it, never framed. */
export const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const PAGE_HEADERS: Record<string, string> = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": CSP,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // A login link's token must never leave in a Referer.
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

export interface Viewer { name: string; role: Role; unitName: string; csrf: string }

const ROLE_WORDS: Record<Role, string> = { bao_cao: "Báo cáo viên", lanh_dao: "Lãnh đạo", admin: "Văn phòng" };

export type Tab = "bang" | "muc" | "bao-cao";

/** A whole page; `viewer` absent for the pages before a session (login, refusals). */
export function page(o: { title: string; body: string; viewer?: Viewer; tab?: Tab; status?: number; refreshSeconds?: number }): Response {
  const v = o.viewer;
  const tabs: Array<[Tab, string, string]> = [["bang", "/web", "Tiến độ"], ["muc", "/web/muc", "Bản ghi"]];
  if (v && v.role !== "bao_cao") tabs.push(["bao-cao", "/web/bao-cao", "Báo cáo"]);
  const nav = v ? `<header class="top">
  <nav aria-label="Các trang">${tabs.map(([id, href, label]) => `<a href="${href}"${o.tab === id ? ' aria-current="page"' : ""}>${label}</a>`).join("")}</nav>
  <div class="who"><span>${esc(v.name)} · ${esc(ROLE_WORDS[v.role])} · ${esc(v.unitName)}</span>
  <form method="post" action="/web/dang-xuat"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit" class="link">Đăng xuất</button></form></div>
</header>` : "";
  const body = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">${o.refreshSeconds ? `\n<meta http-equiv="refresh" content="${o.refreshSeconds}">` : ""}
<title>${esc(o.title)}</title>
<link rel="stylesheet" href="/web/kieu.css">
</head>
<body>
${nav}
<main>
<h1>${esc(o.title)}</h1>
${o.body}
</main>
</body>
</html>
`;
  return new Response(body, { status: o.status ?? 200, headers: PAGE_HEADERS });
}

/** One plain sentence on a page of its own (a refused link, a refused request). */
export function notice(status: number, title: string, sentence: string, viewer?: Viewer): Response {
  return page({ title, status, ...(viewer ? { viewer } : {}), body: `<p class="notice">${esc(sentence)}</p>` });
}

// Colours: text #1a1a1a on white (16:1), links #0b4f9c (8:1), status colours always with a word,
// never colour alone (WCAG 1.4.1); every status background keeps at least 7:1 with its text.
export const STYLESHEET = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff}
main{padding:12px;max-width:1200px;margin:0 auto}
h1{font-size:1.35rem;margin:.3em 0 .6em}
h2{font-size:1.1rem;margin:1.2em 0 .4em}
a{color:#0b4f9c}
a:focus,button:focus,select:focus,input:focus,textarea:focus{outline:3px solid #c35a00;outline-offset:2px}
.top{display:flex;flex-wrap:wrap;gap:8px;justify-content:space-between;align-items:center;padding:8px 12px;background:#0b3d73;color:#fff}
.top nav{display:flex;gap:4px;flex-wrap:wrap}
.top nav a{color:#fff;text-decoration:none;padding:8px 12px;border-radius:4px;min-height:44px;display:inline-flex;align-items:center}
.top nav a[aria-current=page]{background:#fff;color:#0b3d73;font-weight:600}
.who{display:flex;gap:8px;align-items:center;flex-wrap:wrap;font-size:.9rem}
.who form{margin:0}
button.link{background:none;border:1px solid #fff;color:#fff;padding:8px 12px;border-radius:4px;font:inherit;min-height:44px;cursor:pointer}
.notice{font-size:1.1rem;max-width:40em}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;margin:0 0 12px}
.filters label{display:flex;flex-direction:column;font-size:.9rem;font-weight:600;max-width:100%}
select,input,textarea{max-width:100%;font:inherit;padding:8px;border:1px solid #555;border-radius:4px;min-height:44px;background:#fff;color:#1a1a1a}
textarea{width:100%;min-height:5em}
button,.button{font:inherit;padding:8px 16px;min-height:44px;border-radius:4px;border:1px solid #0b3d73;background:#0b3d73;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid #bbb;padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:#eef2f7;position:sticky;top:0}
th[scope=row]{background:#f7f7f7;min-width:9em}
.st{display:block;font-weight:600}
.ok{background:#e3f4e6}.nil{background:#eef2f7}.ret{background:#fdecea}.miss{background:#fff4d6}
.small{font-size:.85rem;color:#333}
.summary{font-size:1rem;margin:.2em 0 1em}
.entry{border:1px solid #bbb;border-radius:6px;padding:10px;margin:0 0 12px}
.entry h2{margin:0 0 .3em}
.entry dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:.3em 0}
.entry dt{font-weight:600}
.entry dd{margin:0}
.entry img{max-width:160px;height:auto;border:1px solid #999}
details{margin:.4em 0}
.msg{padding:8px 12px;border-left:4px solid #0b3d73;background:#eef2f7;margin:0 0 12px}
.err{border-left-color:#b00020;background:#fdecea}
.chart{margin:12px 0}
.chart svg{max-width:100%;height:auto;display:block}
.chart-figure{margin:0 0 16px}
form.stack{display:grid;gap:10px;max-width:36em}
form.stack label{font-weight:600;display:grid;gap:4px}
fieldset{border:1px solid #bbb;border-radius:4px}
@media (max-width:480px){main{padding:8px}h1{font-size:1.2rem}table{font-size:.85rem}th,td{padding:4px;min-width:6.5em}}
@media print{
  .top,.filters,form,button,.noprint{display:none !important}
  body{font-size:11pt}
  main{max-width:none;padding:0}
  .scroll{overflow:visible;border:0}
  thead th{position:static}
  a{color:#000;text-decoration:none}
  .ok,.nil,.ret,.miss{background:none}
  table{page-break-inside:auto}tr{page-break-inside:avoid}
}
`;
