import {
  CodedError,
  EVALUATE_JOB_NAME,
  isCodedError,
  type EvaluateJobData,
  type ResolveJobData,
} from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import type { ScanStateStore } from '@image-scanner/scan-state';
import type { Job, Queue } from 'bullmq';
import { TargetResolver, type DockerClient, type LayerAccess } from '@image-scanner/scan-engine';

export const EVALUATE_JOB_ATTEMPTS = 3;

export function evaluateJobId(scanId: string, evaluationKey: string): string {
  return `evaluate-${scanId}-${evaluationKey}`;
}

/** Resolves a scan's targets on this worker's Docker host and queues one job per evaluation. */
export async function processResolveJob(
  job: Job<ResolveJobData>,
  deps: {
    docker: DockerClient;
    layerAccess: LayerAccess;
    state: ScanStateStore;
    queue: Queue;
    logger: Logger;
  },
): Promise<void> {
  const { scanId } = job.data;
  const scan = await deps.state.getScan(scanId);
  if (!scan || scan.meta.state === 'cancelled') return;
  let resolution;
  try {
    resolution = await new TargetResolver(deps.docker, deps.layerAccess).resolve(scan.meta.request);
  } catch (err) {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (lastAttempt) {
      // Out of retries: the scan fails with the reason instead of staying queued forever.
      const reason = isCodedError(err)
        ? err
        : new CodedError('ERR_INTERNAL', 'resolving the targets failed unexpectedly');
      await deps.state.failScan(scanId, reason.toJSON());
    }
    throw err;
  }
  await deps.state.saveResolution(scanId, resolution.targets, resolution.evaluations);
  await deps.queue.addBulk(
    resolution.evaluations.map((evaluation) => ({
      name: EVALUATE_JOB_NAME,
      data: { scanId, evaluationKey: evaluation.key } satisfies EvaluateJobData,
      opts: {
        jobId: evaluateJobId(scanId, evaluation.key),
        attempts: EVALUATE_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        ...(job.opts.priority ? { priority: job.opts.priority } : {}),
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    })),
  );
  deps.logger.info(
    {
      scanId,
      jobId: job.id,
      targets: resolution.targets.length,
      evaluations: resolution.evaluations.length,
    },
    'targets resolved',
  );
}
