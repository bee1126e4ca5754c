import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ImageScannerClient, type ScanResult } from '@image-scanner/client';
import {
  parseScanRequest,
  type ReportFile,
  type ReportLinks,
  type TargetStatus,
} from '@image-scanner/contracts';
import { createLogger } from '@image-scanner/logging';
import type { CliConfig } from '../config.js';
import { DirectoryReportSink } from '../embedded/directory-report-sink.js';
import { runEmbeddedScan } from '../embedded/embedded-scanner.js';
import { parseFailOn } from '../fail-on.js';
import { formatSummaryBlock } from '../output/summary-block.js';
import { ProgressDisplay } from '../output/progress-display.js';
import { exitCodeOf } from '../scan-outcome.js';
import { scanScopeOf, type ScanScope } from '../scan-scope.js';
import type { TargetSummary } from '../target-summary.js';
import { UsageError } from '../usage-error.js';
import type { ExitCode } from '../exit-codes.js';
import { clientOptionsFromUrl } from './client-options-from-url.js';

export const SCAN_USAGE = `usage: image-scanner scan (-s ID ... | --images | --all-images | --containers |
                          --only-active) [--report-dir DIR] [--feed-dir DIR] [-n N]
                          [--redis-url URL | --api-url URL] [--json] [--fail-on SEVERITY]`;

/**
 * \`image-scanner scan\`, the original \`docker_scanner.py\`: scans this machine's Docker host
 * in-process (the embedded default), or through the services when a Redis or API URL is
 * configured, then prints the summary block of each target.
 */
export async function scanCommand(argv: string[], config: Readonly<CliConfig>): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scan: { type: 'string', short: 's', multiple: true },
      images: { type: 'boolean' },
      'all-images': { type: 'boolean' },
      containers: { type: 'boolean' },
      'only-active': { type: 'boolean' },
      'report-dir': { type: 'string', short: 'r' },
      'feed-dir': { type: 'string' },
      number: { type: 'string', short: 'n' },
      'redis-url': { type: 'string' },
      'api-url': { type: 'string' },
      json: { type: 'boolean' },
      'fail-on': { type: 'string' },
    },
  });
  const scope = scanScopeOf(values);
  const failOn = values['fail-on'] === undefined ? undefined : parseFailOn(values['fail-on']);
  if (values['fail-on'] !== undefined && !failOn) {
    throw new UsageError('--fail-on must be one of critical, important, moderate, low, any');
  }
  const parallel = Number(values.number ?? '2');
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError('-n must be >= 1');
  const reportDir = resolve(values['report-dir'] ?? 'image-scanner-reports');
  const apiUrl = values['api-url'] ?? config.apiUrl;
  const redisUrl = values['redis-url'] ?? config.redisUrl;
  const progress = new ProgressDisplay();
  const onProgress = (p: { done: number; total: number }): void => progress.update(p.done, p.total);

  let result: { mode: string; startedAt: string; finishedAt: string; targets: TargetSummary[] };
  if (apiUrl || redisUrl) {
    // The services own Redis; the CLI talks to their API, so a Redis URL only says they run.
    const client = new ImageScannerClient({
      ...clientOptionsFromUrl(apiUrl ?? 'http://127.0.0.1:5001'),
      parallelScans: Math.max(2, parallel),
      ...(config.token ? { token: config.token } : {}),
      onProgress,
    });
    const scanned = await scanThroughApi(client, scope, new DirectoryReportSink(reportDir));
    result = { mode: 'service', ...scanned };
  } else {
    const feedDir = values['feed-dir'] ?? config.feedDir;
    if (!feedDir) throw new UsageError('give --feed-dir DIR or FEED_DIR (see docs/feeds.md)');
    const embedded = await runEmbeddedScan(parseScanRequest(requestOf(scope)), {
      dockerSocket: config.dockerSocket,
      feedDir: resolve(feedDir),
      reportDir,
      parallel,
      oscapPath: config.oscapPath,
      oscapTimeoutMs: config.oscapTimeoutMs,
      oscapCpuPinning: config.oscapCpuPinning,
      targetReader: config.targetReader,
      // People read this terminal; only warnings and errors, on standard error.
      logger: createLogger({
        service: 'image-scanner-cli',
        level: 'warn',
        destination: process.stderr,
      }),
      onProgress,
    });
    result = { mode: 'embedded', ...embedded };
  }
  progress.finish();
  const exitCode = exitCodeOf(result.targets, failOn);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...result, reportDir, exitCode }, null, 2)}\n`);
  } else {
    process.stdout.write('\nSummary:\n');
    for (const target of result.targets) process.stdout.write(`${formatSummaryBlock(target)}\n\n`);
    process.stdout.write(`Writing summary and reports to ${reportDir}\n`);
  }
  return exitCode;
}

function requestOf(scope: ScanScope): unknown {
  if (scope.kind === 'list') return { targets: scope.targets };
  if (scope.kind === 'images') return { images: { all: scope.all } };
  return { containers: { onlyActive: scope.onlyActive } };
}

async function scanThroughApi(
  client: ImageScannerClient,
  scope: ScanScope,
  sink: DirectoryReportSink,
): Promise<{ startedAt: string; finishedAt: string; targets: TargetSummary[] }> {
  let scanned: ScanResult;
  if (scope.kind === 'list') scanned = await client.scanList(scope.targets);
  else if (scope.kind === 'images') scanned = await client.scanAllImages({ all: scope.all });
  else scanned = await client.scanAllContainers({ onlyActive: scope.onlyActive });
  const targets: TargetSummary[] = [];
  for (const target of scanned.targets) {
    const summary = summaryOf(target, scanned.targets);
    if (target.evaluationKey && target.reports) {
      await saveReports(client, target.evaluationKey, target.reports, sink);
      summary.reportDir = sink.folderOf(target.evaluationKey);
    }
    targets.push(summary);
  }
  return { startedAt: scanned.startedAt, finishedAt: scanned.finishedAt, targets };
}

/** A target of the API's scan status as the CLI prints it. */
export function summaryOf(target: TargetStatus, all: readonly TargetStatus[]): TargetSummary {
  const containers = all
    .filter((t) => t.kind === 'container' && t.imageId === target.id && t.id)
    .map((t) => (t.id ?? '').slice(0, 12));
  return {
    requested: target.requested,
    ...(target.kind ? { kind: target.kind } : {}),
    ...(target.id ? { id: target.id } : {}),
    names: target.names,
    ...(target.imageId ? { imageId: target.imageId } : {}),
    ...(target.os
      ? { os: target.os.prettyName ?? `${target.os.distro} ${target.os.version}` }
      : {}),
    containers,
    outcome: target.outcome ?? 'error',
    ...(target.counts ? { counts: target.counts } : {}),
    ...(target.error ? { error: target.error } : {}),
  };
}

/** Copies an evaluated target's XML, HTML and JSON from the report store into the folder. */
async function saveReports(
  client: ImageScannerClient,
  evaluationKey: string,
  links: ReportLinks,
  sink: DirectoryReportSink,
): Promise<void> {
  const files: [ReportFile, string | undefined][] = [
    ['results.xml', links.xml],
    ['report.html', links.html],
    ['report.json', links.json],
  ];
  for (const [file, url] of files) {
    if (url) await sink.put(evaluationKey, file, await client.download(url));
  }
}
