import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CPU_PINNING_MODES,
  TARGET_READER_MODES,
  type CpuPinningMode,
  type ReadLimits,
  type TargetReaderMode,
} from '@image-scanner/scan-engine';
import {
  envChoice,
  envFlag,
  envInteger,
  envList,
  envPort,
  envRequired,
} from '@image-scanner/settings';

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
   * `OSCAP_CPU_PINNING`: `auto` holds each oscap run to the CPU its job was running on (oscap's
   * threads then hand work to each other without waking other CPUs); `off` lets it roam.
   */
  oscapCpuPinning: CpuPinningMode;
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
  /**
   * `TARGET_READER`: `auto` reads an image straight from its overlay2 layer folders when this
   * process can see them, else through the Engine; `layers` and `engine` force one way.
   */
  targetReader: TargetReaderMode;
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
  /**
   * `FEED_PRELOAD=rhel/7,debian/12`: feeds (`<distro>/<release>`) loaded, cut and validated
   * before the worker takes its first job, so a worker joining a fleet starts warm.
   */
  preloadFeeds: { distro: string; release: string }[];
  /** Address and port of the health and metrics endpoint. */
  httpHost: string;
  httpPort: number;
  logLevel: string;
}

const MIB = 1024 * 1024;

/** Reads and checks the configuration once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<WorkerConfig> {
  const reportStoreUrl = (env.REPORT_STORE_URL ?? 'http://127.0.0.1:5003').replace(/\/+$/, '');
  return Object.freeze({
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    dockerSocket: env.DOCKER_SOCKET ?? '/var/run/docker.sock',
    dockerHostName: env.DOCKER_HOST_NAME ?? 'local',
    feedDir: resolve(envRequired(env, 'FEED_DIR')),
    reportStoreUrl,
    reportStorePublicUrl: (env.REPORT_STORE_PUBLIC_URL ?? reportStoreUrl).replace(/\/+$/, ''),
    reportStoreWriteToken: envRequired(env, 'REPORT_STORE_WRITE_TOKEN'),
    workDir: resolve(env.WORKER_WORK_DIR ?? join(tmpdir(), 'image-scanner-worker')),
    oscapPath: env.OSCAP_PATH ?? 'oscap',
    oscapTimeoutMs: envInteger(env, 'OSCAP_TIMEOUT_MS', 10 * 60_000, 1000),
    oscapCpuPinning: envChoice(env, 'OSCAP_CPU_PINNING', CPU_PINNING_MODES, 'auto'),
    evaluateFullFeed: envFlag(env, 'EVALUATE_FULL_FEED', false),
    reuseResults: envFlag(env, 'REUSE_RESULTS', true),
    targetReader: envChoice(env, 'TARGET_READER', TARGET_READER_MODES, 'auto'),
    concurrency: envInteger(env, 'WORKER_CONCURRENCY', 1, 1),
    jobTimeoutMs: envInteger(env, 'JOB_TIMEOUT_MS', 15 * 60_000, 1000),
    lockDurationMs: envInteger(env, 'WORKER_LOCK_DURATION_MS', 30_000, 1000),
    maxStalledCount: envInteger(env, 'WORKER_MAX_STALLED_COUNT', 3, 0),
    stalledIntervalMs: envInteger(env, 'WORKER_STALLED_INTERVAL_MS', 30_000, 1000),
    limits: {
      maxFileBytes: envInteger(env, 'MAX_TARGET_FILE_BYTES', 512 * MIB, 1),
      maxTotalBytes: envInteger(env, 'MAX_TARGET_TOTAL_BYTES', 1024 * MIB, 1),
      maxEntries: envInteger(env, 'MAX_TARGET_TREE_ENTRIES', 10_000, 1),
    },
    preloadFeeds: envList(env, 'FEED_PRELOAD').map(parseFeedRelease),
    httpHost: env.WORKER_HTTP_HOST ?? '127.0.0.1',
    httpPort: envPort(env, 'WORKER_HTTP_PORT', 5002),
    logLevel: env.LOG_LEVEL ?? 'info',
  });
}

const FEED_RELEASE = /^([a-z0-9][a-z0-9._-]{0,63})\/([a-z0-9][a-z0-9._-]{0,63})$/;

function parseFeedRelease(value: string): { distro: string; release: string } {
  const match = FEED_RELEASE.exec(value);
  if (!match?.[1] || !match[2]) {
    throw new Error(`FEED_PRELOAD: "${value}" is not <distro>/<release>, e.g. rhel/7`);
  }
  return { distro: match[1], release: match[2] };
}
