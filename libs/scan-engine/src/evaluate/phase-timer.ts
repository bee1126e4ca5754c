import type { ScanPhase } from '@image-scanner/contracts';

/** Adds up the wall time spent in each phase of one evaluation. */
export class PhaseTimer {
  readonly durationsMs: Partial<Record<ScanPhase, number>> = {};

  async time<T>(phase: ScanPhase, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      const elapsed = Math.round(performance.now() - started);
      this.durationsMs[phase] = (this.durationsMs[phase] ?? 0) + elapsed;
    }
  }
}
