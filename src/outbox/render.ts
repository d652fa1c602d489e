// How one outbox message goes out on a given channel: choices as a numbered list where the
// channel has no buttons, and a text longer than the channel's limit cut into parts. The parts
// are fixed by the stored text and the channel, so a retry can skip the ones already delivered
// (outbox.parts_sent) instead of sending them twice.
import type { Channel } from "../channels/channel.js";
import { splitText } from "../channels/channel.js";
import { choicesAsText } from "../channels/choices-as-text.js";
import type { Outbound } from "../conversation/types.js";

/** The messages to send, in order; the choices (as buttons) ride on the last part only. */
export function renderParts(message: Outbound, channel: Pick<Channel, "capabilities">): Outbound[] {
  if (message.type !== "text") return [message];
  const m = channel.capabilities.buttons ? message : choicesAsText(message);
  if (m.type !== "text") return [m];
  // A reminder the channel may send as its template stays one message with its hint: the channel
  // sends the template, or the text split by its own send().
  if (message.template && channel.capabilities.templateReminders) return [{ ...m, template: message.template }];
  const parts = splitText(m.text, channel.capabilities.maxTextLength, { codePoints: channel.capabilities.countsCodePoints === true });
  return parts.map((part, i): Outbound =>
    i === parts.length - 1 && m.choices?.length ? { type: "text", text: part, choices: m.choices } : { type: "text", text: part });
}
