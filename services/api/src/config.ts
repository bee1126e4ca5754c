import { DEFAULT_LEGACY_CONFIG_PATH, readLegacyServerConfig } from './legacy-server-config.js';
import { envInteger, envList, envPort } from '@image-scanner/settings';

export interface ApiConfig {
  host: string;
  port: number;
  redisUrl: string;
  /** Internal base URL of the report store, used to assemble full reports. */
  reportStoreUrl: string;
  /** Names of the Docker hosts workers serve; the first is the default. */
  dockerHosts: string[];
  /** Bearer tokens accepted by the API; empty means auth is off. */
  apiTokens: string[];
  maxBodyBytes: number;
  /** How long a listing or inspect waits for a worker's answer. */
  dockerQueryTimeoutMs: number;
  /** How long the legacy `/image-scanner/api/scan` waits for its scan to finish. */
  legacyScanTimeoutMs: number;
  logLevel: string;
}

/**
 * The original daemon's `image-scanner.conf` as environment defaults: `port` and `hostip`
 * are the API's; `dockerhost` names the default Docker host when it is a host name (a
 * socket URL there is the worker's business, see DOCKER_SOCKET).
 */
function legacyDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = readLegacyServerConfig(env.IMAGE_SCANNER_CONF ?? DEFAULT_LEGACY_CONFIG_PATH);
  const defaults: NodeJS.ProcessEnv = {};
  if (file.port) defaults.API_PORT = file.port;
  if (file.hostip) defaults.API_HOST = file.hostip;
  if (file.dockerhost && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(file.dockerhost)) {
    defaults.DOCKER_HOST_NAMES = file.dockerhost;
  }
  return defaults;
}

/**
 * Reads and checks the configuration once, at start-up. Environment variables override the
 * original `image-scanner.conf` when that file exists.
 */
export function loadConfig(processEnv: NodeJS.ProcessEnv = process.env): Readonly<ApiConfig> {
  const env = { ...legacyDefaults(processEnv), ...definedOnly(processEnv) };
  const dockerHosts = envList(env, 'DOCKER_HOST_NAMES');
  return Object.freeze({
    host: env.API_HOST ?? '127.0.0.1',
    // 5001 is the port the original image-scanner daemon listened on; old clients expect it.
    port: envPort(env, 'API_PORT', 5001),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    reportStoreUrl: (env.REPORT_STORE_URL ?? 'http://127.0.0.1:5003').replace(/\/+$/, ''),
    dockerHosts: dockerHosts.length > 0 ? dockerHosts : ['local'],
    apiTokens: envList(env, 'API_TOKENS'),
    maxBodyBytes: 64 * 1024,
    dockerQueryTimeoutMs: envInteger(env, 'DOCKER_QUERY_TIMEOUT_MS', 30_000, 100),
    legacyScanTimeoutMs: envInteger(env, 'LEGACY_SCAN_TIMEOUT_MS', 60 * 60_000, 1000),
    logLevel: env.LOG_LEVEL ?? 'info',
  });
}

function definedOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}
