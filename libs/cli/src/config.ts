import { resolve } from 'node:path';
import { DEFAULT_CLIENT_CONFIG_PATH } from './client-profiles.js';
import { UsageError } from './usage-error.js';
import {
  CPU_PINNING_MODES,
  TARGET_READER_MODES,
  type CpuPinningMode,
  type TargetReaderMode,
} from '@image-scanner/scan-engine';
import { envChoice, envInteger, envOptional } from '@image-scanner/settings';

/** Settings the CLI takes from the environment; flags override each of them. */
export interface CliConfig {
  /** When set (or an API URL is), `scan` goes through the services instead of in-process. */
  redisUrl?: string;
  apiUrl?: string;
  token?: string;
  feedDir?: string;
  dockerSocket: string;
  oscapPath: string;
  oscapTimeoutMs: number;
  /** `OSCAP_CPU_PINNING`, as for a worker: whether each oscap run is held to one CPU. */
  oscapCpuPinning: CpuPinningMode;
  /** `TARGET_READER`, as for a worker: how the embedded scan reads images. */
  targetReader: TargetReaderMode;
  clientConfigPath: string;
}

/** A wrong number is the command line's problem: exit 2 with the usage, like a bad flag. */
function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  try {
    return envInteger(env, name, fallback, min);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A word outside the setting's choices is a usage error too. */
function choice<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  try {
    return envChoice(env, name, choices, fallback);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Reads the CLI's environment once. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CliConfig> {
  const feedDir = envOptional(env, 'FEED_DIR');
  const redisUrl = envOptional(env, 'REDIS_URL');
  const apiUrl = envOptional(env, 'IMAGE_SCANNER_API_URL');
  const token = envOptional(env, 'IMAGE_SCANNER_TOKEN');
  return Object.freeze({
    ...(redisUrl ? { redisUrl } : {}),
    ...(apiUrl ? { apiUrl } : {}),
    ...(token ? { token } : {}),
    ...(feedDir ? { feedDir: resolve(feedDir) } : {}),
    dockerSocket: env.DOCKER_SOCKET ?? '/var/run/docker.sock',
    oscapPath: env.OSCAP_PATH ?? 'oscap',
    oscapTimeoutMs: integer(env, 'OSCAP_TIMEOUT_MS', 10 * 60_000, 1000),
    oscapCpuPinning: choice(env, 'OSCAP_CPU_PINNING', CPU_PINNING_MODES, 'auto'),
    targetReader: choice(env, 'TARGET_READER', TARGET_READER_MODES, 'auto'),
    clientConfigPath: env.IMAGE_SCANNER_CLIENT_CONF ?? DEFAULT_CLIENT_CONFIG_PATH,
  });
}
