// The full environment: the shared variables (config.ts) and every channel plug-in's own,
// composed from the registry here, so config.ts never names a channel.
import { configProblems as problemsOf, loadConfig as load, type Config } from "../config.js";
import { channelSettings } from "../channels/registry.js";

/** Every bad variable, shared or a plug-in's, one Vietnamese line each; the configuration when none. */
export const configProblems = (env: NodeJS.ProcessEnv = process.env): { config?: Config; problems: string[] } =>
  problemsOf(env, channelSettings());

/** Parse the environment; throws ConfigError naming the first bad variable (never its value). */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => load(env, channelSettings());

/** The plug-ins' secret variables, which the logger redacts. */
export const secretVariables = (): string[] => channelSettings().flatMap((s) => [...s.secrets]);
