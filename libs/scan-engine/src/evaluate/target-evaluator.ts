import { readFile } from 'node:fs/promises';
import {
  CodedError,
  emptySeverityCounts,
  isCodedError,
  type DetectedOs,
  type FeedProvenance,
  type InstalledPackage,
  type TargetOutcome,
  type TargetReport,
} from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import { countBySeverity, readResultsFile, summarizeFindings } from '@image-scanner/oval-model';
import type { EvaluationRecord } from '@image-scanner/scan-state';
import { AcquiredTarget, type ReadThrough } from '../acquire/acquired-target.js';
import { LayerAccess } from '../acquire/layer-access.js';
import { ScratchRoot } from '../acquire/scratch-root.js';
import type { ReadLimits } from '../acquire/target-files.js';
import { detectOs } from '../detect/os-detector.js';
import type { DockerClient } from '../docker/docker-client.js';
import { binaryNameFeed } from '../feeds/binary-name-feed.js';
import type { FeedDirectory } from '../feeds/feed-directory.js';
import type { LoadedFeed } from '../feeds/loaded-feed.js';
import { parseDpkgStatus } from '../inventory/dpkg-status-parser.js';
import { FeedSectionsCache } from '../prune/feed-sections-cache.js';
import { pruneFeed } from '../prune/feed-pruner.js';
import { packagePresence } from '../prune/package-presence.js';
import { listRpmPackages } from '../inventory/rpm-inventory.js';
import { toReportFindings } from '../report/findings-mapper.js';
import { reportTargetOf } from '../report/report-target.js';
import { FeedValidations } from './feed-validations.js';
import type { OscapRunner } from './oscap-runner.js';
import { PhaseTimer } from './phase-timer.js';
import { checkProbeCoverage } from './probe-coverage.js';

export interface TargetEvaluatorDeps {
  docker: DockerClient;
  feeds: FeedDirectory;
  oscap: OscapRunner;
  limits: ReadLimits;
  /**
   * Hand oscap the whole feed rather than the definitions that can apply to the target, so the
   * stored results XML covers every definition. Findings are the same either way.
   */
  evaluateFullFeed?: boolean;
  /** How images' files are read; one per worker, shared with its resolver. @defaultValue auto */
  layerAccess?: LayerAccess;
  /** Parent folder of the per-target scratch roots. */
  workRoot: string;
  dockerHost: string;
  scannerVersion: string;
  logger: Logger;
}

/** The outcome of one evaluation: the JSON report and, when oscap ran, its two files. */
export interface EvaluationOutput {
  report: TargetReport;
  resultsXml?: Buffer;
  reportHtml?: Buffer;
}

/** Smallest feed worth pruning: measured, a 6-definition feed took 85 ms whole, 178 ms pruned. */
const PRUNE_MIN_DEFINITIONS = 200;

/** Errors that say the infrastructure failed, not the target: the job is retried. */
const RETRYABLE = new Set(['ERR_DOCKER_UNAVAILABLE', 'ERR_STORE_FAILED']);

export function isRetryable(err: unknown): boolean {
  return !isCodedError(err) || RETRYABLE.has(err.code);
}

interface Progress {
  readThrough?: ReadThrough;
  os?: DetectedOs;
  feed?: FeedProvenance;
  packages: InstalledPackage[];
  oscap?: { version?: string; durationMs: number };
}

/**
 * Evaluates one target: acquire its files, detect the OS, pick the feed, run oscap, parse.
 * A problem with the target itself ends as an `error` or `unsupported` report, never as a
 * clean one; a problem with Docker is thrown so the queue retries the job.
 */
export class TargetEvaluator {
  private readonly sections = new FeedSectionsCache();
  private readonly validations: FeedValidations;
  private readonly layerAccess: LayerAccess;

  constructor(private readonly deps: TargetEvaluatorDeps) {
    this.validations = new FeedValidations(deps.oscap, deps.workRoot, deps.logger);
    this.layerAccess = deps.layerAccess ?? new LayerAccess('auto');
  }

