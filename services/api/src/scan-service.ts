import { randomBytes } from 'node:crypto';
import {
  CodedError,
  RESOLVE_JOB_NAME,
  isScanId,
  type EvaluateJobData,
  type ResolveJobData,
  type ScanRequest,
  type TargetReport,
} from '@image-scanner/contracts';
import { ScanStateStore, type ScanRecord } from '@image-scanner/scan-state';
import type { Queue } from 'bullmq';
import type { ApiConfig } from './config.js';

/** Resolving runs again when Docker or Redis blinked; three tries cover a restart. */
const RESOLVE_JOB_ATTEMPTS = 3;

/** Lower-case base32 without padding: safe in URLs, Redis keys and file names. */
function newScanId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(20)].map((b) => alphabet[b % 32]).join('');
}

/** What the API does with scans; routes only translate HTTP to these calls. */
export class ScanService {
  constructor(
    private readonly config: Readonly<ApiConfig>,
    private readonly state: ScanStateStore,
    /** One queue per configured Docker host. */
    private readonly queues: ReadonlyMap<string, Queue<ResolveJobData | EvaluateJobData>>,
  ) {}

  private queueOf(host: string): Queue<ResolveJobData | EvaluateJobData> {
    const queue = this.queues.get(host);
    if (!queue) throw new Error(`no queue for configured host ${host}`);
    return queue;
  }

  async create(request: ScanRequest): Promise<ScanRecord> {
    const host = request.host ?? this.config.dockerHosts[0] ?? 'local';
    if (!this.config.dockerHosts.includes(host)) {
      throw new CodedError('ERR_VALIDATION', `host: no Docker host is configured as ${host}`, {
        field: 'host',
      });
    }
    const id = newScanId();
    await this.state.createScan({
      id,
      request,
      host,
      createdAt: new Date().toISOString(),
      state: 'resolving',
    });
    await this.queueOf(host).add(
      RESOLVE_JOB_NAME,
      { scanId: id },
      {
        jobId: `resolve-${id}`,
        attempts: RESOLVE_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
        ...(request.priority ? { priority: request.priority } : {}),
      },
    );
    return this.require(id);
  }

  async require(scanId: string): Promise<ScanRecord> {
    if (!isScanId(scanId)) {
      throw new CodedError('ERR_INVALID_ID', 'scan id has characters scan ids never contain', {
        field: 'id',
      });
    }
    const record = await this.state.getScan(scanId);
    if (!record) throw new CodedError('ERR_SCAN_NOT_FOUND', 'no scan has this id', { id: scanId });
    return record;
  }

  /** Cancels what has not run; evaluations already running finish and are kept. */
  async cancel(scanId: string): Promise<ScanRecord> {
    await this.require(scanId);
    const cancelled = await this.state.cancelScan(scanId);
    if (!cancelled) {
      throw new CodedError('ERR_SCAN_NOT_CANCELLABLE', 'the scan has already finished');
    }
    const record = await this.require(scanId);
    const waiting = [
      `resolve-${scanId}`,
      ...[...record.evaluations.keys()].map((key) => `evaluate-${scanId}-${key}`),
    ];
    // A job a worker holds is locked and cannot be removed; the worker sees the cancel flag.
    const queue = this.queueOf(record.meta.host);
    await Promise.allSettled(waiting.map((jobId) => queue.remove(jobId)));
    return record;
  }

  /** Every finished evaluation's JSON report, fetched from the report store. */
  async fullReport(record: ScanRecord): Promise<TargetReport[]> {
    const done = [...record.evaluations.values()].filter((e) => e.state === 'done' && e.reports);
    return Promise.all(
      done.map(async (evaluation) => {
        const path = `/reports/${record.meta.id}/${evaluation.key}/report.json`;
        const url = `${this.config.reportStoreUrl}${path}`;
        const response = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch(
          (err: unknown) => {
            throw new CodedError(
              'ERR_DEPENDENCY_UNAVAILABLE',
              'the report store did not answer',
              { evaluationKey: evaluation.key },
              { cause: err },
            );
          },
        );
        if (!response.ok) {
          throw new CodedError(
            'ERR_DEPENDENCY_UNAVAILABLE',
            'the report store did not return a report',
            {
              evaluationKey: evaluation.key,
              status: response.status,
            },
          );
        }
        return (await response.json()) as TargetReport;
      }),
    );
  }
}
