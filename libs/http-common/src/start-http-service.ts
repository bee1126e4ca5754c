import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTerminus } from '@godaddy/terminus';
import type { Logger } from '@image-scanner/logging';
import type { Express } from 'express';

export interface HttpServiceOptions {
  app: Express;
  host: string;
  port: number;
  logger: Logger;
  /** Resolves when every dependency answers; rejects with the reason otherwise. */
  readiness: () => Promise<void>;
  /** Closes what the service holds (queues, Redis) after the server stopped taking requests. */
  onShutdown: () => Promise<void>;
  /** @defaultValue 10000 */
  shutdownTimeoutMs?: number;
}

export interface StartedHttpService {
  server: Server;
  port: number;
}

/**
 * Starts an HTTP service with `/healthz` (alive) and `/readyz` (dependencies reachable), and
 * graceful shutdown on SIGTERM and SIGINT: stop accepting, finish requests, close clients.
 */
export async function startHttpService(options: HttpServiceOptions): Promise<StartedHttpService> {
  const { app, logger } = options;
  const server = createServer(app);
  // Slow clients must not hold a connection forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  // Clients drop idle connections after a few seconds; keeping ours open longer means the
  // server never closes a connection at the moment a client reuses it ("other side closed").
  server.keepAliveTimeout = 65_000;
  createTerminus(server, {
    healthChecks: {
      '/healthz': async () => ({ alive: true }),
      '/readyz': async () => {
        await options.readiness();
        return { ready: true };
      },
      verbatim: true,
      __unsafeExposeStackTraces: false,
    },
    signals: ['SIGTERM', 'SIGINT'],
    timeout: options.shutdownTimeoutMs ?? 10_000,
    onSignal: async () => {
      logger.info('shutting down');
      await options.onShutdown();
    },
    onShutdown: async () => {
      logger.info('shut down');
    },
    logger: (msg, err) => logger.warn({ err, detail: msg }, 'health check failed'),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: options.host, port }, 'listening');
  return { server, port };
}
