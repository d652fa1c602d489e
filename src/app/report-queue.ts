// Admission for reports: one at a time per leader, at most `concurrency` building and
// `maxWaiting` waiting overall. A request beyond that is refused at once (the leader is told),
// rather than queued for minutes behind others.
export type Admission<T> =
  | { status: "busy" } // this leader already has a report building or waiting
  | { status: "full" } // too many reports waiting
  | { status: "accepted"; ahead: number; done: Promise<T> };

export class ReportQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly owners = new Set<string>();

  constructor(private readonly o: { concurrency: number; maxWaiting: number }) {}

  /** Decides at once (synchronously); the task starts when a place is free. */
  submit<T>(owner: string, task: () => Promise<T>): Admission<T> {
    if (this.owners.has(owner)) return { status: "busy" };
    const mustWait = this.running >= this.o.concurrency;
    if (mustWait && this.waiting.length >= this.o.maxWaiting) return { status: "full" };
    this.owners.add(owner);
    const ahead = mustWait ? this.running - this.o.concurrency + 1 + this.waiting.length : 0;
    const done = new Promise<T>((resolve, reject) => {
      // The place is given back before `done` settles: whoever awaited it may ask again at once.
      const finish = () => {
        this.running--;
        this.owners.delete(owner);
        this.waiting.shift()?.();
      };
      const start = () => {
        this.running++;
        void Promise.resolve().then(task).then((v) => { finish(); resolve(v); }, (e: unknown) => { finish(); reject(e); });
      };
      if (mustWait) this.waiting.push(start);
      else start();
    });
    return { status: "accepted", ahead, done };
  }

  /** Reports building or waiting. */
  get size(): number { return this.running + this.waiting.length; }
}
