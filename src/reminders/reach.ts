// Which of a person's linked channels a reminder (or notice) goes to, given each channel's
// interaction window: free text reaches a person on such a channel only within maxHours of their
// last message there, and costs nothing within freeHours. Pure: the caller reads the identities
// and the running channels, and queues what this decides.
import type { ChannelCapabilities } from "../channels/channel.js";

/** One of the person's identities: where they can be written to, and when they last wrote from it. */
export interface ReachIdentity {
  id: number;
  channel: string;
  chatId: string;
  /** Their last message (or registration, or link) from this identity, ms; null when never recorded. */
  lastSeenAt: number | null;
  createdAt: number;
}

/** A channel running now: its name, how the office calls it, and what limits its sends. */
export interface ChannelRoute {
  name: string;
  label: string;
  capabilities: Pick<ChannelCapabilities, "interactionWindow" | "templateReminders">;
}

export type Reach =
  /** Free text on this identity; billable when past the window's free hours. */
  | { kind: "text"; channel: string; chatId: string; billable: boolean }
  /** The window is closed, but the channel can send the reminder as its template. */
  | { kind: "template"; channel: string; chatId: string }
  /** No way: why, in Vietnamese for the office ("quá 7 ngày không nhắn …, chưa liên kết …"). */
  | { kind: "none"; reason: string };

/**
 * A message is queued now and sent a little later (the outbox's pace, a backlog): a window is
 * counted open only if it stays open this long. A window that closes meanwhile is caught at
 * send time (windowClosed) and the outbox tries another way.
 */
export const SEND_MARGIN_MS = 3_600_000;

export interface ReachOptions {
  /** Reminders may go as a template; notices and digests may not. */
  templates: boolean;
  /** A channel that just refused the message (its window is closed whatever we recorded). */
  refused?: string;
  marginMs?: number;
  /** How the office calls a channel that is not running (a plug-in since turned off); its name otherwise. */
  labelOf?: (name: string) => string;
}

const HOUR = 3_600_000;

/** "7 ngày" for 168 h, "30 giờ" for a window not in whole days. */
function span(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24} ngày` : `${hours} giờ`;
}

/**
 * The best way to reach the person now. In order: free text (a channel without a window, or
 * inside the free hours), then billable text (inside the window), then a template where only
 * closed windows remain; within each, the identity they wrote from last (as before windows).
 */
export function chooseReach(identities: readonly ReachIdentity[], routes: readonly ChannelRoute[], now: number, o: ReachOptions): Reach {
  const margin = o.marginMs ?? SEND_MARGIN_MS;
  const routeOf = new Map(routes.map((r) => [r.name, r]));
  const options: Array<{ tier: number; identity: ReachIdentity; reach: Reach }> = [];
  const reasons: string[] = [];
  for (const identity of identities) {
    const route = routeOf.get(identity.channel);
    if (!route) { reasons.push(`${o.labelOf?.(identity.channel) ?? identity.channel} không hoạt động`); continue; }
    const window = route.capabilities.interactionWindow;
    const at = { channel: identity.channel, chatId: identity.chatId };
    if (identity.channel === o.refused) {
      reasons.push(window ? `quá ${span(window.maxHours)} không nhắn ${route.label}` : `${route.label} không nhận tin`);
      continue;
    }
    if (!window) { options.push({ tier: 0, identity, reach: { kind: "text", ...at, billable: false } }); continue; }
    // Never recorded: counted closed, since a send would most likely be refused.
    const age = identity.lastSeenAt === null ? Infinity : now + margin - identity.lastSeenAt;
    if (age < window.freeHours * HOUR) options.push({ tier: 0, identity, reach: { kind: "text", ...at, billable: false } });
    else if (age < window.maxHours * HOUR) options.push({ tier: 1, identity, reach: { kind: "text", ...at, billable: true } });
    else if (o.templates && route.capabilities.templateReminders) options.push({ tier: 2, identity, reach: { kind: "template", ...at } });
    else reasons.push(`quá ${span(window.maxHours)} không nhắn ${route.label}`);
  }
  options.sort((a, b) => a.tier - b.tier || (b.identity.lastSeenAt ?? 0) - (a.identity.lastSeenAt ?? 0)
    || b.identity.createdAt - a.identity.createdAt || b.identity.id - a.identity.id);
  if (options[0]) return options[0].reach;
  const linked = new Set(identities.map((i) => i.channel));
  const unlinked = routes.filter((r) => !linked.has(r.name)).map((r) => r.label);
  if (unlinked.length > 0) reasons.push(`chưa liên kết ${unlinked.join(", ")}`);
  return { kind: "none", reason: reasons.length > 0 ? reasons.join(", ") : "chưa liên kết kênh nào" };
}
