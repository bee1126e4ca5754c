import {
  FEED_CATALOG,
  FeedStateStore,
  UNSUPPORTED_DISTROS,
  feedFigures,
} from '@image-scanner/feed-catalog';
import { Router } from 'express';
import { Redis } from 'ioredis';
import type { ApiConfig } from './config.js';

/**
 * `GET /feeds`: every feed of the catalogue with the state the workers recorded when they
 * synced or imported it (source, digest, generated and fetched times, definition count, last
 * sync), plus the OSes deliberately left unsupported. The API holds no feed folder: it reads
 * only what the workers wrote to Redis.
 */
// Known limitation: only feeds synced or imported appear as installed; a feed file placed in
// the folder by hand is used but not shown, which workers publishing every loaded feed would fix.
export function feedsRoutes(config: Readonly<ApiConfig>): Router {
  const router = Router();
  let store: FeedStateStore | undefined;
  // Its own connection, made on first use, that gives up quickly like the scan records' one.
  const states = (): FeedStateStore => {
    store ??= new FeedStateStore(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }));
    return store;
  };

  router.get('/feeds', async (_req, res) => {
    const known = new Map((await states().list()).map((s) => [s.id, s]));
    const figures = new Map(feedFigures([...known.values()]).map((f) => [f.id, f]));
    res.json({
      feeds: FEED_CATALOG.map((entry) => {
        const state = known.get(entry.id) ?? {
          id: entry.id,
          distro: entry.distro,
          release: entry.release,
          consecutiveFailures: 0,
          totalFailures: 0,
        };
        return {
          ...state,
          ...(entry.codename ? { codename: entry.codename } : {}),
          vendor: entry.vendor,
          vendorUrl: entry.url,
          installed: state.digest !== undefined,
          ...(figures.get(entry.id)?.ageSeconds !== undefined
            ? { ageSeconds: figures.get(entry.id)?.ageSeconds }
            : {}),
        };
      }),
      unsupported: UNSUPPORTED_DISTROS,
    });
  });
  return router;
}
