import {
  DOCKER_QUERY_JOB_NAME,
  EVALUATE_JOB_NAME,
  RESOLVE_JOB_NAME,
  type DockerQueryJobData,
  type EvaluateJobData,
  type ResolveJobData,
} from '@image-scanner/contracts';
import type { Job } from 'bullmq';
import { processDockerQueryJob } from './jobs/docker-query-job-processor.js';
import { processEvaluateJob } from './jobs/evaluate-job-processor.js';
import { processResolveJob } from './jobs/resolve-job-processor.js';
import type { WorkerServices } from './worker-services.js';

export type JobHandler = (job: Job, services: WorkerServices) => Promise<unknown>;

/** One handler per job name; a new kind of work is a new entry here and a processor file. */
const HANDLERS: Readonly<Record<string, JobHandler>> = {
  [RESOLVE_JOB_NAME]: (job, s) =>
    processResolveJob(job as Job<ResolveJobData>, {
      docker: s.docker,
      layerAccess: s.layerAccess,
      state: s.state,
      queue: s.queue,
      logger: s.logger,
    }),
  [EVALUATE_JOB_NAME]: (job, s) =>
    processEvaluateJob(job as Job<EvaluateJobData>, {
      evaluator: s.evaluator,
      store: s.store,
      state: s.state,
      logger: s.logger,
      jobTimeoutMs: s.config.jobTimeoutMs,
      metrics: s.metrics,
      ...(s.reuse ? { reuse: s.reuse } : {}),
    }),
  [DOCKER_QUERY_JOB_NAME]: (job, s) =>
    processDockerQueryJob(job as Job<DockerQueryJobData>, {
      inventory: s.inventory,
      logger: s.logger,
    }),
};

/** The BullMQ processor: routes each job to the handler for its name. */
export function createJobRouter(services: WorkerServices): (job: Job) => Promise<unknown> {
  return async (job) => {
    const handler = HANDLERS[job.name];
    if (!handler) {
      services.logger.warn({ jobId: job.id, name: job.name }, 'unknown job skipped');
      return undefined;
    }
    return handler(job, services);
  };
}
