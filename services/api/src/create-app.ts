import { errorHandler, notFoundHandler, requireBearerToken } from '@image-scanner/http-common';
import type { Logger } from '@image-scanner/logging';
import express, { type Express } from 'express';
import type { ApiConfig } from './config.js';
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
): Express {
  const app = express();
  app.disable('x-powered-by');
  if (config.apiTokens.length > 0) app.use(requireBearerToken(config.apiTokens));
  app.use(express.json({ limit: config.maxBodyBytes, strict: true, type: 'application/json' }));

  app.use(scansRoutes(scans, logger));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
