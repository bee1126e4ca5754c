import { CodedError, parseScanRequest } from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import type { ApiMetrics } from '@image-scanner/metrics';
import { toScanStatus } from '@image-scanner/scan-state';
import { Router, type Request } from 'express';
import type { ScanService } from './scan-service.js';

function selfUrl(req: Request, scanId: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/scans/${scanId}`;
}

function scanIdParam(req: Request): string {
  return String(req.params.id ?? '');
}

/** `POST /scans`, `GET /scans/:id`, `GET /scans/:id/report`, `DELETE /scans/:id`. */
export function scansRoutes(scans: ScanService, logger: Logger, metrics?: ApiMetrics): Router {
  const router = Router();

  router.post('/scans', async (req, res) => {
    if (!req.is('application/json')) {
      throw new CodedError(
        'ERR_UNSUPPORTED_MEDIA_TYPE',
        'send the scan request as application/json',
      );
    }
    const record = await scans.create(parseScanRequest(req.body));
    const status = toScanStatus(record, selfUrl(req, record.meta.id));
    logger.info({ scanId: record.meta.id, host: record.meta.host }, 'scan created');
    metrics?.scansCreated.inc({ docker_host: record.meta.host });
    res
      .status(202)
      .location(status.links.self)
      .json({ id: status.id, status: status.status, links: status.links });
  });

  router.get('/scans/:id', async (req, res) => {
    const record = await scans.require(scanIdParam(req));
    res.json(toScanStatus(record, selfUrl(req, record.meta.id)));
  });

  router.get('/scans/:id/report', async (req, res) => {
    const record = await scans.require(scanIdParam(req));
    const targets = await scans.fullReport(record);
    res.json({ scan: toScanStatus(record, selfUrl(req, record.meta.id)), targets });
  });

  router.delete('/scans/:id', async (req, res) => {
    const record = await scans.cancel(scanIdParam(req));
    logger.info({ scanId: record.meta.id }, 'scan cancelled');
    res.json(toScanStatus(record, selfUrl(req, record.meta.id)));
  });

  return router;
}
