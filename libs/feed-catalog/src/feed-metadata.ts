import { readFile, rename, writeFile } from 'node:fs/promises';

/**
 * What the scanner knows about an installed feed file beyond its bytes, kept beside it as
 * `<file>.meta.json` in the shared feed folder, so every worker and a restarted one see the
 * same source and the validators for the next conditional request.
 */
export interface FeedMetadata {
  /** Vendor or mirror URL it was downloaded from, or the file name it was imported from. */
  source: string;
  /** `sha256:<hex>` of the installed file. */
  digest: string;
  generatedAt?: string;
  /** When these bytes were downloaded or imported. */
  fetchedAt: string;
  definitionCount: number;
  bytes: number;
  etag?: string;
  lastModified?: string;
}

const SUFFIX = '.meta.json';

/** Path of the metadata file of a feed file. */
export function feedMetadataPath(feedPath: string): string {
  return `${feedPath}${SUFFIX}`;
}

/** Reads a feed's metadata; undefined when there is none (a feed placed by hand) or it is bad. */
export async function readFeedMetadata(feedPath: string): Promise<FeedMetadata | undefined> {
  const text = await readFile(feedMetadataPath(feedPath), 'utf8').catch(() => undefined);
  if (text === undefined || text.length > 64 * 1024) return undefined;
  try {
    const value = JSON.parse(text) as Partial<FeedMetadata>;
    if (typeof value.source !== 'string' || typeof value.digest !== 'string') return undefined;
    return value as FeedMetadata;
  } catch {
    return undefined;
  }
}

/** Writes a feed's metadata atomically (temp file, then rename). */
export async function writeFeedMetadata(feedPath: string, metadata: FeedMetadata): Promise<void> {
  const path = feedMetadataPath(feedPath);
  const temp = `${path}.${process.pid}.${Date.now()}.part`;
  await writeFile(temp, `${JSON.stringify(metadata, null, 2)}\n`);
  await rename(temp, path);
}
