import type { TargetReport } from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import type { EvaluationRecord } from '@image-scanner/scan-state';
import type { CachedResult, ResultCache } from '../result-cache.js';
import { reportTargetOf, type FeedDirectory } from '@image-scanner/scan-engine';

/** What result reuse needs: the cache, the feeds to check digests, and what made a result. */
export interface ResultReuse {
  cache: ResultCache;
  feeds: FeedDirectory;
  scannerVersion: string;
  fullFeed: boolean;
}

/**
 * The stored result of this image with the feed its OS gets today, when there is one made by
 * this scanner version in this feed mode. Containers are never reused: their own layer may
 * have changed the package database. A cache that cannot be read is a miss, not a failure.
 */
export async function findReusableResult(
  reuse: ResultReuse,
  evaluation: EvaluationRecord,
  logger: Logger,
): Promise<CachedResult | undefined> {
  if (evaluation.kind !== 'image' || !evaluation.imageId) return undefined;
  try {
    const os = await reuse.cache.osOf(evaluation.imageId);
    const feed = os ? await reuse.feeds.feedFor(os) : undefined;
    if (!feed) return undefined;
    const entry = await reuse.cache.get(evaluation.imageId, feed.provenance.digest);
    if (entry?.scannerVersion !== reuse.scannerVersion || entry.fullFeed !== reuse.fullFeed) {
      return undefined;
    }
    return entry;
  } catch (err) {
    logger.warn({ err }, 'result cache not readable; evaluating');
    return undefined;
  }
}

/** Remembers a finished image evaluation whose result can stand for the next scan. */
export async function rememberResult(
  reuse: ResultReuse,
  evaluation: EvaluationRecord,
  report: TargetReport,
  links: CachedResult['links'],
  logger: Logger,
): Promise<void> {
  if (evaluation.kind !== 'image' || !evaluation.imageId || !report.os || !report.feed) return;
  if (report.outcome !== 'clean' && report.outcome !== 'vulnerable') return;
  const entry: CachedResult = {
    scannerVersion: reuse.scannerVersion,
    fullFeed: reuse.fullFeed,
    report,
    links,
  };
  await reuse.cache
    .put(evaluation.imageId, report.os, report.feed.digest, entry)
    .catch((err: unknown) => logger.warn({ err }, 'result not cached'));
}

/** The cached report, restated for this scan and evaluation. */
export function reusedReport(
  cached: CachedResult,
  scanId: string,
  evaluation: EvaluationRecord,
  startedAt: string,
): TargetReport {
  return {
    ...cached.report,
    scanId,
    evaluationKey: evaluation.key,
    target: reportTargetOf(evaluation),
    startedAt,
    finishedAt: new Date().toISOString(),
    phaseDurationsMs: {},
  };
}
