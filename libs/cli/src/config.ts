import { resolve } from 'node:path';
import { DEFAULT_CLIENT_CONFIG_PATH } from './client-profiles.js';
import { UsageError } from './usage-error.js';

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
  clientConfigPath: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Reads the CLI's environment once. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CliConfig> {
  const feedDir = optional(env, 'FEED_DIR');
  const redisUrl = optional(env, 'REDIS_URL');
  const apiUrl = optional(env, 'IMAGE_SCANNER_API_URL');
  const token = optional(env, 'IMAGE_SCANNER_TOKEN');
  return Object.freeze({
    ...(redisUrl ? { redisUrl } : {}),
    ...(apiUrl ? { apiUrl } : {}),
    ...(token ? { token } : {}),
    ...(feedDir ? { feedDir: resolve(feedDir) } : {}),
    dockerSocket: env.DOCKER_SOCKET ?? '/var/run/docker.sock',
    oscapPath: env.OSCAP_PATH ?? 'oscap',
    oscapTimeoutMs: integer(env, 'OSCAP_TIMEOUT_MS', 10 * 60_000, 1000),
    clientConfigPath: env.IMAGE_SCANNER_CLIENT_CONF ?? DEFAULT_CLIENT_CONFIG_PATH,
  });
}
