// The contract of a channel plug-in (see registry.ts for the list).
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../log.js";
import type { Channel } from "./channel.js";
import type { ConsoleOptions } from "./console/console-channel.js";

/** The local console person: "--as <role>:<unit>", and the terminal streams (tests pass their own). */
export interface ConsoleSettings { as?: string; io?: ConsoleOptions }

export interface PluginDeps {
  config: Config;
  log: Logger;
  db: Db;
  clock: () => Date;
  /** Only the console plug-in reads it. */
  console?: ConsoleSettings;
}

export interface ChannelPlugin {
  readonly name: string;
  /** A plug-in that runs only when no messaging channel is configured (the console). */
  readonly fallback?: boolean;
  /** True when its settings (a token) are present. */
  configured(config: Config): boolean;
  /** The channel, built from the settings; started later by the app. */
  create(deps: PluginDeps): Channel;
}
