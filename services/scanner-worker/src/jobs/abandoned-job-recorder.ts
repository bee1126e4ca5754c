import { CodedError, EVALUATE_JOB_NAME, RESOLVE_JOB_NAME } from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import type { ScanStateStore } from '@image-scanner/scan-state';
import { Job, QueueEvents, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * A job can end failed without its processor ever seeing the failure: when the worker holding
 * it was killed more often than the stalled limit allows, BullMQ fails it from the stalled
 * checker. This listener turns every such final failure into a recorded outcome, so a scan
 * never waits forever for a target no worker will finish. Each worker listens; recording is
 * idempotent, so several workers reacting to the same event do no harm.
 */
export function recordAbandonedJobs(
  queue: Queue,
  connection: Redis,
  state: ScanStateStore,
  logger: Logger,
): { close(): Promise<void> } {
  // Events are read with blocking commands, so they get a connection of their own, which BullMQ
  // leaves open on close as it does every connection it is handed: it is ended here.
  const own = connection.duplicate();
  const events = new QueueEvents(queue.name, { connection: own });
  events.on('error', (err) => logger.warn({ err }, 'queue events error'));
  events.on('failed', ({ jobId, failedReason }) => {
    void record(queue, jobId, failedReason, state).catch((err: unknown) =>
      logger.warn({ err, jobId }, 'abandoned job not recorded'),
    );
  });
  return {
    close: async () => {
      await events.close();
      own.disconnect();
    },
  };
}

async function record(
  queue: Queue,
  jobId: string,
  failedReason: string,
  state: ScanStateStore,
): Promise<void> {
  const job = await Job.fromId(queue, jobId);
  // A job with attempts left is retried; only a job that stays failed is abandoned.
  if (!job || (await job.getState()) !== 'failed') return;
  const scanId = String((job.data as { scanId?: unknown }).scanId ?? '');
  const reason = new CodedError('ERR_JOB_ABANDONED', 'the work did not finish', {
    reason: failedReason.slice(0, 200),
  }).toJSON();
  if (job.name === EVALUATE_JOB_NAME) {
    const key = String((job.data as { evaluationKey?: unknown }).evaluationKey ?? '');
    const evaluation = await state.getEvaluation(scanId, key);
    if (!evaluation || evaluation.state === 'done') return;
    await state.updateEvaluation(scanId, {
      ...evaluation,
      state: 'done',
      outcome: 'error',
      error: reason,
      finishedAt: new Date().toISOString(),
    });
  } else if (job.name === RESOLVE_JOB_NAME) {
    const scan = await state.getScan(scanId);
    if (scan?.meta.state === 'resolving') await state.failScan(scanId, reason);
  }
}
