import { createLogger } from '@image-scanner/logging';
import { SCANNER_VERSION } from '@image-scanner/scan-engine';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from './config.js';
import { createJobRouter } from './job-router.js';
import { createWorkerServices } from './worker-services.js';

const config = loadConfig();
const logger = createLogger({ service: 'scanner-worker', level: config.logLevel });
logger.info({ version: SCANNER_VERSION, dockerHost: config.dockerHostName }, 'starting');

// BullMQ needs maxRetriesPerRequest null so a Redis restart blocks commands instead of failing.
const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
connection.on('error', (err) => logger.warn({ err }, 'redis connection error'));
const services = createWorkerServices(config, logger, connection);

const worker = new Worker(services.queueName, createJobRouter(services), {
  connection,
  concurrency: config.concurrency,
  autorun: false,
});
worker.on('error', (err) => logger.warn({ err }, 'worker error'));
worker.on('failed', (job, err) =>
  logger.warn({ err, jobId: job?.id, attemptsMade: job?.attemptsMade }, 'job failed'),
);

// Known limitation: the worker serves no /healthz, /readyz or /metrics yet, so orchestrators
// cannot probe it; the observability work adds an HTTP endpoint for them.
let closing: Promise<void> | undefined;
/** Stops taking jobs, lets the running ones finish, then closes connections; runs once. */
function shutdown(signal: string): Promise<void> {
  closing ??= (async () => {
    logger.info({ signal }, 'shutting down');
    await worker.close().catch((err: unknown) => logger.warn({ err }, 'worker close failed'));
    await services.queue
      .close()
      .catch((err: unknown) => logger.warn({ err }, 'queue close failed'));
    connection.disconnect();
    logger.info('shut down');
  })();
  return closing;
}
process.once('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));
process.once('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));

await services.docker.ping();
logger.info('ready');
void worker.run();
