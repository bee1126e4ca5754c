import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * BullMQ's own housekeeping keys change by themselves (event stream, stalled-check marker,
 * worker heartbeats); everything else the product stores must not change.
 */
const HOUSEKEEPING = /:(events|stalled-check|stalled|marker|metrics:.*)$/;

/**
 * Every Redis key with a digest of its value, and every report-store file with a digest of
 * its content. Two equal snapshots mean no stored record changed in between.
 */
export async function snapshotState(
  redisUrl: string,
  reportsDir: string,
): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  const redis = new Redis(redisUrl);
  try {
    const keys = (await redis.keys('*')).filter((k) => !HOUSEKEEPING.test(k)).sort();
    for (const key of keys) snapshot[`redis ${key}`] = digest(await redis.dumpBuffer(key));
  } finally {
    redis.disconnect();
  }
  for (const file of await listFiles(reportsDir)) {
    snapshot[`file ${file}`] = digest(await readFile(file));
  }
  return snapshot;
}

function digest(value: Buffer | null): string {
  return createHash('sha256')
    .update(value ?? Buffer.alloc(0))
    .digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
