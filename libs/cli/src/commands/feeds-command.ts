import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isCodedError } from '@image-scanner/contracts';
import { FeedStateStore, importFeedFile, loadFeedSyncConfig } from '@image-scanner/feed-catalog';
import { Redis } from 'ioredis';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

export const FEEDS_USAGE = `usage: image-scanner feeds import FILE [--json]
       installs a vendor OVAL feed file into FEED_DIR (no network needed); with REDIS_URL set,
       GET /feeds shows it too`;

/**
 * `image-scanner feeds import FILE`: for machines without internet. The file's OS release is
 * read from its content; it is verified like a download and installed atomically, so a bad
 * file never replaces the feed in use. A rejected file exits 4 with the reason.
 */
export async function feedsCommand(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  const [action, ...rest] = argv;
  if (action !== 'import') throw new UsageError(`unknown feeds action ${action ?? '(none)'}`);
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('feeds import takes exactly one FILE');
  if (!env.FEED_DIR) throw new UsageError('set FEED_DIR to the feed folder to import into');
  const config = loadFeedSyncConfig(env);
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
  try {
    const state = await importFeedFile(resolve(positionals[0] ?? ''), {
      feedDir: config.feedDir,
      maxFileBytes: config.maxImportBytes,
      maxXmlBytes: config.maxXmlBytes,
      ...(redis ? { states: new FeedStateStore(redis) } : {}),
    });
    process.stdout.write(
      values.json
        ? `${JSON.stringify(state, null, 2)}\n`
        : `installed ${state.id}: ${state.definitionCount ?? 0} definitions, ${state.digest ?? ''}\n`,
    );
    return EXIT_CODES.ok;
  } catch (err) {
    if (!isCodedError(err)) throw err;
    process.stderr.write(
      `image-scanner: feed rejected, the feed in use is unchanged: ${err.code}: ${err.message}\n`,
    );
    return EXIT_CODES.failure;
  } finally {
    redis?.disconnect();
  }
}
