import { isAbsolute, resolve } from 'node:path';

export interface ReportStoreConfig {
  host: string;
  port: number;
  /** Folder the reports are kept in; created when missing. */
  dataDir: string;
  /** Bearer tokens allowed to write reports: the workers'. */
  writeTokens: string[];
  maxUploadBytes: number;
  logLevel: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Reads and checks the configuration once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<ReportStoreConfig> {
  const tokens = (env.REPORT_STORE_WRITE_TOKENS ?? env.REPORT_STORE_WRITE_TOKEN ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (tokens.length === 0) {
    throw new Error('REPORT_STORE_WRITE_TOKEN must be set: only workers holding it may write');
  }
  const dataDir = env.REPORT_STORE_DIR ?? './var/reports';
  return Object.freeze({
    host: env.REPORT_STORE_HOST ?? '127.0.0.1',
    port: integer(env, 'REPORT_STORE_PORT', 5003, 0),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    writeTokens: tokens,
    maxUploadBytes: integer(env, 'REPORT_STORE_MAX_UPLOAD_BYTES', 256 * 1024 * 1024, 1),
    logLevel: env.LOG_LEVEL ?? 'info',
  });
}
