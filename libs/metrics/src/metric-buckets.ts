/** Seconds; HTTP answers are mostly sub-second, a slow report download takes a few seconds. */
export const HTTP_DURATION_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Seconds; a phase takes milliseconds on a small image and minutes for oscap on a big feed. */
export const PHASE_DURATION_BUCKETS_SECONDS = [
  0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600,
];
