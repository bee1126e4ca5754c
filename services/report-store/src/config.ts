import { isAbsolute, resolve } from 'node:path';
import { envInteger, envPort } from '@image-scanner/settings';

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
    port: envPort(env, 'REPORT_STORE_PORT', 5003),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    writeTokens: tokens,
    maxUploadBytes: envInteger(env, 'REPORT_STORE_MAX_UPLOAD_BYTES', 256 * 1024 * 1024, 1),
    logLevel: env.LOG_LEVEL ?? 'info',
  });
}
