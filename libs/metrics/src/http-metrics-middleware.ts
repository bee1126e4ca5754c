import type { NextFunction, Request, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';
import { HTTP_DURATION_BUCKETS_SECONDS } from './metric-buckets.js';

/** The label of a request that matched no route: probes of random paths stay one series. */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request and records it under its route pattern (`/scans/:id`, never the
 * concrete path, which would make a series per scan id) and its status code.
 */
export function httpMetricsMiddleware(
  registry: Registry,
): (req: Request, res: Response, next: NextFunction) => void {
  const duration = new Histogram({
    name: 'image_scanner_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  return (req, res, next) => {
    const end = duration.startTimer();
    res.once('finish', () => {
      // req.route is set only once a route matched; read it when the answer is sent.
      const path = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof path === 'string' ? `${req.baseUrl}${path}` : UNMATCHED_ROUTE;
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}
