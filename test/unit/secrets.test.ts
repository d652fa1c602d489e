// Tokens never reach the logs or error messages, whatever fails.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, maskTokens } from "../../src/log.js";
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { SendError } from "../../src/channels/channel.js";
import { loadConfig, secretVariables } from "../../src/app/environment.js";

const TOKEN = "987654321:AAHsecret-token-value_0123456789abc";

function capture() {
  let out = "";
  const destination = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  return { log: createLogger({ level: "debug", destination, secrets: secretVariables() }), text: () => out };
}

describe("secrets", () => {
  it("masks the token in a network error from the Bot API and in the logs", async () => {
    const { log, text } = capture();
    const channel = new TelegramChannel({ token: TOKEN, apiRoot: "http://127.0.0.1:9", log });
    const err = await channel.send("1", { type: "text", text: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).message).not.toContain("AAHsecret");
    log.error({ err: new Error(`request to http://api/bot${TOKEN}/sendMessage failed`) }, `failed for bot${TOKEN}`);
    log.info({ token: TOKEN, config: { BOT_TOKEN: TOKEN } }, "config");
    expect(text()).not.toContain("AAHsecret");
    expect(text()).toContain("<redacted>");
  });

  it("redacts the secret variables each plug-in declares, wherever they are logged", () => {
    const { log, text } = capture();
    expect(secretVariables()).toEqual(expect.arrayContaining(["BOT_TOKEN", "ZALO_BOT_TOKEN"]));
    log.info({ ZALO_BOT_TOKEN: "zalo-one-secret", config: { ZALO_BOT_TOKEN: "zalo-two-secret", BOT_TOKEN: "tg-three-secret" } }, "config");
    expect(text()).not.toMatch(/zalo-one|zalo-two|tg-three/);
  });

  it("never prints a configured secret in a configuration error", () => {
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_SECRET: "short-secret" })).toThrow("WEBHOOK_SECRET");
    try { loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_SECRET: "short-secret" }); } catch (e) {
      expect(String(e)).not.toContain("short-secret");
      expect(String(e)).not.toContain("AAHsecret");
    }
    expect(maskTokens(`bot${TOKEN}/getMe`)).toBe("bot<token>/getMe");
  });
});
