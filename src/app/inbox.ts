// The durable inbox: platform events are recorded in inbound_events before they are acknowledged
// (a webhook answers 200, a poll moves its offset), so a redelivered event is dropped by its key
// and an event recorded but not handled when the process died is handled after the restart.
import type { Db } from "../db/client.js";
import type { InboundEvent } from "../conversation/types.js";

/** JSON with `at` as an ISO string: a Date does not survive JSON.parse by itself. */
export function encodeEvent(e: InboundEvent): string {
  return JSON.stringify({ ...e, at: e.at.toISOString() });
}

export function decodeEvent(json: string): InboundEvent {
  const raw = JSON.parse(json) as Omit<InboundEvent, "at"> & { at: string };
  return { ...raw, at: new Date(raw.at) };
}

function prepare(c: Db["$client"]) {
  return {
    record: c.prepare<[string, string, string, number]>(
      `insert into inbound_events (channel, event_id, event_json, received_at) values (?, ?, ?, ?) on conflict do nothing`),
    handled: c.prepare<[number, string, string]>(`update inbound_events set handled_at = ? where channel = ? and event_id = ? and handled_at is null`),
    unhandled: c.prepare<[], { channel: string; eventId: string; json: string }>(
      `select channel, event_id as eventId, event_json as json from inbound_events where handled_at is null order by received_at, rowid`),
  };
}

const cache = new WeakMap<Db["$client"], ReturnType<typeof prepare>>();
function s(db: Db) {
  let st = cache.get(db.$client);
  if (!st) { st = prepare(db.$client); cache.set(db.$client, st); }
  return st;
}

/** True when the event is new; false when an event with its channel and id was recorded before. */
export function recordEvent(db: Db, e: InboundEvent, now: Date): boolean {
  return s(db).record.run(e.channel, e.eventId, encodeEvent(e), now.getTime()).changes === 1;
}

export function markHandled(db: Db, e: Pick<InboundEvent, "channel" | "eventId">, now: Date): void {
  s(db).handled.run(now.getTime(), e.channel, e.eventId);
}

/** Events recorded but not handled, oldest first. A row that cannot be read is skipped (and logged by the caller). */
export function unhandledEvents(db: Db): Array<{ channel: string; eventId: string; event?: InboundEvent }> {
  return s(db).unhandled.all().map((r) => {
    try { return { channel: r.channel, eventId: r.eventId, event: decodeEvent(r.json) }; } catch { return { channel: r.channel, eventId: r.eventId }; }
  });
}
