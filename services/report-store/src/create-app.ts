import { CodedError, type ReportFile } from '@image-scanner/contracts';
import {
  errorHandler,
  notFoundHandler,
  requireBearerToken,
  toCodedError,
} from '@image-scanner/http-common';
import type { Logger } from '@image-scanner/logging';
import {
  httpMetricsMiddleware,
  metricsHandler,
  type ReportStoreMetrics,
} from '@image-scanner/metrics';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { ReportStoreConfig } from './config.js';
import { FilesystemReportStore, parseReportAddress } from './filesystem-report-store.js';

const CONTENT_TYPES: Record<ReportFile, string> = {
  'results.xml': 'application/xml; charset=utf-8',
  'report.html': 'text/html; charset=utf-8',
  'report.json': 'application/json; charset=utf-8',
};

const REPORT_ROUTE = '/reports/:scanId/:evaluationKey/:file';

export function createApp(
  config: Readonly<ReportStoreConfig>,
  store: FilesystemReportStore,
  logger: Logger,
  metrics?: ReportStoreMetrics,
): Express {
  const app = express();
  app.disable('x-powered-by');
  if (metrics) {
    app.use(httpMetricsMiddleware(metrics.registry));
    app.get('/metrics', metricsHandler(metrics.registry));
  }

  app.put(REPORT_ROUTE, requireBearerToken(config.writeTokens), async (req, res) => {
    const { scanId, evaluationKey, file } = req.params as Record<string, string>;
    const address = parseReportAddress(scanId ?? '', evaluationKey ?? '', file ?? '');
    // Refuse a declared oversize body before reading it; a body that lies about its size is
    // cut off while streaming instead.
    if (Number(req.get('content-length') ?? 0) > config.maxUploadBytes) {
      throw new CodedError('ERR_BODY_TOO_LARGE', 'report is larger than the store accepts', {
        limitBytes: config.maxUploadBytes,
      });
    }
    const bytes = await store.put(address, req, config.maxUploadBytes);
    logger.info({ scanId, evaluationKey, file, bytes }, 'report stored');
    metrics?.bytesWritten.inc({ file: address.file }, bytes);
    res.status(201).json({ bytes });
  });

  // Known limitation: reading a report needs no token, so anyone who can reach the store can read
  // package lists; read tokens or serving reads behind the API's auth would close it.
  app.get(REPORT_ROUTE, async (req, res) => {
    const { scanId, evaluationKey, file } = req.params as Record<string, string>;
    const address = parseReportAddress(scanId ?? '', evaluationKey ?? '', file ?? '');
    const size = await store.sizeOf(address);
    if (size === undefined) {
      throw new CodedError('ERR_REPORT_NOT_FOUND', 'no report is stored at this path');
    }
    res.setHeader('content-type', CONTENT_TYPES[address.file]);
    res.setHeader('x-content-type-options', 'nosniff');
    // Reports hold the scanned image's package list; keep them out of shared caches.
    res.setHeader('cache-control', 'private, max-age=0');
    // The HTML report is oscap's; it must not run scripts against the store's origin.
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.sendFile(store.pathOf(address));
  });

  app.use(notFoundHandler);
  if (metrics) app.use(countErrors(metrics));
  app.use(errorHandler(logger));
  return app;
}

/** Counts every failed read or write by its code, then lets the coded error handler answer. */
function countErrors(metrics: ReportStoreMetrics): ErrorRequestHandler {
  return (err, req, _res, next) => {
    const operation = req.method === 'PUT' ? 'write' : 'read';
    metrics.errors.inc({ operation, code: toCodedError(err)?.code ?? 'ERR_INTERNAL' });
    next(err);
  };
}
