import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CodedError, type DetectedOs } from '@image-scanner/contracts';
import { readFeedMetadata } from '@image-scanner/feed-catalog';
import type { Logger } from '@image-scanner/logging';
import { isOvalParseError, readDefinitionsFile } from '@image-scanner/oval-model';
import { feedFilePaths, feedPackageNames } from './feed-needs.js';
import type { LoadedFeed } from './loaded-feed.js';

const FEED_FILE = /\.xml(\.bz2)?$/;
/** A distro or release name that can safely be a folder name: the target chose it. */
const SAFE_SEGMENT = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Feeds kept in a folder laid out as `<distro>/<release>/<file>.xml[.bz2]`, for example
 * `rhel/7/rhel-7.oval.xml.bz2` or `debian/12/oval-definitions-bookworm.xml`. When a folder
 * holds several files the last by name is used, so dated names roll forward by themselves.
 */
// Known limitation: a parsed feed stays in memory until its file changes, with no eviction, so a
// worker scanning many OS releases holds several; an eviction policy or an on-disk index fixes it.
export class FeedDirectory {
  private readonly cache = new Map<string, { stamp: string; feed: LoadedFeed }>();

  constructor(
    private readonly root: string,
    private readonly logger: Logger,
  ) {}

  /** The feed for an OS, or undefined when none is configured (the target is unsupported). */
  async feedFor(os: DetectedOs): Promise<LoadedFeed | undefined> {
    if (!SAFE_SEGMENT.test(os.distro) || !SAFE_SEGMENT.test(os.release)) return undefined;
    if (os.distro.includes('..') || os.release.includes('..')) return undefined;
    const dir = join(this.root, os.distro, os.release);
    const files = await readdir(dir).catch(() => [] as string[]);
    const name = files
      .filter((f) => FEED_FILE.test(f))
      .sort()
      .pop();
    if (!name) return undefined;
    return this.load(join(dir, name));
  }

  private async load(path: string): Promise<LoadedFeed> {
    const info = await stat(path);
    const stamp = `${info.size}:${info.mtimeMs}`;
    const cached = this.cache.get(path);
    if (cached?.stamp === stamp) return cached.feed;

    const started = Date.now();
    const [digest, document, metadata] = await Promise.all([
      sha256(path),
      readDefinitionsFile(path).catch((err: unknown) => {
        const code = isOvalParseError(err) ? err.code : undefined;
        throw new CodedError(
          'ERR_FEED_INVALID',
          `feed ${relative(this.root, path)} is invalid`,
          {
            feed: relative(this.root, path),
            reason: code,
          },
          { cause: err },
        );
      }),
      readFeedMetadata(path),
    ]);
    // A downloaded or imported feed names its URL or imported file; the digest is always the
    // one of the bytes read here, so a metadata file left behind cannot misname a feed.
    const source = metadata && metadata.digest === `sha256:${digest}` ? metadata.source : undefined;
    const feed: LoadedFeed = {
      path,
      provenance: {
        source: source ?? relative(this.root, path),
        digest: `sha256:${digest}`,
        definitionCount: document.definitions.length,
        ...(document.generator.timestamp ? { generatedAt: document.generator.timestamp } : {}),
      },
      document,
      packageNames: feedPackageNames(document),
      filePaths: feedFilePaths(document),
    };
    this.cache.set(path, { stamp, feed });
    this.logger.info(
      {
        feed: feed.provenance.source,
        definitions: document.definitions.length,
        durationMs: Date.now() - started,
      },
      'feed loaded',
    );
    return feed;
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
