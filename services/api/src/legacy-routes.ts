import { setTimeout as sleep } from 'node:timers/promises';
import {
  CodedError,
  isEvaluationKey,
  isReportFile,
  isScanId,
  type DockerObject,
  type ScanStatus,
} from '@image-scanner/contracts';
import { toCodedError } from '@image-scanner/http-common';
import type { Logger } from '@image-scanner/logging';
import { toScanStatus } from '@image-scanner/scan-state';
import { Router, type ErrorRequestHandler, type Request } from 'express';
import type { ApiConfig } from './config.js';
import type { DockerQueryService } from './docker-query-service.js';
import { parseLegacyScanRequest } from './legacy-scan-request.js';
import { toLegacyResults } from './legacy-results.js';
import type { ScanService } from './scan-service.js';

/** The original daemon's path prefix; its clients have it built in. */
export const LEGACY_PREFIX = '/image-scanner/api';

export interface LegacyRoutesOptions {
  config: Readonly<ApiConfig>;
  scans: ScanService;
  queries: DockerQueryService;
  logger: Logger;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

function base(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The original clients sent ids in a JSON body, even on GET; a query string works too. */
function idFrom(req: Request, key: 'cid' | 'iid'): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = body[key] ?? req.query[key];
  if (typeof value !== 'string' || value === '') {
    throw new CodedError('ERR_VALIDATION', `${key}: give the id or name to inspect`, {
      field: key,
    });
  }
  return value;
}

/**
 * The original image-scanner daemon's REST paths under `/image-scanner/api/`, answering in
 * its shapes, for clients written against it: ping, containers, images, inspect_container,
 * inspect_image, scan (which waits until the scan is done) and reports/. Errors carry the
 * original's `Error` key and this API's coded `error` next to it.
 */
// Known limitation: `/scan` holds the HTTP request open until the scan ends (at most
// LEGACY_SCAN_TIMEOUT_MS), so a proxy with a shorter idle timeout in between cuts it off.
export function legacyRoutes(options: LegacyRoutesOptions): Router {
  const { scans, queries, config } = options;
  const defaultHost = config.dockerHosts[0] ?? 'local';
  const router = Router();
  const ask = <T>(query: Parameters<DockerQueryService['ask']>[1]): Promise<T> =>
    queries.ask<T>(defaultHost, query);

  router.get(`${LEGACY_PREFIX}/ping`, async (_req, res) => {
    await ask({ kind: 'ping' });
    res.json({ results: { api: 'image-scanner', docker_host: defaultHost } });
  });

  router.get(`${LEGACY_PREFIX}/containers`, async (_req, res) => {
    res.json({ all_containers: await ask({ kind: 'list-containers', onlyActive: false }) });
  });

  router.get(`${LEGACY_PREFIX}/images`, async (_req, res) => {
    res.json({ all_images: await ask({ kind: 'list-images', all: true }) });
  });

  router.get(`${LEGACY_PREFIX}/inspect_container`, async (req, res) => {
    res.json(await ask({ kind: 'inspect-container', ref: idFrom(req, 'cid') }));
  });

  router.get(`${LEGACY_PREFIX}/inspect_image`, async (req, res) => {
    res.json(await ask({ kind: 'inspect-image', ref: idFrom(req, 'iid') }));
  });

  const scan = async (req: Request, res: import('express').Response): Promise<void> => {
    const body: unknown = Object.keys(req.body ?? {}).length > 0 ? req.body : req.query;
    const record = await scans.create(parseLegacyScanRequest(body, defaultHost));
    const scanId = record.meta.id;
    options.logger.info({ scanId }, 'legacy scan created');
    const status = await waitForScan(scans, scanId, base(req), config.legacyScanTimeoutMs);
    const containers = await ask<DockerObject[]>({ kind: 'list-containers', onlyActive: false });
    const hostContainers = containers.map((c) => ({
      id: String(c.Id ?? ''),
      imageId: String(c.ImageID ?? ''),
    }));
    const reportUrl = (key: string, file: string): string =>
      `${base(req)}${LEGACY_PREFIX}/reports/${scanId}/${key}/${file}`;
    res.json({
      results: toLegacyResults(status, reportUrl, hostContainers),
      json_url: `${base(req)}/scans/${scanId}/report`,
      scan_id: scanId,
    });
  };
  router.get(`${LEGACY_PREFIX}/scan`, scan);
  router.post(`${LEGACY_PREFIX}/scan`, scan);

  router.get(`${LEGACY_PREFIX}/reports/:scanId/:key/:file`, async (req, res) => {
    const { scanId, key, file } = req.params as Record<string, string>;
    if (!isScanId(scanId ?? '') || !isEvaluationKey(key ?? '') || !isReportFile(file ?? '')) {
      throw new CodedError('ERR_INVALID_ID', 'not a report path', { field: 'path' });
    }
    const url = `${config.reportStoreUrl}/reports/${scanId}/${key}/${file}`;
    const answer = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch(
      (err: unknown) => {
        throw new CodedError(
          'ERR_DEPENDENCY_UNAVAILABLE',
          'the report store did not answer',
          {},
          {
            cause: err,
          },
        );
      },
    );
    if (answer.status === 404) throw new CodedError('ERR_REPORT_NOT_FOUND', 'no such report');
    if (!answer.ok) {
      throw new CodedError('ERR_DEPENDENCY_UNAVAILABLE', 'the report store failed', {
        status: answer.status,
      });
    }
    res.type(answer.headers.get('content-type') ?? 'application/octet-stream');
    res.send(Buffer.from(await answer.arrayBuffer()));
  });

  // The original's clients look for an `Error` key; give it to them next to the coded error.
  const legacyErrors: ErrorRequestHandler = (err, _req, res, next) => {
    const coded = toCodedError(err);
    if (!coded || res.headersSent) {
      next(err);
      return;
    }
    res.status(coded.httpStatus).json({ Error: coded.message, error: coded.toJSON() });
  };
  router.use(LEGACY_PREFIX, legacyErrors);
  return router;
}

async function waitForScan(
  scans: ScanService,
  scanId: string,
  baseUrl: string,
  timeoutMs: number,
): Promise<ScanStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = toScanStatus(await scans.require(scanId), `${baseUrl}/scans/${scanId}`);
    if (FINISHED.has(status.status)) return status;
    if (Date.now() > deadline) {
      throw new CodedError('ERR_SCAN_TIMEOUT', `scan ${scanId} did not finish in time`, {
        scanId,
      });
    }
    await sleep(500);
  }
}
