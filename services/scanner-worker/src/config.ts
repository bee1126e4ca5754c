import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ReadLimits } from '@image-scanner/scan-engine';

export interface WorkerConfig {
  redisUrl: string;
  dockerSocket: string;
  /** Name of the Docker host this worker serves, as reports and `GET /hosts` show it. */
  dockerHostName: string;
  feedDir: string;
  reportStoreUrl: string;
  reportStorePublicUrl: string;
  reportStoreWriteToken: string;
  workDir: string;
  oscapPath: string;
  oscapTimeoutMs: number;
  /**
   * `EVALUATE_FULL_FEED=true`: hand oscap the whole feed instead of the definitions that can
   * apply, so the stored results XML covers every definition (findings are the same).
   */
  evaluateFullFeed: boolean;
  /**
   * `REUSE_RESULTS=false`: evaluate every image again, even when neither it (by id) nor its
   * feed (by digest) changed since its last result.
   */
  reuseResults: boolean;
  concurrency: number;
  /** How long a job may run before it is stopped and reported as an error. */
  jobTimeoutMs: number;
  /** How long a worker's hold on a job lasts without renewal; a dead worker's job waits this. */
  lockDurationMs: number;
  /** How often a job may lose its worker before it is recorded as abandoned. */
  maxStalledCount: number;
  /** How often workers look for jobs whose worker died. */
  stalledIntervalMs: number;
  limits: ReadLimits;
  /** Address and port of the health and metrics endpoint. */
  httpHost: string;
  httpPort: number;
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

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = integer(env, name, fallback, 0);
  if (value > 65535) throw new Error(`${name} must be a TCP port, got ${value}`);
  return value;
}

const MIB = 1024 * 1024;

/** Reads and checks the configuration once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<WorkerConfig> {
  const reportStoreUrl = (env.REPORT_STORE_URL ?? 'http://127.0.0.1:5003').replace(/\/+$/, '');
  return Object.freeze({
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    dockerSocket: env.DOCKER_SOCKET ?? '/var/run/docker.sock',
    dockerHostName: env.DOCKER_HOST_NAME ?? 'local',
    feedDir: resolve(required(env, 'FEED_DIR')),
    reportStoreUrl,
    reportStorePublicUrl: (env.REPORT_STORE_PUBLIC_URL ?? reportStoreUrl).replace(/\/+$/, ''),
    reportStoreWriteToken: required(env, 'REPORT_STORE_WRITE_TOKEN'),
    workDir: resolve(env.WORKER_WORK_DIR ?? join(tmpdir(), 'image-scanner-worker')),
    oscapPath: env.OSCAP_PATH ?? 'oscap',
    oscapTimeoutMs: integer(env, 'OSCAP_TIMEOUT_MS', 10 * 60_000, 1000),
    evaluateFullFeed: flag(env, 'EVALUATE_FULL_FEED', false),
    reuseResults: flag(env, 'REUSE_RESULTS', true),
    concurrency: integer(env, 'WORKER_CONCURRENCY', 1, 1),
    jobTimeoutMs: integer(env, 'JOB_TIMEOUT_MS', 15 * 60_000, 1000),
    lockDurationMs: integer(env, 'WORKER_LOCK_DURATION_MS', 30_000, 1000),
    maxStalledCount: integer(env, 'WORKER_MAX_STALLED_COUNT', 3, 0),
    stalledIntervalMs: integer(env, 'WORKER_STALLED_INTERVAL_MS', 30_000, 1000),
    limits: {
      maxFileBytes: integer(env, 'MAX_TARGET_FILE_BYTES', 512 * MIB, 1),
      maxTotalBytes: integer(env, 'MAX_TARGET_TOTAL_BYTES', 1024 * MIB, 1),
      maxEntries: integer(env, 'MAX_TARGET_TREE_ENTRIES', 10_000, 1),
    },
    httpHost: env.WORKER_HTTP_HOST ?? '127.0.0.1',
    httpPort: port(env, 'WORKER_HTTP_PORT', 5002),
    logLevel: env.LOG_LEVEL ?? 'info',
  });
}
