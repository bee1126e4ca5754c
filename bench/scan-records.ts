/**
 * `node --import tsx bench/scan-records.ts`: the Redis bookkeeping an evaluation job does, as
 * scans grow, read the way jobs now do (their own record, a count of finished ones) against
 * reading the whole scan twice a job. Needs Redis on 127.0.0.1:6379 (database 12, emptied; set
 * BENCH_REDIS_URL for another). See docs/benchmarks.md.
 */
import { emptySeverityCounts, type SeverityCounts } from '@image-scanner/contracts';
import { Redis } from 'ioredis';
import { ScanStateStore, isFinished, type EvaluationRecord } from '@image-scanner/scan-state';

const SIZES = [20, 500, 2000];
const IMAGE_ID = `sha256:${'a'.repeat(64)}`;
const COUNTS: SeverityCounts = { ...emptySeverityCounts(), high: 1, medium: 2, low: 3 };

function queued(index: number): EvaluationRecord {
  return {
    key: `image-${index.toString(16).padStart(64, '0')}`,
    kind: 'image',
    id: IMAGE_ID,
    imageId: IMAGE_ID,
    names: [`app-${index}:1.2.3`],
    containers: [],
    state: 'queued',
  };
}

function finished(record: EvaluationRecord): EvaluationRecord {
  const base = 'http://store/reports/scan/key';
  return {
    ...record,
    state: 'done',
    outcome: 'vulnerable',
    finishedAt: new Date().toISOString(),
    counts: COUNTS,
    reports: {
      json: `${base}/report.json`,
      xml: `${base}/results.xml`,
      html: `${base}/report.html`,
    },
  };
}

/** Milliseconds of wall time per job for one scan of `size` evaluations. */
async function timeJobs(redis: Redis, size: number, wholeScan: boolean): Promise<number> {
  const store = new ScanStateStore(redis, { prefix: 'bench' });
  const id = `scan${size}${wholeScan ? 'whole' : 'own'}`;
  const createdAt = new Date().toISOString();
  await store.createScan({
    id,
    request: { targets: [] },
    host: 'local',
    createdAt,
    state: 'resolving',
  });
  const records = Array.from({ length: size }, (_, i) => queued(i));
  await store.saveResolution(id, [], records);
  const started = performance.now();
  for (const record of records) {
    if (wholeScan) {
      // What each job did before: the whole scan to find its record, and again once done.
      (await store.getScan(id))?.evaluations.get(record.key);
      await redis.hset(
        `bench:scan:${id}:evaluations`,
        record.key,
        JSON.stringify(finished(record)),
      );
      const scan = await store.getScan(id);
      if (scan) isFinished(scan);
    } else {
      await store.getScanEvaluation(id, record.key);
      await store.updateEvaluation(id, finished(record));
    }
  }
  return (performance.now() - started) / size;
}

async function main(): Promise<void> {
  const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12');
  try {
    await redis.flushdb();
    process.stdout.write(
      '| evaluations in the scan | whole scan, ms a job | own record, ms a job |\n',
    );
    process.stdout.write('|---|---|---|\n');
    for (const size of SIZES) {
      const whole = await timeJobs(redis, size, true);
      const own = await timeJobs(redis, size, false);
      process.stdout.write(`| ${size} | ${whole.toFixed(2)} | ${own.toFixed(2)} |\n`);
    }
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
