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
  logLevel: string;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a TCP port, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Reads and checks the configuration once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<ApiConfig> {
  const dockerHosts = list(env.DOCKER_HOST_NAMES);
  return Object.freeze({
    host: env.API_HOST ?? '127.0.0.1',
    // 5001 is the port the original image-scanner daemon listened on; old clients expect it.
    port: port(env, 'API_PORT', 5001),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    reportStoreUrl: (env.REPORT_STORE_URL ?? 'http://127.0.0.1:5003').replace(/\/+$/, ''),
    dockerHosts: dockerHosts.length > 0 ? dockerHosts : ['local'],
    apiTokens: list(env.API_TOKENS),
    maxBodyBytes: 64 * 1024,
    logLevel: env.LOG_LEVEL ?? 'info',
  });
}
