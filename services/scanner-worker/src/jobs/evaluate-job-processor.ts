import {
  CodedError,
  type EvaluateJobData,
  type ReportFile,
  type TargetReport,
} from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import type { WorkerMetrics } from '@image-scanner/metrics';
import type { EvaluationRecord, ScanStateStore } from '@image-scanner/scan-state';
import type { Job } from 'bullmq';
import {
  isRetryable,
  type ReportStoreClient,
  type TargetEvaluator,
} from '@image-scanner/scan-engine';
import {
  findReusableResult,
  rememberResult,
  reusedReport,
  type ResultReuse,
} from './reusable-result.js';

export interface EvaluateJobDeps {
  evaluator: TargetEvaluator;
  store: ReportStoreClient;
  state: ScanStateStore;
  logger: Logger;
  jobTimeoutMs: number;
  /** Observes each finished evaluation; absent in tests that do not look at metrics. */
  metrics?: WorkerMetrics;
  /** Reuses an unchanged image's result with an unchanged feed; absent: always evaluate. */
  reuse?: ResultReuse;
}

/** Runs one evaluation, stores its reports, and records the outcome in the scan. */
export async function processEvaluateJob(
  job: Job<EvaluateJobData>,
  deps: EvaluateJobDeps,
): Promise<void> {
  const { scanId, evaluationKey } = job.data;
  const log = deps.logger.child({ scanId, jobId: job.id, evaluationKey });
  const scan = await deps.state.getScanEvaluation(scanId, evaluationKey);
  const evaluation = scan?.evaluation;
  if (!scan || !evaluation) {
    log.warn('evaluation has no scan record');
    return;
  }
  if (scan.meta.state === 'cancelled') {
    const error = new CodedError(
      'ERR_SCAN_CANCELLED',
      'the scan was cancelled before this target ran',
    );
    await deps.state.updateEvaluation(
      scanId,
      done(evaluation, { outcome: 'error', error: error.toJSON() }),
    );
    return;
  }
  const running: EvaluationRecord = {
    ...evaluation,
    state: 'running',
    startedAt: new Date().toISOString(),
  };
  await deps.state.updateEvaluation(scanId, running);

  const signal = AbortSignal.timeout(deps.jobTimeoutMs);
  try {
    const cached = deps.reuse ? await findReusableResult(deps.reuse, running, log) : undefined;
    if (cached) {
      const report = reusedReport(cached, scanId, running, running.startedAt ?? '');
      // No phase ran, so the report lists none.
      const json = await upload(deps, scanId, evaluationKey, 'report.json', toJson(report));
      await deps.state.updateEvaluation(
        scanId,
        finished(running, report, { ...cached.links, json }),
      );
      log.info({ outcome: report.outcome }, 'target result reused: image and feed unchanged');
      deps.metrics?.observeTarget(report);
      return;
    }
    const output = await deps.evaluator.evaluate(scanId, running, signal);
    const storeStarted = performance.now();
    const links: { xml?: string; html?: string; json: string } = { json: '' };
    if (output.resultsXml)
      links.xml = await upload(deps, scanId, evaluationKey, 'results.xml', output.resultsXml);
    if (output.reportHtml)
      links.html = await upload(deps, scanId, evaluationKey, 'report.html', output.reportHtml);
    const report = output.report;
    report.phaseDurationsMs.store = Math.round(performance.now() - storeStarted);
    links.json = await upload(deps, scanId, evaluationKey, 'report.json', toJson(report));
    await deps.state.updateEvaluation(scanId, finished(running, report, links));
    if (deps.reuse) {
      const { xml, html } = links;
      await rememberResult(deps.reuse, running, report, { xml, html }, log);
    }
    log.info({ outcome: report.outcome, durations: report.phaseDurationsMs }, 'target evaluated');
    deps.metrics?.observeTarget(report);
  } catch (err) {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (isRetryable(err) && !lastAttempt) {
      log.warn({ err }, 'evaluation failed, will retry');
      throw err;
    }
    // Out of retries: the target is an error with the reason, never silently dropped.
    const error =
      err instanceof CodedError
        ? err.toJSON()
        : { code: 'ERR_INTERNAL' as const, message: 'the evaluation failed unexpectedly' };
    log.error({ err }, 'evaluation failed');
    await deps.state.updateEvaluation(scanId, done(running, { outcome: 'error', error }));
    deps.metrics?.observeFailure(error.code);
  }
}

function finished(
  running: EvaluationRecord,
  report: TargetReport,
  links: { xml?: string; html?: string; json: string },
): EvaluationRecord {
  return done(running, {
    outcome: report.outcome,
    counts: report.counts,
    reports: links,
    ...(report.os ? { os: report.os } : {}),
    ...(report.error ? { error: report.error } : {}),
  });
}

function toJson(report: TargetReport): Buffer {
  return Buffer.from(JSON.stringify(report));
}

function done(evaluation: EvaluationRecord, extra: Partial<EvaluationRecord>): EvaluationRecord {
  return { ...evaluation, ...extra, state: 'done', finishedAt: new Date().toISOString() };
}

function upload(
  deps: EvaluateJobDeps,
  scanId: string,
  key: string,
  file: ReportFile,
  body: Buffer,
): Promise<string> {
  return deps.store.put(scanId, key, file, body);
}
