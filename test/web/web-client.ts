// The office's page as a browser without a browser: the real bot (Telegram stand-in, SQLite file),
// /web asked in the chat, the link opened on the bot's own HTTP server, the session cookie kept.
import { call, type Reply } from "../http/fixtures.js";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";

export const PUBLIC_BASE_URL = "https://bot.example.vn";

/** The office's two people in these tests: Lan reports for khóm Đông Hưng, Vũ leads the ward. */
export const REPORTER = 1001;
export const LEADER = 3001;

/** The real bot on 20/02/2025 10:00 in Vietnam, with its public address, and Lan and Vũ registered. */
export async function startOffice(): Promise<Harness> {
  const h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z"), env: { PUBLIC_BASE_URL } });
  await h.register(REPORTER, "bao_cao", "dong-hung", "Lan");
  await h.register(LEADER, "lanh_dao", "nhon-hung", "Vũ");
  return h;
}

/** The link in the bot's answer to /web, pointed at the local server. */
export async function askLink(h: Harness, userId: number): Promise<string> {
  const replies = await h.say(userId, "/web");
  const m = /https:\/\/bot\.example\.vn(\/web\/vao\/[A-Za-z0-9_-]+)/.exec(replies.map((r) => r.text).join("\n"));
  if (!m) throw new Error(`no link in ${JSON.stringify(replies.map((r) => r.text))}`);
  return `${h.bot.web!.url}${m[1]}`;
}

export interface Browser { cookie: string; get(path: string): Promise<Reply>; post(path: string, form: Record<string, string>): Promise<Reply> }

/** Opens a link (the button's POST) and keeps the session cookie. */
export async function signIn(h: Harness, link: string): Promise<Browser & { opened: Reply }> {
  const opened = await call(link, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
  const set = ([] as string[]).concat(opened.headers["set-cookie"] ?? []);
  const cookie = set.map((c) => c.split(";")[0]!).find((c) => c.startsWith("phien=")) ?? "";
  return { opened, ...session(h, cookie) };
}

export function session(h: Harness, cookie: string): Browser {
  const base = h.bot.web!.url;
  return {
    cookie,
    get: (path) => call(`${base}${path}`, { headers: cookie ? { Cookie: cookie } : {} }),
    post: (path, form) => call(`${base}${path}`, {
      method: "POST", body: new URLSearchParams(form).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    }),
  };
}

/** The CSRF token of a page's forms. */
export function csrfOf(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error("no CSRF token on the page");
  return m[1]!;
}
