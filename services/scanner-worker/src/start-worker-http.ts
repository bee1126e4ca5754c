import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { CodedError } from '@image-scanner/contracts';
import {
  errorHandler,
  notFoundHandler,
  startHttpService,
  type StartedHttpService,
} from '@image-scanner/http-common';
import { httpMetricsMiddleware, metricsHandler } from '@image-scanner/metrics';
import express from 'express';
import type { Redis } from 'ioredis';
import type { WorkerServices } from './worker-services.js';

/** A dependency check that hangs (Redis while reconnecting) must fail the probe, not stall it. */
const CHECK_TIMEOUT_MS = 3000;

/**
 * The worker's introspection endpoint: `/healthz`, `/readyz` (Redis, the Docker Engine and the
 * feed folder) and `/metrics`. It serves no scan API; jobs come only from the queue.
 */
export function startWorkerHttp(
  services: WorkerServices,
  connection: Redis,
  onShutdown: () => Promise<void>,
): Promise<StartedHttpService> {
  const { config, logger, metrics } = services;
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(metrics.registry));
  app.get('/metrics', metricsHandler(metrics.registry));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return startHttpService({
    app,
    host: config.httpHost,
    port: config.httpPort,
    logger,
    readiness: async () => {
      await Promise.all([
        bounded('redis', connection.ping()),
        bounded('docker', services.docker.ping()),
        bounded('feeds', access(config.feedDir, constants.R_OK | constants.X_OK)),
      ]);
    },
    onShutdown,
    // The drain of a running scan happens in onShutdown; this only bounds open HTTP sockets.
    shutdownTimeoutMs: 2000,
  });
}

async function bounded(dependency: string, check: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CodedError('ERR_DEPENDENCY_UNAVAILABLE', `${dependency} did not answer`, {
            dependency,
          }),
        ),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
