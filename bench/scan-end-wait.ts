import { setTimeout as sleep } from 'node:timers/promises';
import type { ScanStatus } from '@image-scanner/contracts';
import { StatusPoller } from '../tests/e2e/support/status-poller.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);
/** Poll gap bounds, ms: the smallest sets how late the end may be seen. */
const MIN_GAP_MS = 20;
const MAX_GAP_MS = 400;

/**
 * How long to wait before the next status poll: a quarter of the time the scan still needs
 * at its pace so far, so polls are sparse mid-scan and close together near its end. Polling
 * every 50 ms throughout cost the API and this process together about 2 ms of CPU a poll
 * (measured), 9 ms a target, on the two cores the workers are timed on.
 */
export function nextPollGapMs(progress: ScanStatus['progress'], elapsedMs: number): number {
  if (progress.done === 0) return MIN_GAP_MS;
  const remainingMs = ((progress.total - progress.done) * elapsedMs) / progress.done;
  return Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, remainingMs / 4));
}

/** Polls a scan's status until it is finished, as sparingly as its end allows. */
export async function waitForScanEnd(apiUrl: string, id: string, timeoutMs: number) {
  const poller = new StatusPoller();
  const started = performance.now();
  try {
    for (;;) {
      const status = await poller.getJson<ScanStatus>(`${apiUrl}/scans/${id}`);
      if (FINISHED.has(status.status)) return status;
      const elapsedMs = performance.now() - started;
      if (elapsedMs > timeoutMs) throw new Error(`scan ${id} still ${status.status}`);
      await sleep(nextPollGapMs(status.progress, elapsedMs));
    }
  } finally {
    poller.close();
  }
}
