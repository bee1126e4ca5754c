import type { FeedState } from './feed-state.js';

/** Numbers about feeds for the metrics work to export (feed age, size, sync failures). */
export interface FeedFigures {
  id: string;
  /** Seconds since the vendor generated the feed in use; undefined without a timestamp. */
  ageSeconds?: number;
  /** Seconds since the feed in use was downloaded or imported. */
  fetchedAgoSeconds?: number;
  bytes?: number;
  definitionCount?: number;
  consecutiveFailures: number;
  totalFailures: number;
}

/** Feed ages and failure counts of the given states, as of `now`. */
export function feedFigures(states: readonly FeedState[], now = Date.now()): FeedFigures[] {
  const secondsSince = (iso?: string): number | undefined => {
    const at = iso ? Date.parse(iso) : NaN;
    return Number.isFinite(at) ? Math.max(0, Math.round((now - at) / 1000)) : undefined;
  };
  return states.map((s) => {
    const figures: FeedFigures = {
      id: s.id,
      consecutiveFailures: s.consecutiveFailures,
      totalFailures: s.totalFailures,
    };
    const age = secondsSince(s.generatedAt);
    const fetched = secondsSince(s.fetchedAt);
    if (age !== undefined) figures.ageSeconds = age;
    if (fetched !== undefined) figures.fetchedAgoSeconds = fetched;
    if (s.bytes !== undefined) figures.bytes = s.bytes;
    if (s.definitionCount !== undefined) figures.definitionCount = s.definitionCount;
    return figures;
  });
}
