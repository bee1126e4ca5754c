import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';

// Known limitation: /metrics needs no token even when API_TOKENS is set, so anyone who can reach a
// service can read its counters (no scan data); a network policy or a metrics token would close
// it.
/** The `/metrics` endpoint in Prometheus' text format. */
export function metricsHandler(registry: Registry): (req: Request, res: Response) => Promise<void> {
  return async (_req, res) => {
    const body = await registry.metrics();
    res.setHeader('content-type', registry.contentType);
    res.send(body);
  };
}
