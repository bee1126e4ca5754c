import type { ErrorBody } from '@image-scanner/contracts';
import type { Redis } from 'ioredis';
import type { EvaluationRecord, ResolvedTarget, ScanMeta, ScanRecord } from './scan-record.js';

export interface ScanStateStoreOptions {
  /** Prefix of every key, so several deployments can share one Redis. @defaultValue `is` */
  prefix?: string;
  /** How long a scan's records are kept after it was created. @defaultValue 30 days */
  retentionSeconds?: number;
}

const DEFAULT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Scan records in Redis, shared by the API (which creates and reads them) and the workers
 * (which resolve and evaluate). Each evaluation is a field of its own hash, so workers that
 * finish at the same time never overwrite each other's results.
 */
export class ScanStateStore {
  private readonly prefix: string;
  private readonly retentionSeconds: number;

  constructor(
    private readonly redis: Redis,
    options: ScanStateStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'is';
    this.retentionSeconds = options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
  }

  private metaKey(scanId: string): string {
    return `${this.prefix}:scan:${scanId}`;
  }

  private evaluationsKey(scanId: string): string {
    return `${this.prefix}:scan:${scanId}:evaluations`;
  }

  /** The keys of the scan's evaluations that are done, kept so no job reads them all. */
  private doneKey(scanId: string): string {
    return `${this.prefix}:scan:${scanId}:done`;
  }

  async createScan(meta: ScanMeta): Promise<void> {
    const key = this.metaKey(meta.id);
    const created = await this.redis.hsetnx(key, 'meta', JSON.stringify(meta));
    if (created !== 1) throw new Error(`scan ${meta.id} already exists`);
    await this.redis.hset(key, 'targets', '[]');
    await this.redis.expire(key, this.retentionSeconds);
  }

  async getScan(scanId: string): Promise<ScanRecord | undefined> {
    const [fields, evaluations] = await Promise.all([
      this.redis.hgetall(this.metaKey(scanId)),
      this.redis.hgetall(this.evaluationsKey(scanId)),
    ]);
    const meta = parseMeta(fields.meta, fields.cancelledAt);
    if (!meta) return undefined;
    const targets = JSON.parse(fields.targets ?? '[]') as ResolvedTarget[];
    const records = new Map<string, EvaluationRecord>();
    for (const [key, value] of Object.entries(evaluations)) {
      records.set(key, JSON.parse(value) as EvaluationRecord);
    }
    return { meta, targets, evaluations: records };
  }

  /**
   * The scan's state and one of its evaluations, for the job that runs it: two reads that do
   * not grow with the scan's size, where `getScan` reads every evaluation.
   */
  async getScanEvaluation(
    scanId: string,
    key: string,
  ): Promise<{ meta: ScanMeta; evaluation: EvaluationRecord | undefined } | undefined> {
    const [[rawMeta, cancelledAt], rawEvaluation] = await Promise.all([
      this.redis.hmget(this.metaKey(scanId), 'meta', 'cancelledAt'),
      this.redis.hget(this.evaluationsKey(scanId), key),
    ]);
    const meta = parseMeta(rawMeta ?? undefined, cancelledAt ?? undefined);
    if (!meta) return undefined;
    const evaluation = rawEvaluation ? (JSON.parse(rawEvaluation) as EvaluationRecord) : undefined;
    return { meta, evaluation };
  }

  async getEvaluation(scanId: string, key: string): Promise<EvaluationRecord | undefined> {
    const value = await this.redis.hget(this.evaluationsKey(scanId), key);
    return value ? (JSON.parse(value) as EvaluationRecord) : undefined;
  }

