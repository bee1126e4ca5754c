import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedFileStat } from '@image-scanner/metrics';

const FEED_FILE = /\.xml(\.bz2)?$/;

/**
 * Every feed file in the `<distro>/<release>/<file>` layout of the feed folder, for the feed
 * age and size metrics. A folder that cannot be read is skipped: metrics must not fail a scrape.
 */
// Known limitation: feed age is the feed file's modification time, not the generation date inside
// the feed, so a copied or re-touched old feed looks fresh until the feed catalogue reports its
// stated date.
export async function feedFileStats(feedDir: string): Promise<FeedFileStat[]> {
  const out: FeedFileStat[] = [];
  for (const distro of await names(feedDir)) {
    for (const release of await names(join(feedDir, distro))) {
      for (const file of await names(join(feedDir, distro, release))) {
        if (!FEED_FILE.test(file)) continue;
        const info = await stat(join(feedDir, distro, release, file)).catch(() => undefined);
        if (!info?.isFile()) continue;
        out.push({ distro, release, file, modifiedAtMs: info.mtimeMs, sizeBytes: info.size });
      }
    }
  }
  return out;
}

function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => [] as string[]);
}
