// The contract of a channel plug-in (see registry.ts for the list).
import type { ChannelSettings, Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../log.js";
import type { Channel, ChannelCapabilities, PlanLimits } from "./channel.js";

/** A terminal's streams, and where a console writes documents (tests pass their own). */
export interface TerminalStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  outDir?: string;
}

/**
 * The local console person: "--as <role>:<unit>", and the terminal streams; `unitClosed` says why
 * a unit takes nobody at `now` (ended, not yet begun: the profile's dates), undefined while in force.
 */
export interface ConsoleSettings { as?: string; io?: TerminalStreams; unitClosed?: (code: string, now: Date) => string | undefined }

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
  /** How people and the office call it ("/nguoidung", the help): the only place its name is written for them. */
  readonly label: string;
  /** What its channels can do, known before one is created (start-up checks the profile against it). */
  readonly capabilities: ChannelCapabilities;
  /** Its own environment variables, composed into the full schema by the app (none: it needs none). */
  readonly settings?: ChannelSettings;
  /** A plug-in that runs only when no messaging channel is configured (the console). */
  readonly fallback?: boolean;
  /** True when its settings (a token) are present. */
  configured(config: Config): boolean;
  /** What the platform's plan allows (people, messages a month), from its settings; the app counts against it. */
  planLimits?(config: Config): PlanLimits | undefined;
  /** A risk of the chosen settings the office must hear about at start-up (polling that may lose messages), in Vietnamese. */
  startupWarning?(config: Config): string | undefined;
  /** The channel, built from the settings; started later by the app. */
  create(deps: PluginDeps): Channel;
}
