import {
  EVALUATE_JOB_NAME,
  RESOLVE_JOB_NAME,
  scanQueueName,
  type EvaluateJobData,
  type ResolveJobData,
} from '@image-scanner/contracts';
import { createLogger } from '@image-scanner/logging';
import { ScanStateStore } from '@image-scanner/scan-state';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from './config.js';
import { DockerClient } from './docker/docker-client.js';
import { OscapRunner } from './evaluate/oscap-runner.js';
import { TargetEvaluator } from './evaluate/target-evaluator.js';
import { FeedDirectory } from './feeds/feed-directory.js';
import { processEvaluateJob } from './jobs/evaluate-job-processor.js';
import { processResolveJob } from './jobs/resolve-job-processor.js';
import { ReportStoreClient } from './report/report-store-client.js';
import { SCANNER_VERSION } from './version.js';

const config = loadConfig();
const logger = createLogger({ service: 'scanner-worker', level: config.logLevel });
logger.info({ version: SCANNER_VERSION, dockerHost: config.dockerHostName }, 'starting');

// BullMQ needs maxRetriesPerRequest null so a Redis restart blocks commands instead of failing.
const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
connection.on('error', (err) => logger.warn({ err }, 'redis connection error'));
const docker = DockerClient.fromSocket(config.dockerSocket);
const state = new ScanStateStore(connection);
const queueName = scanQueueName(config.dockerHostName);
const queue = new Queue(queueName, { connection });
const evaluator = new TargetEvaluator({
  docker,
  feeds: new FeedDirectory(config.feedDir, logger),
  oscap: new OscapRunner({ oscapPath: config.oscapPath, timeoutMs: config.oscapTimeoutMs }),
  limits: config.limits,
  workRoot: config.workDir,
  dockerHost: config.dockerHostName,
  scannerVersion: SCANNER_VERSION,
  logger,
});
const store = new ReportStoreClient({
  url: config.reportStoreUrl,
  publicUrl: config.reportStorePublicUrl,
  writeToken: config.reportStoreWriteToken,
});

const worker = new Worker<ResolveJobData | EvaluateJobData>(
  queueName,
  async (job: Job) => {
    if (job.name === RESOLVE_JOB_NAME) {
      return processResolveJob(job as Job<ResolveJobData>, { docker, state, queue, logger });
    }
    if (job.name === EVALUATE_JOB_NAME) {
      return processEvaluateJob(job as Job<EvaluateJobData>, {
        evaluator,
        store,
        state,
        logger,
        jobTimeoutMs: config.jobTimeoutMs,
      });
    }
    logger.warn({ jobId: job.id, name: job.name }, 'unknown job skipped');
  },
  { connection, concurrency: config.concurrency, autorun: false },
);
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
    await queue.close().catch((err: unknown) => logger.warn({ err }, 'queue close failed'));
    connection.disconnect();
    logger.info('shut down');
  })();
  return closing;
}
process.once('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));
process.once('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));

await docker.ping();
logger.info('ready');
void worker.run();
