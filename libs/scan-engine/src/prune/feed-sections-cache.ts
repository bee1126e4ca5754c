import type { LoadedFeed } from '../feeds/loaded-feed.js';
import { readFeedBytes } from '../feeds/feed-text.js';
import { cutFeedSections, type FeedSections } from './feed-sections.js';

/**
 * The cut text of each loaded feed, kept as long as the parsed feed is (a new LoadedFeed comes
 * with a changed file), so a .bz2 feed is not decompressed and cut again for every target.
 * Per-target copies (Debian's binary-name feed) are cut each time: they differ per target.
 */
// Known limitation: each big feed's XML stays in memory beside its parsed model (50 MB for the
// RHEL 7 stream, one byte a character); an on-disk index of element offsets would remove that.
export class FeedSectionsCache {
  private readonly cache = new WeakMap<LoadedFeed, Promise<FeedSections | undefined>>();

  async sectionsOf(feed: LoadedFeed, path: string): Promise<FeedSections | undefined> {
    if (path !== feed.path) return cutFeedSections(await readFeedBytes(path));
    let cut = this.cache.get(feed);
    if (!cut) {
      cut = readFeedBytes(path).then(cutFeedSections);
      cut.catch(() => this.cache.delete(feed));
      this.cache.set(feed, cut);
    }
    return cut;
  }
}
