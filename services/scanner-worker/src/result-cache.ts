import type { DetectedOs, TargetReport } from '@image-scanner/contracts';
import type { Redis } from 'ioredis';

/** What a finished image evaluation leaves for the next scan of the same image and feed. */
export interface CachedResult {
  scannerVersion: string;
  fullFeed: boolean;
  report: TargetReport;
  links: { xml?: string; html?: string };
}

/** Results are kept this long after their last use; a busy image keeps its entry. */
const TTL_SECONDS = 7 * 24 * 3600;

/**
 * Reuses an image's result while neither the image (its id is a digest of its content) nor the
 * feed (by digest) changed: `is:result-os:<imageId>` remembers the image's OS, which picks the
 * feed; `is:result:<imageId>:<feedDigest>` holds the report and the links to its stored files.
 */
// Known limitation: a reused result links the first scan's stored files, so a report store
// emptied by hand leaves such links dangling until the cache entry expires (7 days unused).
export class ResultCache {
  constructor(private readonly redis: Redis) {}

  async osOf(imageId: string): Promise<DetectedOs | undefined> {
    const raw = await this.redis.get(`is:result-os:${imageId}`);
    return raw ? (JSON.parse(raw) as DetectedOs) : undefined;
  }

  async get(imageId: string, feedDigest: string): Promise<CachedResult | undefined> {
    const key = `is:result:${imageId}:${feedDigest}`;
    const raw = await this.redis.get(key);
    if (!raw) return undefined;
    await this.redis.expire(key, TTL_SECONDS);
    return JSON.parse(raw) as CachedResult;
  }

  async put(imageId: string, os: DetectedOs, feedDigest: string, entry: CachedResult) {
    await this.redis
      .multi()
      .set(`is:result-os:${imageId}`, JSON.stringify(os), 'EX', TTL_SECONDS)
      .set(`is:result:${imageId}:${feedDigest}`, JSON.stringify(entry), 'EX', TTL_SECONDS)
      .exec();
  }
}
