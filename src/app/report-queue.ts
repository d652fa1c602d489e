// Admission for reports and exports: one at a time per person and kind, at most `concurrency`
// building and `maxWaiting` waiting overall. A request beyond that is refused at once (the person
// is told), rather than queued for minutes behind others. Decided from the jobs not yet finished
// (src/app/jobs.ts reads them from the jobs table, so the answer holds across a restart).
export type Admission =
  | { status: "busy" } // this person already has one building or waiting
  | { status: "full" } // too many waiting
  | { status: "accepted"; ahead: number };

export interface QueueLimits { concurrency: number; maxWaiting: number }

/** `active`: the owner of each report or export not finished, oldest first. */
export function admit(active: readonly string[], owner: string, limits: QueueLimits): Admission {
  if (active.includes(owner)) return { status: "busy" };
  if (active.length >= limits.concurrency + limits.maxWaiting) return { status: "full" };
  // Those building take the places first; the rest wait in order.
  return { status: "accepted", ahead: Math.max(0, active.length - limits.concurrency + 1) };
}