  /** Records the targets and the evaluations they need, in one transaction. */
  async saveResolution(
    scanId: string,
    targets: ResolvedTarget[],
    evaluations: EvaluationRecord[],
  ): Promise<void> {
    const meta = await this.requireMeta(scanId);
    const next: ScanMeta = { ...meta, state: 'resolved' };
    if (evaluations.length === 0) {
      next.finishedAt = new Date().toISOString();
    }
    const tx = this.redis.multi();
    tx.hset(this.metaKey(scanId), 'meta', JSON.stringify(next), 'targets', JSON.stringify(targets));
    // HSETNX: a resolve job that runs again (after a worker died) must not reset evaluations
    // that other workers already started or finished.
    for (const evaluation of evaluations) {
      tx.hsetnx(this.evaluationsKey(scanId), evaluation.key, JSON.stringify(evaluation));
    }
    if (evaluations.length > 0) tx.expire(this.evaluationsKey(scanId), this.retentionSeconds);
    await tx.exec();
  }

  async failScan(scanId: string, error: ErrorBody): Promise<void> {
    const meta = await this.requireMeta(scanId);
    const next: ScanMeta = {
      ...meta,
      state: 'failed',
      error,
      finishedAt: new Date().toISOString(),
    };
    await this.redis.hset(this.metaKey(scanId), 'meta', JSON.stringify(next));
  }

  /** Marks the scan cancelled; returns false when every evaluation had already finished. */
  async cancelScan(scanId: string): Promise<boolean> {
    const record = await this.getScan(scanId);
    if (!record) throw new Error(`scan ${scanId} does not exist`);
    if (isFinished(record)) return false;
    await this.redis.hset(this.metaKey(scanId), 'cancelledAt', new Date().toISOString());
    return true;
  }

  /**
   * Saves an evaluation; the one that leaves none unfinished stamps the scan's `finishedAt`.
   * Finished keys are counted in a set of their own, so this costs the same for a scan of
   * 2,000 targets as for one: reading every evaluation each time made a scan quadratic.
   */
  async updateEvaluation(scanId: string, record: EvaluationRecord): Promise<void> {
    const done = record.state === 'done';
    const tx = this.redis.multi();
    tx.hset(this.evaluationsKey(scanId), record.key, JSON.stringify(record));
    // A job run again after its worker died takes its key out until it finishes again.
    if (done) tx.sadd(this.doneKey(scanId), record.key);
    else tx.srem(this.doneKey(scanId), record.key);
    tx.expire(this.doneKey(scanId), this.retentionSeconds);
    tx.scard(this.doneKey(scanId));
    tx.hlen(this.evaluationsKey(scanId));
    const replies = (await tx.exec()) ?? [];
    if (!done) return;
    const finished = Number(replies[3]?.[1] ?? 0);
    const total = Number(replies[4]?.[1] ?? 0);
    if (total === 0 || finished < total) return;
    const [rawMeta, cancelledAt] = await this.redis.hmget(
      this.metaKey(scanId),
      'meta',
      'cancelledAt',
    );
    const meta = parseMeta(rawMeta ?? undefined, cancelledAt ?? undefined);
    if (meta?.state === 'resolved' && !meta.finishedAt) {
      const next: ScanMeta = { ...meta, finishedAt: record.finishedAt };
      await this.redis.hset(this.metaKey(scanId), 'meta', JSON.stringify(next));
    }
  }

  private async requireMeta(scanId: string): Promise<ScanMeta> {
    const raw = await this.redis.hget(this.metaKey(scanId), 'meta');
    if (!raw) throw new Error(`scan ${scanId} does not exist`);
    return JSON.parse(raw) as ScanMeta;
  }
}

/** The scan's metadata from its stored fields. */
function parseMeta(raw: string | undefined, cancelledAt: string | undefined): ScanMeta | undefined {
  if (!raw) return undefined;
  const meta = JSON.parse(raw) as ScanMeta;
  // Cancellation is its own field so a worker saving its resolution cannot overwrite it.
  if (cancelledAt) {
    meta.state = 'cancelled';
    meta.finishedAt = cancelledAt;
  }
  return meta;
}

/** True when the scan can make no more progress. */
export function isFinished(record: ScanRecord): boolean {
  if (record.meta.state === 'failed' || record.meta.state === 'cancelled') return true;
  if (record.meta.state === 'resolving') return false;
  return [...record.evaluations.values()].every((e) => e.state === 'done');
}
