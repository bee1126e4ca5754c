import { scanQueueName, type EvaluateJobData, type ResolveJobData } from '@image-scanner/contracts';
import { startHttpService } from '@image-scanner/http-common';
import { createLogger } from '@image-scanner/logging';
import { ApiMetrics, createServiceRegistry } from '@image-scanner/metrics';
import { ScanStateStore } from '@image-scanner/scan-state';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from './config.js';
import { createApp } from './create-app.js';
import { DockerQueryService } from './docker-query-service.js';
import { ScanService } from './scan-service.js';

const config = loadConfig();
const logger = createLogger({ service: 'api', level: config.logLevel });
logger.info({ port: config.port, auth: config.apiTokens.length > 0 }, 'starting');

// BullMQ needs maxRetriesPerRequest null so a Redis restart blocks commands instead of failing.
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
const queues = new Map(
  config.dockerHosts.map((host) => {
    const queue = new Queue<ResolveJobData | EvaluateJobData>(scanQueueName(host), {
      connection: redis,
    });
    queue.on('error', (err) => logger.warn({ err, host }, 'queue error'));
    return [host, queue] as const;
  }),
);

// Scan records use their own connection that gives up after a few retries, so a request
// made while Redis is down fails fast instead of hanging until the client gives up.
const stateRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
stateRedis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
const metrics = new ApiMetrics(createServiceRegistry('api'), () =>
  Promise.all(
    [...queues.values()].map(async (queue) => ({
      queue: queue.name,
      jobs: await queue.getJobCounts(),
      workers: await queue.getWorkersCount(),
    })),
  ),
);
const scans = new ScanService(config, new ScanStateStore(stateRedis), queues);
const queries = new DockerQueryService({
  queues,
  connect: () => new Redis(config.redisUrl, { maxRetriesPerRequest: null }),
  timeoutMs: config.dockerQueryTimeoutMs,
  db: redis.options.db ?? 0,
});
await startHttpService({
  app: createApp(config, scans, logger, metrics, queries),
  host: config.host,
  port: config.port,
  logger,
  readiness: async () => {
    await redis.ping();
  },
  onShutdown: async () => {
    await queries.close();
    await Promise.all([...queues.values()].map((queue) => queue.close()));
    redis.disconnect();
    stateRedis.disconnect();
  },
});
