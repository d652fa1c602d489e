// Console adapter: the local person chats with the bot in the terminal (used when no
// BOT_TOKEN is set). Choices print as a numbered list; typing the number picks one.
import type { TerminalStreams } from "../plugin.js";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Outbound } from "../../conversation/types.js";
import type { Channel, ChannelCapabilities, ChannelState, EventHandler } from "../channel.js";

export const CONSOLE_USER = "local";
export const CONSOLE_CAPABILITIES: ChannelCapabilities = { buttons: false, documents: true, images: true, editing: false, maxTextLength: 100_000 };

/** The terminal streams and document folder (TerminalStreams), and what the console plug-in adds. */
export interface ConsoleOptions extends TerminalStreams {
  /** Run before the chat starts (choosing the local person's role and unit). */
  beforeStart?: () => Promise<void>;
  /** Stamps each typed line; the app's clock. */
  clock?: () => Date;
  /**
   * Lines the console answers itself, never the chat ("/doivaitro": the role and unit picker).
   * While one runs, the lines typed after it are its answers (ask()), in order.
   */
  commands?: Record<string, () => Promise<void>>;
}

export class ConsoleChannel implements Channel {
  readonly name = "console";
  readonly capabilities = CONSOLE_CAPABILITIES;
  private rl: Interface | undefined;
  private counter = 0;
  // Event ids must differ from a previous run's on the same database (the inbox drops a repeated
  // id): a random run id, not the start time, which an injected clock may repeat.
  private readonly run = randomUUID().slice(0, 8);

  constructor(private readonly o: ConsoleOptions = {}) {}

  private get out() { return this.o.output ?? process.stdout; }

  // Without one (a channel built alone), the wall clock: the plug-in passes the app's.
  private now(): Date { return this.o.clock?.() ?? new Date(); }

  print(line: string): void { this.out.write(`${line}\n`); }

  /** Ask one question before the chat starts (role and unit of the local person). */
  async ask(question: string): Promise<string> {
    this.out.write(question);
    const line = await this.nextLine();
    if (line === undefined) throw new Error("Đầu vào (stdin) đã đóng trước khi chọn xong vai trò và đơn vị.");
    return line.trim();
  }

  // One line listener from the start, and one queue: piped input arrives all at once, and a line
  // read while a question of the console waits (ask()) is its answer, never the chat's.
  private readonly pending: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private loop: Promise<void> | undefined;

  private reader(): Interface {
    if (this.rl) return this.rl;
    const rl = createInterface({ input: this.o.input ?? process.stdin, terminal: false });
    rl.on("line", (line) => {
      if (this.waiting) { const w = this.waiting; this.waiting = undefined; w(line); }
      else this.pending.push(line);
    });
    rl.once("close", () => {
      this.ended = true;
      this.waiting?.(undefined);
    });
    this.rl = rl;
    return rl;
  }

  private nextLine(): Promise<string | undefined> {
    this.reader();
    if (this.pending.length > 0) return Promise.resolve(this.pending.shift());
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolveLine) => { this.waiting = resolveLine; });
  }

  async start(onEvent: EventHandler): Promise<void> {
    this.reader();
    await this.o.beforeStart?.();
    const handle = async (line: string) => {
      const t = line.normalize("NFC");
      if (!t.trim()) return;
      const own = this.o.commands?.[t.trim()];
      // The console's own command reads its answers from the same queue, before any chat line.
      if (own) { await own(); return handle("/menu"); }
      const eventId = `${this.run}-${++this.counter}`;
      await onEvent({
        channel: "console", chatId: CONSOLE_USER, userId: CONSOLE_USER, userName: "Người dùng thử",
        // A line read from the terminal has no send time of its own (input may be typed ahead).
        eventId, at: this.now(), arrived: true, body: { type: "text", text: t },
      });
    };
    // The menu first, then each line in order, one at a time, like a chat.
    this.loop = (async () => {
      await handle("/menu");
      for (let line = await this.nextLine(); line !== undefined; line = await this.nextLine()) await handle(line);
    })();
  }

  /** Resolves when stdin has ended and every line read is handled. */
  async whenClosed(): Promise<void> {
    while (!this.ended) await new Promise<void>((r) => this.reader().once("close", () => r()));
    await this.loop;
  }

  state(): ChannelState { return this.ended ? "stopped" : this.loop ? "ready" : "starting"; }

  async stop(): Promise<void> { this.rl?.close(); }

  async send(_chatId: string, message: Outbound): Promise<void> {
    if (message.type === "document" || message.type === "image") {
      const dir = resolve(this.o.outDir ?? "out");
      mkdirSync(dir, { recursive: true });
      const path = resolve(dir, message.fileName);
      writeFileSync(path, message.bytes);
      this.print(`🤖 [tệp] ${path}${message.caption ? `\n${message.caption}` : ""}`);
      return;
    }
    this.print(`🤖 ${message.text}`);
    message.choices?.forEach((c, i) => this.print(`   ${i + 1}. ${c.label}`));
  }
}
