import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanStatus } from '@image-scanner/contracts';
import { Redis } from 'ioredis';
import { ServiceProcess } from './service-process.js';
import { StatusPoller } from './status-poller.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITE_TOKEN = 'e2e-worker-write-token';

export interface StackOptions {
  feedDir: string;
  /** A Redis database the test may empty. @defaultValue redis://127.0.0.1:6379/10 */
  redisUrl?: string;
  /** Extra environment per service, e.g. shorter worker locks for fault tests. */
  env?: { api?: NodeJS.ProcessEnv; store?: NodeJS.ProcessEnv; worker?: NodeJS.ProcessEnv };
}

/**
 * The three services as separate processes, talking HTTP and BullMQ over a real Redis, with
 * the worker reading the real Docker Engine and running the real oscap.
 */
export class ScannerStack {
  /** Every worker started so far, the first one included; stopped ones stay listed. */
  readonly workers: ServiceProcess[];

  private constructor(
    readonly apiUrl: string,
    readonly storeUrl: string,
    readonly services: { api: ServiceProcess; store: ServiceProcess; worker: ServiceProcess },
    private readonly workDir: string,
    private readonly serviceEnv: { store: NodeJS.ProcessEnv; worker: NodeJS.ProcessEnv },
  ) {
    this.workers = [services.worker];
  }

  static async start(options: StackOptions): Promise<ScannerStack> {
    const redisUrl = options.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/10';
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    redis.disconnect();

    const workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-'));
    const common = { REDIS_URL: redisUrl, LOG_LEVEL: 'debug' };
    const storeEnv = {
      ...common,
      REPORT_STORE_DIR: join(workDir, 'reports'),
      REPORT_STORE_WRITE_TOKEN: WRITE_TOKEN,
      ...options.env?.store,
    };
    const store = ServiceProcess.start('report-store', entry('report-store'), {
      REPORT_STORE_PORT: '0',
      ...storeEnv,
    });
    const storePort = String((await store.waitForLog('listening')).port);
    const storeUrl = `http://127.0.0.1:${storePort}`;
    const api = ServiceProcess.start('api', entry('api'), {
      ...common,
      API_PORT: '0',
      REPORT_STORE_URL: storeUrl,
      ...options.env?.api,
    });
    const workerEnv = {
      ...common,
      FEED_DIR: options.feedDir,
      REPORT_STORE_URL: storeUrl,
      REPORT_STORE_WRITE_TOKEN: WRITE_TOKEN,
      WORKER_WORK_DIR: join(workDir, 'worker'),
      // Several workers run side by side in tests: each health endpoint takes a free port.
      WORKER_HTTP_PORT: '0',
      ...options.env?.worker,
    };
    const worker = ServiceProcess.start('scanner-worker', entry('scanner-worker'), workerEnv);
    const apiUrl = `http://127.0.0.1:${(await api.waitForLog('listening')).port}`;
    await worker.waitForLog('ready');
    return new ScannerStack(apiUrl, storeUrl, { api, store, worker }, workDir, {
      store: { ...storeEnv, REPORT_STORE_PORT: storePort },
      worker: workerEnv,
    });
  }

  /** The report store's folder, for tests that check nothing in it changed. */
  get reportsDir(): string {
    return join(this.workDir, 'reports');
  }

  /** Starts one more worker process, as a fleet or a restarted container would. */
  async startWorker(env: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
    const worker = ServiceProcess.start('scanner-worker', entry('scanner-worker'), {
      ...this.serviceEnv.worker,
      ...env,
    });
    this.workers.push(worker);
    await worker.waitForLog('ready');
    return worker;
  }

  /** Stops the report store and starts it again on the same port and folder. */
  async restartStore(downMs: number): Promise<void> {
    await this.services.store.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.services.store = ServiceProcess.start(
      'report-store',
      entry('report-store'),
      this.serviceEnv.store,
    );
    await this.services.store.waitForLog('listening');
  }

  /** Base URL of a worker's health and metrics endpoint, from its 'listening' log line. */
  async workerUrl(worker: ServiceProcess = this.services.worker): Promise<string> {
    return `http://127.0.0.1:${(await worker.waitForLog('listening')).port}`;
  }

  async postScan(body: unknown): Promise<{ id: string; status: string }> {
    const response = await fetch(`${this.apiUrl}/scans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 202) {
      throw new Error(`POST /scans answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as { id: string; status: string };
  }

  /**
   * Polls `GET /scans/:id` as a client would until the scan is finished. The benchmark polls
   * more often, so that its timings measure the scanner rather than the wait between polls.
   */
  async waitForScan(id: string, timeoutMs = 120_000, pollMs = 200): Promise<ScanStatus> {
    const deadline = Date.now() + timeoutMs;
    const poller = new StatusPoller();
    try {
      for (;;) {
        const status = await poller.getJson<ScanStatus>(`${this.apiUrl}/scans/${id}`);
        if (['completed', 'failed', 'cancelled'].includes(status.status)) return status;
        if (Date.now() > deadline) throw new Error(`scan ${id} still ${status.status}`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    } finally {
      poller.close();
    }
  }

  async stop(): Promise<void> {
    const all = new Set([...Object.values(this.services), ...this.workers]);
    await Promise.all([...all].map((s) => s.stop()));
    await rm(this.workDir, { recursive: true, force: true });
  }
}

function entry(service: string): string {
  return join(REPO_ROOT, 'services', service, 'dist', 'main.js');
}
