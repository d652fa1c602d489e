// Start-up against a Bot API that is not reachable yet, or that refuses the token.
import { afterEach, describe, expect, it } from "vitest";
import { TelegramChannel, TelegramRefusedError } from "../../src/channels/telegram/telegram-channel.js";
import { startBotApiStandin, type BotApiStandin } from "../helpers/bot-api-standin.js";
import { silentLog } from "../helpers/harness.js";

let standin: BotApiStandin | undefined;
let channel: TelegramChannel | undefined;
afterEach(async () => { await channel?.stop(); await standin?.close(); channel = undefined; standin = undefined; });

describe("telegram start-up", () => {
  it("keeps trying while Telegram cannot be reached, then polls", async () => {
    standin = await startBotApiStandin();
    standin.failNext("getMe", { code: 500 }, 2);
    channel = new TelegramChannel({ token: standin.token, apiRoot: standin.apiRoot, log: silentLog, retryBaseMs: 20,
      commands: [{ command: "nhap", description: "Nhập số liệu" }] });
    await channel.start(async () => undefined);
    expect(standin.calls.filter((c) => c.method === "getMe")).toHaveLength(3);
    expect(standin.calls.find((c) => c.method === "setMyCommands")?.params.commands).toEqual([{ command: "nhap", description: "Nhập số liệu" }]);
    await standin.waitFor(() => standin!.calls.some((c) => c.method === "getUpdates"));
    expect(channel.username).toBe("test_bot");
  });

  it("stops at once with a clear message when the token is refused", async () => {
    standin = await startBotApiStandin();
    channel = new TelegramChannel({ token: "999:WRONG-token-value", apiRoot: standin.apiRoot, log: silentLog, retryBaseMs: 20 });
    await expect(channel.start(async () => undefined)).rejects.toThrow(TelegramRefusedError);
    await expect(channel.start(async () => undefined)).rejects.toThrow("BOT_TOKEN");
  });
});
