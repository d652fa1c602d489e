// Masking hides tokens and nothing else: a stack trace's file names and line numbers stay readable.
import { describe, expect, it } from "vitest";
import { maskTokens } from "../../src/log.js";

// A Telegram token is <digits>:<35 characters of [A-Za-z0-9_-]>; Zalo's is <bot id>:<secret>.
const TELEGRAM = "987654321:AAHsecret-token-value_0123456789abc";
const ZALO = "1234567890123:zalo-SECRET.part~xyz";

describe("maskTokens", () => {
  it("keeps stack-trace paths whose file name starts with bot", () => {
    const stack = "Error: boom\n    at handle (/srv/bien/dist/app/bot-app.ts:36:23)\n    at run (file:///srv/bien/src/app/bot-app.js:120:5)";
    expect(maskTokens(stack)).toBe(stack);
    expect(maskTokens("at /opt/x/botpool.js:12:7")).toBe("at /opt/x/botpool.js:12:7");
    expect(maskTokens("at /opt/x/bot.ts:1:2")).toBe("at /opt/x/bot.ts:1:2");
  });

  it("masks a Telegram token in a Bot API URL, bare, or after bot", () => {
    expect(maskTokens(`GET https://api.telegram.org/bot${TELEGRAM}/getUpdates failed`)).toBe("GET https://api.telegram.org/bot<token>/getUpdates failed");
    expect(maskTokens(`bot${TELEGRAM}/getMe`)).toBe("bot<token>/getMe");
    expect(maskTokens(`token ${TELEGRAM} refused`)).toBe("token <token> refused");
  });

  it("masks a Zalo token in its URL path", () => {
    expect(maskTokens(`POST http://127.0.0.1:9/bot${ZALO}/sendMessage`)).toBe("POST http://127.0.0.1:9/bot<token>/sendMessage");
  });

  it("keeps host:port and times that look nothing like a token", () => {
    expect(maskTokens("http://127.0.0.1:19471/healthz at 08:30:15")).toBe("http://127.0.0.1:19471/healthz at 08:30:15");
  });
});
