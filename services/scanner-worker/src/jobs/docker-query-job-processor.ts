import {
  isCodedError,
  type DockerQueryJobData,
  type DockerQueryResult,
} from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import type { DockerInventory } from '@image-scanner/scan-engine';
import type { Job } from 'bullmq';

/** Codes that describe the name asked about, not the infrastructure: they are answers. */
const ANSWER_CODES = new Set(['ERR_TARGET_NOT_FOUND', 'ERR_TARGET_AMBIGUOUS']);

/**
 * Answers a listing or inspect request from the API with the Engine's data. An unknown or
 * ambiguous name is an answer; an Engine that does not answer fails the job, and the API,
 * which waits for it, reports the failure.
 */
export async function processDockerQueryJob(
  job: Job<DockerQueryJobData>,
  deps: { inventory: DockerInventory; logger: Logger },
): Promise<DockerQueryResult> {
  const query = job.data;
  try {
    switch (query.kind) {
      case 'ping':
        await deps.inventory.ping();
        return { ok: true, data: { pong: true } };
      case 'list-images':
        return { ok: true, data: await deps.inventory.listImages(query.all) };
      case 'list-containers':
        return { ok: true, data: await deps.inventory.listContainers(query.onlyActive) };
      case 'inspect-image':
        return { ok: true, data: await deps.inventory.inspectImage(query.ref) };
      case 'inspect-container':
        return { ok: true, data: await deps.inventory.inspectContainer(query.ref) };
      default:
        return { ok: false, error: { code: 'ERR_VALIDATION', message: 'unknown docker query' } };
    }
  } catch (err) {
    if (isCodedError(err) && ANSWER_CODES.has(err.code)) {
      return { ok: false, error: { code: err.code, message: err.message } };
    }
    deps.logger.warn({ err, jobId: job.id }, 'docker query failed');
    throw err;
  }
}
