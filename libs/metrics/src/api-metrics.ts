import { Counter, Gauge, type Registry } from 'prom-client';

/** One queue's job counts by BullMQ state, and how many workers are connected to it. */
export interface QueueSnapshot {
  queue: string;
  jobs: Record<string, number>;
  workers: number;
}

/**
 * The API's metrics. Queue depth and workers are read from Redis when Prometheus scrapes, so
 * they are right however many API replicas and workers run; only the API exports them, so
 * they are not counted once per worker.
 */
export class ApiMetrics {
  readonly scansCreated: Counter<'docker_host'>;

  constructor(
    readonly registry: Registry,
    snapshot: () => Promise<QueueSnapshot[]>,
  ) {
    this.scansCreated = new Counter({
      name: 'image_scanner_scans_created_total',
      help: 'Scans accepted by POST /scans, by Docker host',
      labelNames: ['docker_host'] as const,
      registers: [registry],
    });
    new Gauge({
      name: 'image_scanner_queue_jobs',
      help: 'Jobs in a scan queue by BullMQ state, read from Redis at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const q of await snapshot()) {
          for (const [state, count] of Object.entries(q.jobs)) {
            this.set({ queue: q.queue, state }, count);
          }
        }
      },
    });
    new Gauge({
      name: 'image_scanner_active_workers',
      help: 'Worker connections consuming a scan queue, read from Redis at scrape time',
      labelNames: ['queue'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const q of await snapshot()) this.set({ queue: q.queue }, q.workers);
      },
    });
  }
}
