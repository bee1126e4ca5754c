import type { WorkerMetrics } from '@image-scanner/metrics';
import type { Job } from 'bullmq';

/** Wraps the job router so the worker's active-jobs gauge follows every job it runs. */
export function countedProcessor(
  processor: (job: Job) => Promise<unknown>,
  metrics: WorkerMetrics,
): (job: Job) => Promise<unknown> {
  return async (job) => {
    const labels = { job: job.name };
    metrics.jobsActive.inc(labels);
    try {
      return await processor(job);
    } finally {
      metrics.jobsActive.dec(labels);
    }
  };
}
