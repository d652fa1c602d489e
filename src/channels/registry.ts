// The channel plug-ins. Each platform is one folder behind the Channel interface; which ones
// run is decided by the configuration (a token set means that channel runs). Start-up, the CLI
// and the HTTP server ask this registry; nothing outside a channel's folder names a platform.
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Channel } from "./channel.js";

export interface PluginDeps {
  config: Config;
  log: Logger;
}

export interface ChannelPlugin {
  readonly name: string;
  /** The channel when its settings are configured, else undefined. */
  create(deps: PluginDeps): Channel | undefined;
}
