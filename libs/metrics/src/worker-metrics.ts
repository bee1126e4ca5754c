import { NORMALIZED_SEVERITIES, SCAN_PHASES, type TargetReport } from '@image-scanner/contracts';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { PHASE_DURATION_BUCKETS_SECONDS } from './metric-buckets.js';

/** One feed file as the worker sees it in its feed folder. */
export interface FeedFileStat {
  distro: string;
  release: string;
  file: string;
  modifiedAtMs: number;
  sizeBytes: number;
}

/** Error codes that mean oscap itself failed, as opposed to the target or the feed. */
const OSCAP_FAILURE_CODES: ReadonlySet<string> = new Set([
  'ERR_OSCAP_FAILED',
  'ERR_OSCAP_TIMEOUT',
  'ERR_OSCAP_PROBE_FAILED',
  'ERR_RESULTS_INVALID',
]);

/**
 * A worker's metrics. Everything about a target is observed once, from its finished report,
 * so the scan pipeline itself needs no metrics code.
 */
export class WorkerMetrics {
  readonly jobsActive: Gauge<'job'>;
  private readonly targets: Counter<'outcome'>;
  private readonly phases: Histogram<'phase'>;
  private readonly findings: Counter<'severity'>;
  private readonly oscapFailures: Counter<'code'>;

  constructor(
    readonly registry: Registry,
    feeds: () => Promise<FeedFileStat[]>,
  ) {
    this.jobsActive = new Gauge({
      name: 'image_scanner_worker_jobs_active',
      help: 'Jobs this worker process is running now, by job name',
      labelNames: ['job'] as const,
      registers: [registry],
    });
    this.targets = new Counter({
      name: 'image_scanner_targets_scanned_total',
      help: 'Evaluations finished, by outcome (vulnerable, clean, unsupported, error)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    this.phases = new Histogram({
      name: 'image_scanner_scan_phase_duration_seconds',
      help: 'Time one evaluation spent in each phase: acquire, detect, evaluate, parse, store',
      labelNames: ['phase'] as const,
      buckets: PHASE_DURATION_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.findings = new Counter({
      name: 'image_scanner_findings_total',
      help: 'Findings reported by finished evaluations, by normalized severity',
      labelNames: ['severity'] as const,
      registers: [registry],
    });
    this.oscapFailures = new Counter({
      name: 'image_scanner_oscap_failures_total',
      help: 'Evaluations that ended because oscap failed, by error code',
      labelNames: ['code'] as const,
      registers: [registry],
    });
    // Zero series exist from the start, so rate() and dashboards see every label at once.
    for (const severity of NORMALIZED_SEVERITIES) this.findings.inc({ severity }, 0);
    for (const code of OSCAP_FAILURE_CODES) this.oscapFailures.inc({ code }, 0);

    const stats = feeds;
    new Gauge({
      name: 'image_scanner_feed_age_seconds',
      help: 'Seconds since each feed file in the feed folder was last changed',
      labelNames: ['distro', 'release', 'file'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const f of await stats()) {
          const labels = { distro: f.distro, release: f.release, file: f.file };
          this.set(labels, Math.max(0, (now - f.modifiedAtMs) / 1000));
        }
      },
    });
    new Gauge({
      name: 'image_scanner_feed_size_bytes',
      help: 'Size of each feed file in the feed folder',
      labelNames: ['distro', 'release', 'file'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const f of await stats()) {
          this.set({ distro: f.distro, release: f.release, file: f.file }, f.sizeBytes);
        }
      },
    });
  }

  /** Records a finished evaluation from its report. */
  observeTarget(report: TargetReport): void {
    this.targets.inc({ outcome: report.outcome });
    for (const phase of SCAN_PHASES) {
      const ms = report.phaseDurationsMs[phase];
      if (ms !== undefined) this.phases.observe({ phase }, ms / 1000);
    }
    for (const severity of NORMALIZED_SEVERITIES) {
      const count = report.counts[severity];
      if (count > 0) this.findings.inc({ severity }, count);
    }
    const code = report.error?.code;
    if (code !== undefined && OSCAP_FAILURE_CODES.has(code)) this.oscapFailures.inc({ code });
  }

  /** Records an evaluation that ended without a report (out of retries). */
  observeFailure(code: string): void {
    this.targets.inc({ outcome: 'error' });
    if (OSCAP_FAILURE_CODES.has(code)) this.oscapFailures.inc({ code });
  }
}
