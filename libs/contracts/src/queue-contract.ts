/**
 * Names and payloads shared by the API (producer) and the workers (consumers). Changing a
 * payload shape is a breaking change for a fleet mid-upgrade: add fields, never rename.
 */
const SCAN_QUEUE_PREFIX = 'image-scanner-scans';

/**
 * Each Docker host has its own queue, consumed only by the workers that reach that host: a
 * job for one host can never be picked up by a worker looking at another.
 */
export function scanQueueName(dockerHost: string): string {
  return `${SCAN_QUEUE_PREFIX}-${dockerHost}`;
}

/** First job of every scan: turn the request into targets, on the Docker host. */
export const RESOLVE_JOB_NAME = 'resolve-targets';
/** One per distinct evaluation: read the target, run oscap, store the reports. */
export const EVALUATE_JOB_NAME = 'evaluate-target';

export interface ResolveJobData {
  scanId: string;
}

export interface EvaluateJobData {
  scanId: string;
  evaluationKey: string;
}
