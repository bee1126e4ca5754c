import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CodedError } from '@image-scanner/contracts';
import { isOvalParseError, readDefinitionsFile } from '@image-scanner/oval-model';
import type { FeedCatalogEntry } from './feed-catalog.js';
import { identifyFeed } from './feed-identity.js';
import { writeFeedMetadata, type FeedMetadata } from './feed-metadata.js';

/** What is known about a verified candidate besides its bytes. */
export interface InstallRequest {
  /** The candidate file; it must be on the feed folder's file system so the rename is atomic. */
  candidatePath: string;
  feedDir: string;
  /** The release the file must be for; when absent the file's own content decides. */
  expected?: FeedCatalogEntry;
  source: string;
  etag?: string;
  lastModified?: string;
  /** Largest accepted feed once decompressed. */
  maxXmlBytes: number;
  signal?: AbortSignal;
}

/** A feed installed in the feed folder. */
export interface InstalledFeed {
  entry: FeedCatalogEntry;
  /** Path relative to the feed folder. */
  file: string;
  metadata: FeedMetadata;
}

const BZIP2_MAGIC = Buffer.from('BZh');

/**
 * Verifies a candidate feed and only then makes it the feed in use: it must parse completely
 * with every reference resolved (a truncated or corrupt file fails here) and be for the
 * expected release. The rename is atomic, so a worker reading the folder sees either the old
 * file or the new one, never a partial one; a failed candidate is deleted, the old feed kept.
 */
export async function installFeed(request: InstallRequest): Promise<InstalledFeed> {
  const { candidatePath } = request;
  try {
    const document = await readDefinitionsFile(candidatePath, {
      maxBytes: request.maxXmlBytes,
      ...(request.signal ? { signal: request.signal } : {}),
    }).catch((err: unknown) => {
      const reason = isOvalParseError(err) ? err.code : undefined;
      const code = reason === 'ERR_OVAL_TOO_LARGE' ? 'ERR_FEED_TOO_LARGE' : 'ERR_FEED_INVALID';
      throw new CodedError(
        code,
        `the feed from ${request.source} is not a valid OVAL document`,
        {
          source: request.source,
          reason,
        },
        { cause: err },
      );
    });
    const identity = identifyFeed(document);
    if (!identity) {
      throw new CodedError(
        'ERR_FEED_UNRECOGNIZED',
        `the feed from ${request.source} names no OS release the scanner knows`,
        { source: request.source },
      );
    }
    const { entry } = identity;
    if (request.expected && request.expected.id !== entry.id) {
      throw new CodedError(
        'ERR_FEED_MISMATCH',
        `the feed from ${request.source} is for ${entry.id}, not ${request.expected.id}`,
        { source: request.source, expected: request.expected.id, found: entry.id },
      );
    }
    const compressed = await startsWith(candidatePath, BZIP2_MAGIC);
    // Keep the name honest about the bytes: oscap and people read the extension.
    const base = entry.fileName.replace(/\.bz2$/, '');
    const name = compressed ? `${base}.bz2` : base;
    const other = compressed ? base : `${base}.bz2`;
    const folder = join(request.feedDir, entry.distro, entry.release);
    const finalPath = join(folder, name);
    const metadata: FeedMetadata = {
      source: request.source,
      digest: `sha256:${await sha256(candidatePath)}`,
      fetchedAt: new Date().toISOString(),
      definitionCount: document.definitions.length,
      bytes: (await stat(candidatePath)).size,
      ...(document.generator.timestamp ? { generatedAt: document.generator.timestamp } : {}),
      ...(request.etag ? { etag: request.etag } : {}),
      ...(request.lastModified ? { lastModified: request.lastModified } : {}),
    };
    await mkdir(folder, { recursive: true });
    await writeFeedMetadata(finalPath, metadata);
    await rename(candidatePath, finalPath);
    // The same feed in the other compression would otherwise win or lose by name order.
    await rm(join(folder, other), { force: true });
    await rm(`${join(folder, other)}.meta.json`, { force: true });
    return { entry, file: join(entry.distro, entry.release, name), metadata };
  } finally {
    await rm(candidatePath, { force: true });
  }
}

async function startsWith(path: string, magic: Buffer): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(head, 0, magic.length, 0);
    return bytesRead === magic.length && head.equals(magic);
  } finally {
    await handle.close();
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
