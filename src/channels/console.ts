// Console adapter: the local person chats with the bot in the terminal (used when no
// BOT_TOKEN is set). Choices print as a numbered list; typing the number picks one.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Outbound } from "../conversation/types.js";
import type { Channel, EventHandler } from "./channel.js";

export const CONSOLE_USER = "local";

export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Where documents are written (the console cannot show a file). */
  outDir?: string;
}

export class ConsoleChannel implements Channel {
  readonly name = "console";
  readonly capabilities = { buttons: false, documents: true, maxTextLength: 100_000 };
  private rl: Interface | undefined;
  private counter = 0;
  private readonly startedAt = Date.now();
  private closed: Promise<void> | undefined;

  constructor(private readonly o: ConsoleOptions = {}) {}

  private get out() { return this.o.output ?? process.stdout; }

  print(line: string): void { this.out.write(`${line}\n`); }

  /** Ask one question before the chat starts (role and unit of the local person). */
  async ask(question: string): Promise<string> {
    const rl = this.reader();
    return new Promise((resolveAnswer, reject) => {
      const onClose = () => reject(new Error("stdin closed"));
      rl.once("close", onClose);
      rl.question(question, (answer) => { rl.off("close", onClose); resolveAnswer(answer.trim()); });
    });
  }

  private reader(): Interface {
    this.rl ??= createInterface({ input: this.o.input ?? process.stdin, terminal: false });
    return this.rl;
  }

  async start(onEvent: EventHandler): Promise<void> {
    const rl = this.reader();
    let chain = Promise.resolve();
    rl.on("line", (line) => {
      const t = line.normalize("NFC");
      if (!t.trim()) return;
      const eventId = `${this.startedAt}-${++this.counter}`;
      // Lines are handled in order, one at a time, like a chat.
      chain = chain.then(() => onEvent({
        channel: "console", chatId: CONSOLE_USER, userId: CONSOLE_USER, userName: "Người dùng thử",
        eventId, at: new Date(), body: { type: "text", text: t },
      }));
    });
    this.closed = new Promise((done) => rl.once("close", () => { void chain.then(done); }));
  }

  /** Resolves when stdin ends and pending lines are handled. */
  whenClosed(): Promise<void> { return this.closed ?? Promise.resolve(); }

  async stop(): Promise<void> { this.rl?.close(); }

  async send(_chatId: string, message: Outbound): Promise<void> {
    if (message.type === "document") {
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
