import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CodedError,
  isCodedError,
  type ScanRequest,
  type TargetReport,
} from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import {
  CpuPinning,
  type CpuPinningMode,
  DockerClient,
  FeedDirectory,
  LayerAccess,
  OscapRunner,
  reportTargetOf,
  SCANNER_VERSION,
  TargetEvaluator,
  type TargetReaderMode,
  TargetResolver,
} from '@image-scanner/scan-engine';
import type { EvaluationRecord } from '@image-scanner/scan-state';
import type { TargetSummary } from '../target-summary.js';
import { DirectoryReportSink } from './directory-report-sink.js';

export interface EmbeddedScannerOptions {
  dockerSocket: string;
  feedDir: string;
  reportDir: string;
  /** Evaluations run at once. */
  parallel: number;
  oscapPath: string;
  oscapTimeoutMs: number;
  /** Holds each oscap run to one CPU (`OSCAP_CPU_PINNING`). @defaultValue auto */
  oscapCpuPinning?: CpuPinningMode;
  /** How images are read (`TARGET_READER`). @defaultValue auto */
  targetReader?: TargetReaderMode;
  logger: Logger;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface EmbeddedScan {
  scanId: string;
  startedAt: string;
  finishedAt: string;
  targets: TargetSummary[];
  reports: TargetReport[];
}

const MIB = 1024 * 1024;

function newScanId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(20)].map((b) => alphabet[b % 32]).join('');
}

/**
 * The whole scan in this process, without Redis or the services: the worker's own
 * TargetResolver and TargetEvaluator from libs/scan-engine, with reports written to a folder
 * instead of the report store.
 */
// Known limitation: the embedded scan does not retry a Docker Engine that fails mid-way (the
// queue does that for workers); such a target ends as an error and the command exits 3.
export async function runEmbeddedScan(
  request: ScanRequest,
  options: EmbeddedScannerOptions,
): Promise<EmbeddedScan> {
  const startedAt = new Date().toISOString();
  const scanId = newScanId();
  const docker = DockerClient.fromSocket(options.dockerSocket);
  await docker.ping();
  // One for the resolver and the evaluator: its checks and opaque-folder answers are shared.
  const layerAccess = new LayerAccess(options.targetReader ?? 'auto');
  const resolution = await new TargetResolver(docker, layerAccess).resolve(request);
  const { pinning } = CpuPinning.create(options.oscapCpuPinning ?? 'auto');
  const evaluator = new TargetEvaluator({
    docker,
    feeds: new FeedDirectory(options.feedDir, options.logger),
    oscap: new OscapRunner({
      oscapPath: options.oscapPath,
      timeoutMs: options.oscapTimeoutMs,
      ...(pinning ? { pinning } : {}),
    }),
    limits: { maxFileBytes: 512 * MIB, maxTotalBytes: 1024 * MIB, maxEntries: 10_000 },
    layerAccess,
    workRoot: join(tmpdir(), 'image-scanner-cli'),
    dockerHost: 'local',
    scannerVersion: SCANNER_VERSION,
    logger: options.logger,
  });
  const sink = new DirectoryReportSink(options.reportDir);
  const reports = new Map<string, TargetReport>();
  const queue = [...resolution.evaluations];
  const total = queue.length;
  let done = 0;
  options.onProgress?.({ done, total });
  const work = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      reports.set(next.key, await evaluateOne(evaluator, sink, scanId, next, options));
      done += 1;
      options.onProgress?.({ done, total });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, work));

  const targets = resolution.targets.map((target): TargetSummary => {
    const report = target.evaluationKey ? reports.get(target.evaluationKey) : undefined;
    const error = report?.error ?? target.error;
    return {
      requested: target.requested,
      ...(target.kind ? { kind: target.kind } : {}),
      ...(target.id ? { id: target.id } : {}),
      names: target.names,
      ...(target.imageId ? { imageId: target.imageId } : {}),
      ...(report?.os
        ? { os: report.os.prettyName ?? `${report.os.distro} ${report.os.version}` }
        : {}),
      containers: (report?.target.containers ?? []).map((c) => c.slice(0, 12)),
      outcome: report?.outcome ?? 'error',
      ...(report ? { counts: report.counts } : {}),
      ...(error ? { error } : {}),
      ...(target.evaluationKey ? { reportDir: sink.folderOf(target.evaluationKey) } : {}),
    };
  });
  return {
    scanId,
    startedAt,
    finishedAt: new Date().toISOString(),
    targets,
    reports: [...reports.values()],
  };
}

async function evaluateOne(
  evaluator: TargetEvaluator,
  sink: DirectoryReportSink,
  scanId: string,
  evaluation: EvaluationRecord,
  options: EmbeddedScannerOptions,
): Promise<TargetReport> {
  const running: EvaluationRecord = { ...evaluation, state: 'running' };
  let report: TargetReport;
  try {
    const output = await evaluator.evaluate(scanId, running, AbortSignal.timeout(15 * 60_000));
    if (output.resultsXml) await sink.put(evaluation.key, 'results.xml', output.resultsXml);
    if (output.reportHtml) await sink.put(evaluation.key, 'report.html', output.reportHtml);
    report = output.report;
  } catch (err) {
    // No queue retries here: an Engine that failed mid-way ends this target as an error.
    const error = isCodedError(err)
      ? err
      : new CodedError('ERR_INTERNAL', 'the evaluation failed unexpectedly', {}, { cause: err });
    options.logger.warn({ err, evaluationKey: evaluation.key }, 'evaluation failed');
    const now = new Date().toISOString();
    report = {
      schemaVersion: 1,
      scannerVersion: SCANNER_VERSION,
      scanId,
      evaluationKey: evaluation.key,
      target: reportTargetOf(evaluation),
      dockerHost: 'local',
      startedAt: now,
      finishedAt: now,
      phaseDurationsMs: {},
      outcome: 'error',
      error: error.toJSON(),
      counts: { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 },
      findings: [],
      packages: [],
    };
  }
  await sink.put(evaluation.key, 'report.json', JSON.stringify(report, null, 2));
  return report;
}