  /**
   * Loads, cuts and validates the feeds of the given releases ahead of any scan; returns the
   * releases that have no feed (yet). A scan would do the same on its first target of each.
   */
  async preload(releases: readonly { distro: string; release: string }[]): Promise<string[]> {
    const missing: string[] = [];
    for (const { distro, release } of releases) {
      const feed = await this.deps.feeds.feedFor({
        distro,
        release,
        version: release,
        evidence: [],
      });
      if (!feed) {
        missing.push(`${distro}/${release}`);
        continue;
      }
      if (this.deps.evaluateFullFeed !== true && this.isWorthPruning(feed)) {
        await this.sections.sectionsOf(feed, feed.path);
      }
      await this.validations.check(feed);
    }
    return missing;
  }

  async evaluate(
    scanId: string,
    evaluation: EvaluationRecord,
    signal: AbortSignal,
  ): Promise<EvaluationOutput> {
    const startedAt = new Date().toISOString();
    const timer = new PhaseTimer();
    const progress: Progress = { packages: [] };
    const scratch = await ScratchRoot.create(this.deps.workRoot);
    const finish = (outcome: TargetOutcome, extra: Partial<TargetReport>): TargetReport => ({
      schemaVersion: 1,
      scannerVersion: this.deps.scannerVersion,
      scanId,
      evaluationKey: evaluation.key,
      target: reportTargetOf(evaluation),
      dockerHost: this.deps.dockerHost,
      ...(progress.readThrough ? { readThrough: progress.readThrough } : {}),
      ...(progress.os ? { os: progress.os } : {}),
      ...(progress.feed ? { feed: progress.feed } : {}),
      startedAt,
      finishedAt: new Date().toISOString(),
      phaseDurationsMs: timer.durationsMs,
      outcome,
      counts: emptySeverityCounts(),
      findings: [],
      packages: progress.packages,
      ...(progress.oscap ? { oscap: progress.oscap } : {}),
      ...extra,
    });
    try {
      return await this.run(scanId, evaluation, signal, scratch, timer, progress, finish);
    } catch (err) {
      if (isRetryable(err) || !isCodedError(err)) throw err;
      const outcome: TargetOutcome =
        err.code === 'ERR_FEED_MISSING' || err.code === 'ERR_OS_UNKNOWN' ? 'unsupported' : 'error';
      this.deps.logger.info(
        { scanId, evaluationKey: evaluation.key, code: err.code },
        'target not evaluated',
      );
      return { report: finish(outcome, { error: err.toJSON() }) };
    } finally {
      await scratch.dispose();
    }
  }

