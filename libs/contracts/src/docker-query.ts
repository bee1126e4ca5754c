/**
 * Request/response jobs that read the Docker host for the API: listing and inspecting.
 * The API holds no Docker access, so it adds one of these on the host's queue and waits for
 * the worker's answer (the job's return value).
 */
export const DOCKER_QUERY_JOB_NAME = 'docker-query';

export type DockerQuery =
  | { kind: 'ping' }
  | { kind: 'list-images'; all: boolean }
  | { kind: 'list-containers'; onlyActive: boolean }
  | { kind: 'inspect-image'; ref: string }
  | { kind: 'inspect-container'; ref: string };

export type DockerQueryJobData = DockerQuery;

/** The Engine's own JSON, minus the fields that reveal the Docker host's folder layout. */
export type DockerObject = Record<string, unknown>;

/**
 * The worker's answer. Not-found and ambiguous names are answers, not job failures, so the
 * API can give their codes to the client; only infrastructure failures fail the job.
 */
export type DockerQueryResult =
  | { ok: true; data: DockerObject | DockerObject[] | { pong: true } }
  | { ok: false; error: { code: string; message: string } };
