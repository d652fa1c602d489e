// The console runs when no messaging channel is configured: the person chats in the terminal.
import type { ChannelPlugin } from "../plugin.js";
import { CONSOLE_CAPABILITIES, ConsoleChannel } from "./console-channel.js";
import { chooseConsoleIdentity, pickConsoleIdentity, SWITCH_COMMAND } from "./console-identity.js";

export const consolePlugin: ChannelPlugin = {
  name: "console",
  // The terminal chat, as the entries page and /nguoidung name it.
  label: "Dòng lệnh",
  capabilities: CONSOLE_CAPABILITIES,
  fallback: true,
  configured: () => true,
  create({ db, clock, console: settings }) {
    const channel: ConsoleChannel = new ConsoleChannel({
      ...settings?.io,
      clock,
      // The person's role and unit are settled before the chat starts, then the menu is shown.
      beforeStart: () => chooseConsoleIdentity(db, channel, settings?.as, clock(), settings?.unitClosed),
      commands: { [SWITCH_COMMAND]: () => pickConsoleIdentity(db, channel, clock(), settings?.unitClosed) },
    });
    return channel;
  },
};
