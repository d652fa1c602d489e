// The office's page under /web (issue 19): login from the chat's one-time link, then the board,
// the entries and the reports. Every request after login is checked on the server: the session
// (cookie), the person still active, their role and unit; every POST carries the session's CSRF
// token. Nothing personal goes in a URL or a log line (routes are logged by name).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import type { Db } from "../db/client.js";
import type { UserRecord } from "../conversation/ports.js";
import type { PageReportAnswer, PageReportForm } from "../conversation/web-report.js";
import { formById, forms } from "../domain/catalogue.js";
import { monthOf, periodFromKey, previousPeriod, type Period } from "../domain/periods.js";
import type { WardProfile } from "../domain/profile.js";
import { todayInVietnam } from "../domain/vn.js";
import { fileResponse, plain, secretMatches, type HttpApp, type HttpEnv } from "../http/server.js";
import { DOCX_CONTENT_TYPE } from "../http/file-links.js";
import type { Logger } from "../log.js";
import { issuedHeader, issuedBytes } from "../store/issued-reports.js";
import { findUserById } from "../store/users.js";
import { endWebSession, redeemWebLink, sessionUserId, webLinkState, WEB_SESSION_TTL_MS } from "../store/web-access.js";
import { stmt } from "../db/statements.js";
import { boardHtml, boardOf } from "./board.js";
import { chartsHtml } from "./charts-slot.js";
import { ENTRIES_SHOWN, entriesOf, entryHtml } from "./entries.js";
import { esc, notice, page, PAGE_HEADERS, STYLESHEET, type Viewer } from "./page.js";
import { archiveHtml, progressHtml, reportFormHtml, reportJob, type FormState } from "./reports.js";

const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const SESSION_COOKIE = "phien";

export const LINK_USED_OR_EXPIRED = "Liên kết này đã được dùng hoặc đã hết hạn. Gõ /web trong bot để nhận liên kết mới.";
export const NOT_SIGNED_IN = "Bạn chưa vào trang hoặc phiên làm việc đã hết hạn. Gõ /web trong bot để nhận liên kết vào trang.";
export const OWN_UNIT_ONLY = "Bạn chỉ xem được số liệu của đơn vị mình.";
export const LEADERS_ONLY = "Trang này dành cho lãnh đạo và văn phòng phường.";
export const BAD_FORM = "Biểu mẫu đã cũ hoặc không hợp lệ. Xin tải lại trang rồi làm lại.";

export interface WebPagesDeps {
  db: Db;
  profile: WardProfile;
  cutoffDay: number;
  clock: () => Date;
  log: Logger;
  /** Cookies marked Secure: the page is served over HTTPS (PUBLIC_BASE_URL). */
  secureCookies: boolean;
  /** How people call an app ("Telegram"). */
  appLabel(channel: string): string;
  /** A kept photo's file (relative to the data folder), or undefined when photos are not kept. */
  photoFile?(relativePath: string): string | undefined;
  /** A return made on the page: /xem's rules, its revision and its notice, in one transaction. */
  returnEntry(user: UserRecord, entryId: number, reason: string): { ok: boolean; message: string };
  /** A report asked for on the page: /baocao's rules, recorded as a durable job. */
  requestReport(user: UserRecord, form: PageReportForm): (PageReportAnswer & { ok: false }) | { ok: true; jobId: number } | { ok: "refused"; message: string };
}

type Ctx = Context<HttpEnv>;
/** A query parameter by name: the request's, or the list's a form came from. */
type Query = (name: string) => string | undefined;
interface Signed { user: UserRecord; viewer: Viewer; session: string }

const csrfOf = (session: string) => createHash("sha256").update(`csrf.v1.${session}`, "utf8").digest("base64url");
const isLeader = (u: UserRecord) => u.role === "lanh_dao" || u.role === "admin";

