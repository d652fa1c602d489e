// Whether the bot can write its database, as its own writes found it (recording an event,
// handling it) and as a cheap probe finds it (/healthz). /healthz reads this, and the office is
// told once when writing has failed for a minute and once when it works again.
import { storeFaultCode, type Db } from "../db/client.js";
import { VN_OFFSET_MS } from "../domain/vn.js";

/** How long writing must fail before the office is told. */
export const NOTICE_AFTER_MS = 60_000;

export interface WriteFault {
  /** When the current run of failures began. */
  since: Date;
  /** The last SQLite code seen (SQLITE_BUSY, SQLITE_FULL…). */
  code: string;
}

export interface WriteHealthOptions {
  clock: () => Date;
  noticeAfterMs?: number;
  /** Writing has failed for noticeAfterMs; called once per run of failures. */
  onLongFailure?(fault: WriteFault): void;
  /** Writing works again after onLongFailure was called. */
  onRecovered?(fault: WriteFault, at: Date): void;
}

/** The Vietnamese words for a fault, for /healthz and the office's notices. */
export function faultWords(code: string): string {
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "cơ sở dữ liệu đang bị một tiến trình khác khóa (nhập dữ liệu, sao lưu…)";
  if (code.startsWith("SQLITE_FULL")) return "ổ đĩa hoặc cơ sở dữ liệu đã đầy";
  if (code.startsWith("SQLITE_READONLY")) return "tệp cơ sở dữ liệu chỉ cho đọc";
  if (code.startsWith("SQLITE_IOERR")) return "lỗi đọc/ghi ổ đĩa";
  return `lỗi cơ sở dữ liệu (${code})`;
}

/** hh:mm in Vietnam's time. */
export function vnClock(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(11, 16);
}

/** /healthz's words for the database: "ok", or what is wrong since when. */
export function databaseState(fault: WriteFault | undefined): string {
  return fault ? `error: không ghi được: ${faultWords(fault.code)} (${fault.code}), từ ${vnClock(fault.since)}` : "ok";
}

export class WriteHealth {
  private fault: WriteFault | undefined;
  private told = false;
  private readonly noticeAfterMs: number;

  constructor(private readonly o: WriteHealthOptions) {
    this.noticeAfterMs = o.noticeAfterMs ?? NOTICE_AFTER_MS;
  }

  /** A write of the bot's committed. */
  ok(): void {
    const fault = this.fault;
    if (!fault) return;
    this.fault = undefined;
    if (this.told) {
      this.told = false;
      this.o.onRecovered?.(fault, this.o.clock());
    }
  }

  /** A write of the bot's failed because of the store (isStoreFault). */
  failed(err: unknown): void {
    const now = this.o.clock();
    const code = storeFaultCode(err);
    this.fault = this.fault ? { ...this.fault, code } : { since: now, code };
    if (!this.told && now.getTime() - this.fault.since.getTime() >= this.noticeAfterMs) {
      this.told = true;
      this.o.onLongFailure?.(this.fault);
    }
  }

  /**
   * Asks for the write lock without waiting past the connection's short busy timeout, and lets
   * it go at once (nothing is written). A lock held elsewhere counts as a failure; getting it
   * clears only a lock fault: a full disk is cleared by a write that commits.
   */
  probe(db: Db): void {
    const c = db.$client;
    if (c.inTransaction) return;
    try {
      c.exec("begin immediate");
      c.exec("rollback");
      if (this.fault && /^SQLITE_(BUSY|LOCKED)/.test(this.fault.code)) this.ok();
    } catch (err) {
      if (c.inTransaction) c.exec("rollback");
      this.failed(err);
    }
  }

  /** The fault in progress, if any. */
  current(): WriteFault | undefined { return this.fault; }
}
