import { scanQueueName } from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import { createServiceRegistry, WorkerMetrics } from '@image-scanner/metrics';
import { ScanStateStore } from '@image-scanner/scan-state';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ResultReuse } from './jobs/reusable-result.js';
import { ResultCache } from './result-cache.js';
import type { WorkerConfig } from './config.js';
import { feedFileStats } from './feed-file-stats.js';
import {
  CpuPinning,
  DockerClient,
  DockerInventory,
  FeedDirectory,
  LayerAccess,
  OscapRunner,
  ReportStoreClient,
  SCANNER_VERSION,
  TargetEvaluator,
} from '@image-scanner/scan-engine';

/** Everything a job handler may use; built once per process from the configuration. */
export interface WorkerServices {
  config: Readonly<WorkerConfig>;
  logger: Logger;
  docker: DockerClient;
  /**
   * Whether images are read from their layer folders and a container's own changes from its
   * upper folder, or both through the Engine (`TARGET_READER`).
   */
  layerAccess: LayerAccess;
  /** The Engine's listing and inspect answers, for the API's docker-query jobs. */
  inventory: DockerInventory;
  state: ScanStateStore;
  /** The queue of this worker's Docker host, to add follow-up jobs to. */
  queue: Queue;
  queueName: string;
  feeds: FeedDirectory;
  evaluator: TargetEvaluator;
  store: ReportStoreClient;
  metrics: WorkerMetrics;
  /** Result reuse across scans; absent when `REUSE_RESULTS=false`. */
  reuse?: ResultReuse;
}

export function createWorkerServices(
  config: Readonly<WorkerConfig>,
  logger: Logger,
  connection: Redis,
): WorkerServices {
  const docker = DockerClient.fromSocket(config.dockerSocket);
  const feeds = new FeedDirectory(config.feedDir, logger);
  const queueName = scanQueueName(config.dockerHostName);
  const layerAccess = new LayerAccess(config.targetReader);
  const { pinning, reason } = CpuPinning.create(config.oscapCpuPinning);
  if (pinning) logger.info('oscap runs are held to one CPU each');
  else logger.info({ reason }, 'oscap runs are not held to one CPU');
  return {
    config,
    logger,
    docker,
    layerAccess,
    inventory: DockerInventory.fromSocket(config.dockerSocket),
    state: new ScanStateStore(connection),
    queue: new Queue(queueName, { connection }),
    queueName,
    feeds,
    evaluator: new TargetEvaluator({
      docker,
      feeds,
      oscap: new OscapRunner({
        oscapPath: config.oscapPath,
        timeoutMs: config.oscapTimeoutMs,
        ...(pinning ? { pinning } : {}),
      }),
      limits: config.limits,
      evaluateFullFeed: config.evaluateFullFeed,
      layerAccess,
      workRoot: config.workDir,
      dockerHost: config.dockerHostName,
      scannerVersion: SCANNER_VERSION,
      logger,
    }),
    ...(config.reuseResults
      ? {
          reuse: {
            cache: new ResultCache(connection),
            feeds,
            scannerVersion: SCANNER_VERSION,
            fullFeed: config.evaluateFullFeed,
          },
        }
      : {}),
    metrics: new WorkerMetrics(createServiceRegistry('scanner-worker'), () =>
      feedFileStats(config.feedDir),
    ),
    store: new ReportStoreClient({
      url: config.reportStoreUrl,
      publicUrl: config.reportStorePublicUrl,
      writeToken: config.reportStoreWriteToken,
    }),
  };
}