export function addWebRoutes(app: HttpApp, d: WebPagesDeps): void {
  const today = () => todayInVietnam(d.clock());
  const limit = bodyLimit({ maxSize: 64 * 1024, onError: () => plain(413, "Payload Too Large", { Connection: "close" }) });

  /** The signed-in person, or undefined (no cookie, ended, expired, or the person stopped). */
  const signedIn = (c: Ctx): Signed | undefined => {
    const session = getCookie(c, SESSION_COOKIE);
    const id = sessionUserId(d.db, session, d.clock());
    const user = id === undefined ? undefined : findUserById(d.db, id);
    if (!user || !session) return undefined;
    return { user, session, viewer: { name: user.name, role: user.role, unitName: user.unitName, csrf: csrfOf(session) } };
  };
  /** A POST from a page of ours: same origin when the browser says, and the session's token. */
  const postOk = async (c: Ctx, s: Signed): Promise<Record<string, string> | undefined> => {
    const origin = c.req.header("origin");
    if (origin && origin !== "null") {
      try { if (new URL(origin).host !== c.req.header("host")) return undefined; } catch { return undefined; }
    }
    const body = await c.req.parseBody().catch(() => undefined);
    if (!body) return undefined;
    const form = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
    return secretMatches(form.csrf, s.viewer.csrf) ? form : undefined;
  };
  const must = (c: Ctx, route: string): Signed | Response => {
    c.set("route", route);
    return signedIn(c) ?? notice(401, "Cần vào lại trang", NOT_SIGNED_IN);
  };

  app.get("/web/kieu.css", (c) => {
    c.set("route", "web.css");
    return new Response(STYLESHEET, { headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff" } });
  });

  // The link itself only shows a button: link previews (the chat apps fetch a link to draw it)
  // must not use up the single use; the button's POST does.
  app.get("/web/vao/:token", (c) => {
    c.set("route", "web.login");
    if (!webLinkState(d.db, c.req.param("token"), d.clock()).ok) return notice(403, "Liên kết không dùng được", LINK_USED_OR_EXPIRED);
    return page({ title: "Vào trang của phường", body: `<p>Bấm nút dưới đây để mở trang tiến độ, bản ghi và báo cáo. Phiên làm việc kéo dài ${WEB_SESSION_TTL_MS / 3_600_000} giờ.</p>
<form method="post" action="/web/vao/${esc(c.req.param("token"))}"><button type="submit" id="vao">Vào trang</button></form>` });
  });
  app.post("/web/vao/:token", limit, (c) => {
    c.set("route", "web.login");
    const r = redeemWebLink(d.db, c.req.param("token"), d.clock());
    if (!r.ok) return notice(403, "Liên kết không dùng được", LINK_USED_OR_EXPIRED);
    setCookie(c, SESSION_COOKIE, r.session, { path: "/web", httpOnly: true, sameSite: "Strict", secure: d.secureCookies, maxAge: WEB_SESSION_TTL_MS / 1000 });
    d.log.info({ route: "web.login" }, "web session opened");
    return c.redirect("/web", 303);
  });

  app.post("/web/dang-xuat", limit, async (c) => {
    const s = must(c, "web.logout");
    if (s instanceof Response) return s;
    if (!(await postOk(c, s))) return notice(403, "Không thực hiện được", BAD_FORM, s.viewer);
    endWebSession(d.db, s.session, d.clock());
    const res = notice(200, "Đã đăng xuất", "Bạn đã đăng xuất. Gõ /web trong bot khi cần vào lại.");
    // The browser forgets the cookie too (the session is already ended on the server).
    res.headers.append("Set-Cookie", `${SESSION_COOKIE}=; Path=/web; Max-Age=0; HttpOnly; SameSite=Strict${d.secureCookies ? "; Secure" : ""}`);
    return res;
  });

  // The months to switch between: this one and the eleven before it.
  /** The last twelve months, and `shown` too when it is older: the list must name the month on the page. */
  const months = (shown?: Period): Period[] => {
    const list: Period[] = [monthOf(today(), d.cutoffDay)];
    while (list.length < 12) {
      const p = previousPeriod(list.at(-1)!, d.cutoffDay);
      if (!p) break;
      list.push(p);
    }
    if (shown && !list.some((p) => p.key === shown.key)) list.push(shown);
    return list;
  };
  const monthParam = (q: Query): Period | undefined => {
    const key = q("ky");
    if (!key) return months()[0];
    const p = periodFromKey(key, d.cutoffDay);
    return p && p.kind === "month" ? p : undefined;
  };
  /** A reporter may name no unit but their own; the server decides, whatever the page showed. */
  const unitParam = (q: Query, u: UserRecord): { ok: true; unit: string | undefined; unknown?: true } | { ok: false } => {
    const asked = q("don-vi") || undefined;
    if (u.role === "bao_cao") return asked === undefined || asked === u.unitCode ? { ok: true, unit: u.unitCode } : { ok: false };
    // A code nobody has would list nothing, which reads as "nothing filed": refused instead.
    if (asked !== undefined && !stmt<[string], { code: string }>(d.db, "select code from units where code = ?").get(asked)) return { ok: true, unit: undefined, unknown: true };
    return { ok: true, unit: asked };
  };
  const NO_SUCH_UNIT = (viewer: Viewer) => notice(400, "Không có đơn vị này", "Đơn vị không hợp lệ. Xin chọn trong danh sách.", viewer);

  app.get("/web", (c) => {
    const s = must(c, "web.board");
    if (s instanceof Response) return s;
    const q: Query = (n) => c.req.query(n);
    const period = monthParam(q);
    if (!period) return notice(400, "Không đọc được kỳ", "Kỳ không hợp lệ. Xin chọn kỳ trong danh sách.", s.viewer);
    const unit = unitParam(q, s.user);
    if (!unit.ok) return notice(403, "Không được phép", OWN_UNIT_ONLY, s.viewer);
    if (unit.unknown) return NO_SUCH_UNIT(s.viewer);
    const board = boardOf(d.db, d.profile, period, unit.unit);
    return page({ title: `Tiến độ báo cáo ${period.label}`, viewer: s.viewer, tab: "bang",
      body: boardHtml(board, today(), months(period)) + chartsHtml({ db: d.db, profile: d.profile, period, cutoffDay: d.cutoffDay, today: today(), unitCode: unit.unit }) });
  });

  const entriesPage = (q: Query, s: Signed, message?: { ok: boolean; text: string }) => {
    const period = monthParam(q);
    if (!period) return notice(400, "Không đọc được kỳ", "Kỳ không hợp lệ. Xin chọn kỳ trong danh sách.", s.viewer);
    const unit = unitParam(q, s.user);
    if (!unit.ok) return notice(403, "Không được phép", OWN_UNIT_ONLY, s.viewer);
    if (unit.unknown) return NO_SUCH_UNIT(s.viewer);
    const formId = q("bieu-mau") || undefined;
    if (formId && !formById(formId)) return notice(400, "Không có biểu mẫu này", "Biểu mẫu không hợp lệ. Xin chọn trong danh sách.", s.viewer);
    const { entries, total } = entriesOf(d.db, { period, ...(unit.unit ? { unitCode: unit.unit } : {}), ...(formId ? { formId } : {}) });
    const filter = new URLSearchParams({ ky: period.key, ...(unit.unit && isLeader(s.user) ? { "don-vi": unit.unit } : {}), ...(formId ? { "bieu-mau": formId } : {}) }).toString();
    const units = s.user.role === "bao_cao" ? [] : stmt<[], { code: string; name: string }>(d.db, "select code, name from units where active = 1 order by name").all();
    // Every form some unit of the ward files (the catalogue's unit kinds), not only those owed each month.
    const kinds = new Set(d.profile.units.map((u) => u.kind));
    const formsOwed = forms().filter((f) => f.unitKinds.some((k) => kinds.has(k))).map((f) => ({ id: f.id, title: f.title }));
    const filters = `<form method="get" action="/web/muc" class="filters">
<label for="ky">Kỳ<select id="ky" name="ky">${months(period).map((p) => `<option value="${esc(p.key)}"${p.key === period.key ? " selected" : ""}>${esc(p.label)}</option>`).join("")}</select></label>
${units.length ? `<label for="don-vi">Đơn vị<select id="don-vi" name="don-vi"><option value="">Tất cả</option>${units.map((u) => `<option value="${esc(u.code)}"${u.code === unit.unit ? " selected" : ""}>${esc(u.name)}</option>`).join("")}</select></label>` : ""}
<label for="bieu-mau">Biểu mẫu<select id="bieu-mau" name="bieu-mau"><option value="">Tất cả</option>${formsOwed.map((f) => `<option value="${esc(f.id)}"${f.id === formId ? " selected" : ""}>${esc(f.title)}</option>`).join("")}</select></label>
<button type="submit">Lọc</button></form>`;
    const note = message ? `<p class="msg${message.ok ? "" : " err"}" role="${message.ok ? "status" : "alert"}" id="thong-bao">${esc(message.text.replace(/^[^\p{L}\d]+/u, ""))}</p>` : "";
    const list = entries.length === 0 ? `<p>Không có bản ghi nào trong kỳ ${esc(period.label)} theo bộ lọc này.</p>`
      : entries.map((e) => entryHtml(e, { canReturn: isLeader(s.user), csrf: s.viewer.csrf, filter, appLabel: d.appLabel, photos: d.photoFile !== undefined })).join("\n");
    return page({ title: `Bản ghi kỳ ${period.label}`, viewer: s.viewer, tab: "muc",
      body: `${note}${filters}${isLeader(s.user) ? `<p class="noprint">Tải số liệu kỳ ${esc(period.label)}: <a href="/web/xuat?ky=${esc(period.key)}">Excel (.xlsx)</a> · <a href="/web/xuat?ky=${esc(period.key)}&amp;lich-su=1">Excel kèm lịch sử sửa</a></p>` : ""}<p class="summary">${total} bản ghi${total > ENTRIES_SHOWN ? `, hiện ${ENTRIES_SHOWN} bản mới nhất: chọn đơn vị hoặc biểu mẫu để xem hết` : ""}.</p>${list}`,
      status: message && !message.ok ? 422 : 200 });
  };

  app.get("/web/muc", (c) => {
    const s = must(c, "web.entries");
    return s instanceof Response ? s : entriesPage((n) => c.req.query(n), s);
  });

  app.post("/web/muc/:id/tra-lai", limit, async (c) => {
    const s = must(c, "web.return");
    if (s instanceof Response) return s;
    const form = await postOk(c, s);
    if (!form) return notice(403, "Không thực hiện được", BAD_FORM, s.viewer);
    if (!isLeader(s.user)) return notice(403, "Không được phép", LEADERS_ONLY, s.viewer);
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || id <= 0) return notice(404, "Không tìm thấy", "Không có bản ghi này.", s.viewer);
    const r = d.returnEntry(s.user, id, form["ly-do"] ?? "");
    // The list the leader came from, with what happened on top.
    const back = new URLSearchParams(form["quay-lai"] ?? "");
    return entriesPage((n) => back.get(n) ?? undefined, s, { ok: r.ok, text: r.message });
  });

  app.get("/web/anh/:id", (c) => {
    const s = must(c, "web.photo");
    if (s instanceof Response) return s;
    const row = stmt<[number], { path: string; unitCode: string }>(d.db,
      "select p.path, e.unit_code as unitCode from entry_photos p join entries e on e.id = p.entry_id where p.id = ?").get(Number(c.req.param("id")));
    if (!row) return plain(404, "Không tìm thấy.");
    if (s.user.role === "bao_cao" && row.unitCode !== s.user.unitCode) return plain(403, OWN_UNIT_ONLY);
    const file = d.photoFile?.(row.path);
    if (!file) return plain(404, "Không tìm thấy.");
    try {
      const bytes = readFileSync(file);
      const type = file.endsWith(".png") ? "image/png" : file.endsWith(".webp") ? "image/webp" : "image/jpeg";
      return new Response(new Uint8Array(bytes), { headers: { "Content-Type": type, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" } });
    } catch {
      return plain(404, "Không tìm thấy.");
    }
  });

  const reportsPage = (s: Signed, state: FormState, status = 200) => page({ title: "Báo cáo của phường", viewer: s.viewer, tab: "bao-cao", status,
    body: `<h2>Lập báo cáo mới</h2>${reportFormHtml(state, s.viewer.csrf, today())}<h2>Báo cáo đã lập</h2>${archiveHtml(d.db, d.cutoffDay)}` });
  const emptyForm = (): PageReportForm => ({ period: monthOf(today(), d.cutoffDay).label, number: "", issuedOn: "", basis: "", tasks: "", cut: "", blank: false });

  app.get("/web/bao-cao", (c) => {
    const s = must(c, "web.reports");
    if (s instanceof Response) return s;
    if (!isLeader(s.user)) return notice(403, "Không được phép", LEADERS_ONLY, s.viewer);
    return reportsPage(s, { form: emptyForm() });
  });

  app.post("/web/bao-cao", limit, async (c) => {
    const s = must(c, "web.report");
    if (s instanceof Response) return s;
    const f = await postOk(c, s);
    if (!f) return notice(403, "Không thực hiện được", BAD_FORM, s.viewer);
    if (!isLeader(s.user)) return notice(403, "Không được phép", LEADERS_ONLY, s.viewer);
    const form: PageReportForm = { period: f.ky ?? "", number: f.so ?? "", issuedOn: f.ngay ?? "", basis: f.cancu ?? "", tasks: f.nhiemvu ?? "", cut: f.cat ?? "", blank: f.trong === "1" };
    const r = d.requestReport(s.user, form);
    if (r.ok === true) return c.redirect(`/web/bao-cao/tien-do/${r.jobId}`, 303);
    if (r.ok === "refused") return reportsPage(s, { form, message: r.message }, 409);
    return reportsPage(s, { form, message: r.message, ...(r.cutChoices ? { cutChoices: r.cutChoices, cutLines: r.cutLines ?? [] } : {}), ...(r.canBlank ? { canBlank: true } : {}) }, 422);
  });

  app.get("/web/bao-cao/tien-do/:job", (c) => {
    const s = must(c, "web.report-progress");
    if (s instanceof Response) return s;
    if (!isLeader(s.user)) return notice(403, "Không được phép", LEADERS_ONLY, s.viewer);
    const job = reportJob(d.db, Number(c.req.param("job")), s.user.id);
    if (!job) return notice(404, "Không tìm thấy", "Không có yêu cầu lập báo cáo này.", s.viewer);
    const waiting = job.status === "pending" || job.status === "running";
    return page({ title: "Lập báo cáo", viewer: s.viewer, tab: "bao-cao", body: progressHtml(d.db, job, d.cutoffDay), ...(waiting ? { refreshSeconds: 3 } : {}) });
  });

  // The month's entries as a spreadsheet, as /xuat sends it (leaders and the office, like /xuat):
  // one sheet per form, typed cells; "lich-su=1" adds the revision history sheet.
  app.get("/web/xuat", async (c) => {
    const s = must(c, "web.export");
    if (s instanceof Response) return s;
    if (!isLeader(s.user)) return notice(403, "Không được phép", LEADERS_ONLY, s.viewer);
    const period = monthParam((n) => c.req.query(n));
    if (!period) return notice(400, "Không đọc được kỳ", "Kỳ không hợp lệ. Xin chọn kỳ trong danh sách.", s.viewer);
    const history = c.req.query("lich-su") === "1";
    const { exportXlsx } = await import("../data/export-xlsx.js");
    const bytes = await exportXlsx(d.db, { start: period.start, end: period.end, key: period.key, history });
    return fileResponse({ fileName: `so-lieu-${period.key}${history ? "-lich-su" : ""}.xlsx`, contentType: XLSX_CONTENT_TYPE, bytes });
  });

  app.get("/web/bao-cao/:id/tai", (c) => {
    const s = must(c, "web.report-download");
    if (s instanceof Response) return s;
    if (!isLeader(s.user)) return notice(403, "Không được phép", LEADERS_ONLY, s.viewer);
    const id = Number(c.req.param("id"));
    const head = Number.isSafeInteger(id) ? issuedHeader(d.db, id) : undefined;
    const bytes = head ? issuedBytes(d.db, id) : undefined;
    if (!head || !bytes) return notice(404, "Không tìm thấy", "Không có báo cáo này.", s.viewer);
    return fileResponse({ fileName: head.fileName, contentType: DOCX_CONTENT_TYPE, bytes });
  });

  // Any other /web path: the same answer whether signed in or not.
  app.all("/web/*", (c) => { c.set("route", "web.other"); return new Response("Không tìm thấy.", { status: 404, headers: { ...PAGE_HEADERS, "Content-Type": "text/plain; charset=utf-8" } }); });
}
