import {
  CodedError,
  DOCKER_QUERY_JOB_NAME,
  isErrorCode,
  type DockerQuery,
  type DockerQueryResult,
} from '@image-scanner/contracts';
import { QueueEvents, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export interface DockerQueryServiceOptions {
  /** One queue per configured Docker host, the same ones scans use. */
  queues: ReadonlyMap<string, Queue>;
  /** Makes a connection for a host's QueueEvents, which blocks on it and cannot share one. */
  connect: () => Redis;
  /** How long a request waits for a worker's answer. */
  timeoutMs: number;
  /** The Redis database the queues live in; workers of other databases do not count. */
  db: number;
}

/**
 * Asks a worker of a Docker host to list or inspect, and waits for its answer: the API holds
 * no Docker access, so every look at a host is a request/response job on that host's queue.
 */
// Known limitation: listing and inspect jobs share the host's queue with evaluations, so with
// WORKER_CONCURRENCY 1 they wait for the running evaluation and may answer 504 during a long one.
export class DockerQueryService {
  private readonly events = new Map<string, QueueEvents>();
  private readonly connections: Redis[] = [];

  constructor(private readonly options: DockerQueryServiceOptions) {}

  /** The answer's data, or a CodedError: 404/409 for names, 503/504 when no worker answers. */
  async ask<T>(host: string, query: DockerQuery): Promise<T> {
    const queue = this.options.queues.get(host);
    if (!queue) {
      throw new CodedError('ERR_VALIDATION', `host: no Docker host is configured as ${host}`, {
        field: 'host',
      });
    }
    if (!(await this.hasWorker(queue))) {
      throw new CodedError('ERR_WORKER_UNAVAILABLE', `no scanner worker serves ${host}`, {
        host,
      });
    }
    const events = await this.eventsOf(host, queue.name);
    const job = await queue.add(DOCKER_QUERY_JOB_NAME, query, {
      // An answer nobody waits for is worthless: keep few, and put queries ahead of scans
      // that are still waiting.
      lifo: true,
      attempts: 1,
      removeOnComplete: { age: 300 },
      removeOnFail: { age: 300 },
    });
    let result: DockerQueryResult;
    try {
      result = (await job.waitUntilFinished(events, this.options.timeoutMs)) as DockerQueryResult;
    } catch (err) {
      const timedOut = err instanceof Error && /timed out/i.test(err.message);
      if (timedOut) {
        // Nobody took it in time; take it back so a worker does not answer into the void.
        await job.remove().catch(() => undefined);
        throw new CodedError(
          'ERR_WORKER_TIMEOUT',
          `no worker of ${host} answered within ${this.options.timeoutMs} ms`,
          { host },
        );
      }
      throw new CodedError(
        'ERR_DOCKER_UNAVAILABLE',
        `the worker of ${host} could not ask the Docker Engine`,
        { host },
        { cause: err },
      );
    }
    if (result.ok) return result.data as T;
    const code = isErrorCode(result.error.code) ? result.error.code : 'ERR_INTERNAL';
    throw new CodedError(code, result.error.message);
  }

  /**
   * Redis lists the clients of every database, and queue names repeat across databases
   * (another deployment, a test run), so only workers on this database count.
   */
  private async hasWorker(queue: Queue): Promise<boolean> {
    const workers = await queue.getWorkers();
    return workers.some((w) => Number((w as { db?: unknown }).db ?? 0) === this.options.db);
  }

  async close(): Promise<void> {
    await Promise.all([...this.events.values()].map((e) => e.close()));
    this.events.clear();
    for (const connection of this.connections.splice(0)) connection.disconnect();
  }

  private async eventsOf(host: string, queueName: string): Promise<QueueEvents> {
    let events = this.events.get(host);
    if (!events) {
      const connection = this.options.connect();
      this.connections.push(connection);
      events = new QueueEvents(queueName, { connection });
      this.events.set(host, events);
      await events.waitUntilReady();
    }
    return events;
  }
}