  private async run(
    scanId: string,
    evaluation: EvaluationRecord,
    signal: AbortSignal,
    scratch: ScratchRoot,
    timer: PhaseTimer,
    progress: Progress,
    finish: (outcome: TargetOutcome, extra: Partial<TargetReport>) => TargetReport,
  ): Promise<EvaluationOutput> {
    const { docker, limits } = this.deps;
    const target = await timer.time('acquire', () =>
      AcquiredTarget.open(
        docker,
        { kind: evaluation.kind, id: evaluation.id },
        scratch,
        limits,
        signal,
        this.layerAccess,
      ),
    );
    progress.readThrough = target.readThrough;
    let feed: LoadedFeed;
    try {
      await timer.time('acquire', () => target.collectBasics());
      feed = await timer.time('detect', async () => {
        const os = detectOs(target.releaseFiles);
        if (!os)
          throw new CodedError('ERR_OS_UNKNOWN', 'no release file names the operating system');
        progress.os = os;
        const found = await this.deps.feeds.feedFor(os);
        if (!found) {
          throw new CodedError(
            'ERR_FEED_MISSING',
            `no feed is configured for ${os.distro} ${os.release}`,
            {
              distro: os.distro,
              release: os.release,
            },
          );
        }
        progress.feed = found.provenance;
        return found;
      });
      await timer.time('acquire', () => target.collectFiles(feed.filePaths));
    } finally {
      await target.close();
    }
    progress.packages = await timer.time('detect', () => this.inventory(target, scratch));

    const workDir = await scratch.workDir('oscap');
    // Debian's feed names source packages; oscap gets a copy that asks for the binaries.
    const binaryFeedPath = await timer.time('evaluate', () =>
      binaryNameFeed(feed, progress.packages, workDir),
    );
    const rpmDb = target.packageDb.rpmDbDir ? { rpmDbDir: target.packageDb.rpmDbDir } : {};
    const skipValidation = this.validations.isValid(feed);
    let feedPath = binaryFeedPath;
    let coveredNames: ReadonlySet<string> = feed.packageNames;
    // A small feed costs oscap less than the extra probe run pruning needs.
    if (this.deps.evaluateFullFeed !== true && this.isWorthPruning(feed)) {
      const pruned = await timer.time('evaluate', async () =>
        pruneFeed({
          document: feed.document,
          sections: await this.sections.sectionsOf(feed, binaryFeedPath),
          presence: packagePresence(progress.packages, target.packageDb.dpkgStatus),
          workDir,
          evaluateTests: async (probeFeedPath) => {
            const probe = await this.deps.oscap.evaluate({
              feedPath: probeFeedPath,
              rootPath: scratch.rootPath,
              workDir: await scratch.workDir('oscap-probe'),
              ...rpmDb,
              skipValidation,
              htmlReport: false,
              signal,
            });
            const results = await readResultsFile(probe.resultsPath, {
              signal,
              skipDefinitions: true,
            });
            return results.testResults;
          },
        }),
      );
      if (pruned) {
        feedPath = pruned.path;
        coveredNames = pruned.packageNames;
      } else {
        this.deps.logger.warn(
          { feed: feed.provenance.source },
          'feed text has an unexpected shape; oscap gets the whole feed',
        );
      }
    }
    const run = await timer.time('evaluate', () =>
      this.deps.oscap.evaluate({
        feedPath,
        rootPath: scratch.rootPath,
        workDir,
        ...rpmDb,
        skipValidation,
        signal,
      }),
    );
    progress.oscap = { durationMs: run.durationMs };
    this.deps.logger.debug(
      {
        scanId,
        evaluationKey: evaluation.key,
        durationMs: run.durationMs,
        schemaCheckSkipped: skipValidation,
      },
      'oscap finished',
    );

    const { ovalFindings, resultsXml, reportHtml } = await timer.time('parse', async () => {
      // The feed is parsed and cached already: its embedded copy is not built again.
      const results = await readResultsFile(run.resultsPath, {
        signal,
        skipDefinitions: true,
      }).catch((err: unknown) => {
        throw new CodedError(
          'ERR_RESULTS_INVALID',
          "oscap's results could not be parsed",
          {},
          {
            cause: err,
          },
        );
      });
      if (results.generator.productVersion) {
        progress.oscap = { durationMs: run.durationMs, version: results.generator.productVersion };
      }
      checkProbeCoverage(progress.packages, coveredNames, results);
      return {
        ovalFindings: summarizeFindings(feed.document, results),
        resultsXml: await readFile(run.resultsPath),
        reportHtml: await readFile(run.reportPath),
      };
    });
    const counts = countBySeverity(ovalFindings);
    const findings = toReportFindings(ovalFindings);
    const outcome: TargetOutcome = findings.length > 0 ? 'vulnerable' : 'clean';
    return { report: finish(outcome, { counts, findings }), resultsXml, reportHtml };
  }

  private isWorthPruning(feed: LoadedFeed): boolean {
    return feed.document.definitions.length >= PRUNE_MIN_DEFINITIONS;
  }

  private async inventory(
    target: AcquiredTarget,
    scratch: ScratchRoot,
  ): Promise<InstalledPackage[]> {
    const { dpkgStatus, rpmDbDir } = target.packageDb;
    let packages: InstalledPackage[] = [];
    if (dpkgStatus) packages = parseDpkgStatus(dpkgStatus.toString('utf8'));
    else if (rpmDbDir) {
      const home = await scratch.workDir('rpm-home');
      packages = await listRpmPackages(scratch.resolve(rpmDbDir), home, 60_000);
    } else {
      throw new CodedError('ERR_TARGET_NO_PACKAGE_DB', 'the target has no dpkg or rpm database');
    }
    if (packages.length === 0) {
      throw new CodedError(
        'ERR_TARGET_NO_PACKAGE_DB',
        'the package database lists no installed package',
      );
    }
    return packages;
  }
}
