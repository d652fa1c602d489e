// The channel plug-ins. Each platform is one folder behind the Channel interface; which ones
// run is decided by the configuration (a token set means that channel runs; with none, the
// console). Start-up and the CLI ask this registry; nothing outside a channel's folder names a
// platform.
import type { ChannelSettings, Config } from "../config.js";
import type { Channel, ChannelCapabilities, PlanLimits } from "./channel.js";
import type { ChannelPlugin, PluginDeps } from "./plugin.js";
import { consolePlugin } from "./console/plugin.js";
import { telegramPlugin } from "./telegram/plugin.js";
import { zaloPlugin } from "./zalo/plugin.js";
import { zaloOaPlugin } from "./zalo-oa/plugin.js";

export type { ChannelPlugin, PluginDeps } from "./plugin.js";

const PLUGINS: ChannelPlugin[] = [telegramPlugin, zaloPlugin, zaloOaPlugin, consolePlugin];

export function plugins(): readonly ChannelPlugin[] { return PLUGINS; }

/** True when no messaging channel is configured: the bot chats in the terminal. */
export function consoleOnly(config: Config): boolean {
  return !PLUGINS.some((p) => !p.fallback && p.configured(config));
}

/** The plug-ins that run with this configuration: the configured ones, or the console when none is. */
function running(config: Config): ChannelPlugin[] {
  const chosen = PLUGINS.filter((p) => !p.fallback && p.configured(config));
  return chosen.length > 0 ? chosen : PLUGINS.filter((p) => p.fallback);
}

/** Every configured channel (or the console when none is), not yet started. */
export function createChannels(deps: PluginDeps): Channel[] {
  return running(deps.config).map((p) => p.create(deps));
}

/** The label and capabilities of each channel that runs with this configuration, without creating it. */
export function runningCapabilities(config: Config): { label: string; capabilities: ChannelCapabilities }[] {
  return running(config).map((p) => ({ label: p.label, capabilities: p.capabilities }));
}

/** The configured messaging channels only (never the console): the CLI sends queued messages through them. */
export function createMessagingChannels(deps: PluginDeps): Channel[] {
  return PLUGINS.filter((p) => !p.fallback && p.configured(deps.config)).map((p) => p.create(deps));
}

/** Every plug-in's own environment variables (the app composes the full schema from them). */
export function channelSettings(): ChannelSettings[] {
  return PLUGINS.flatMap((p) => (p.settings ? [p.settings] : []));
}

/** How people call a channel ("Telegram"); an unknown name (a plug-in since removed) as it is. */
export function channelLabel(name: string): string {
  return PLUGINS.find((p) => p.name === name)?.label ?? name;
}

/** The labels of the configured messaging channels, in the registry's order (none: console only). */
export function configuredLabels(config: Config): string[] {
  return PLUGINS.filter((p) => !p.fallback && p.configured(config)).map((p) => p.label);
}

/** The plan limits each configured messaging channel declares (none: no limits to count). */
export function planLimitsOf(config: Config): Map<string, PlanLimits> {
  const out = new Map<string, PlanLimits>();
  for (const p of PLUGINS) {
    if (p.fallback || !p.configured(config)) continue;
    const limits = p.planLimits?.(config);
    if (limits && (limits.maxUsers !== undefined || limits.monthlyMessages !== undefined)) out.set(p.name, limits);
  }
  return out;
}

/** Start-up warnings of the configured channels, by channel name (polling that may lose messages). */
export function startupWarnings(config: Config): Array<{ channel: string; text: string }> {
  return PLUGINS.filter((p) => !p.fallback && p.configured(config))
    .flatMap((p) => { const text = p.startupWarning?.(config); return text ? [{ channel: p.name, text }] : []; });
}
