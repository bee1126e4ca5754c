import { errorHandler, notFoundHandler, requireBearerToken } from '@image-scanner/http-common';
import type { Logger } from '@image-scanner/logging';
import { httpMetricsMiddleware, metricsHandler, type ApiMetrics } from '@image-scanner/metrics';
import express, { type Express } from 'express';
import type { ApiConfig } from './config.js';
import type { DockerQueryService } from './docker-query-service.js';
import { dockerRoutes } from './docker-routes.js';
import { feedsRoutes } from './feeds-routes.js';
import { legacyRoutes } from './legacy-routes.js';
import type { ScanService } from './scan-service.js';
import { scansRoutes } from './scans-routes.js';

/**
 * The API's Express app. Each group of routes lives in its own `*-routes.ts` file and is
 * mounted here; auth and body parsing come first, the coded error handler last.
 */
export function createApp(
  config: Readonly<ApiConfig>,
  scans: ScanService,
  logger: Logger,
  metrics?: ApiMetrics,
  /** Listing and inspect through the workers; without it those routes are not mounted. */
  queries?: DockerQueryService,
): Express {
  const app = express();
  app.disable('x-powered-by');
  if (metrics) {
    app.use(httpMetricsMiddleware(metrics.registry));
    // Before auth: Prometheus scrapes without the API's bearer tokens; metrics hold no scan data.
    app.get('/metrics', metricsHandler(metrics.registry));
  }
  if (config.apiTokens.length > 0) app.use(requireBearerToken(config.apiTokens));
  app.use(express.json({ limit: config.maxBodyBytes, strict: true, type: 'application/json' }));

  app.use(scansRoutes(scans, logger, metrics));
  app.use(feedsRoutes(config));
  if (queries) app.use(dockerRoutes(queries, config.dockerHosts[0] ?? 'local'));
  if (queries) app.use(legacyRoutes({ config, scans, queries, logger }));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
