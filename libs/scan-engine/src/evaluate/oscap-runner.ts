import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@image-scanner/contracts';
import type { CpuPinning } from './cpu-pinning.js';
import { runProgram } from './run-program.js';

export interface OscapRunnerOptions {
  /** @defaultValue `oscap` from PATH */
  oscapPath: string;
  timeoutMs: number;
  /** Holds each run to one CPU (see CpuPinning); absent: oscap runs wherever the kernel says. */
  pinning?: CpuPinning;
}

export interface OscapRun {
  resultsPath: string;
  reportPath: string;
  durationMs: number;
  version?: string;
  stderr: string;
}

export interface OscapInputs {
  feedPath: string;
  /** The scratch root holding the target's package databases and release files. */
  rootPath: string;
  /** A private folder for oscap's configuration and outputs. */
  workDir: string;
  /** Where the target keeps its rpm database, when it has one. */
  rpmDbDir?: string;
  /**
   * The feed is a cut of one already validated whole (see `validate`): oscap skips loading the
   * OVAL schemas again, which costs it about 55 ms a run even on a six-definition feed.
   */
  skipValidation?: boolean;
  /** Write oscap's HTML report too. @defaultValue true */
  htmlReport?: boolean;
  signal?: AbortSignal;
}

/**
 * stderr lines with which oscap 1.3.7 says a probe could not read the package database,
 * while still exiting 0 with every definition false. Each one makes the scan an error.
 */
const SILENT_PROBE_FAILURES: readonly { pattern: RegExp; reason: string }[] = [
  {
    pattern: /dpkginfo_init has failed/,
    reason: 'dpkginfo probe could not open the dpkg database',
  },
  {
    pattern: /Error reading the CPU table/,
    reason: 'dpkginfo probe could not read dpkg CPU tables',
  },
  {
    pattern: /Failed to open shell expansion pipe/,
    reason: 'rpm could not compute its database path',
  },
  {
    pattern: /rpmdb(Open|Init)|error: cannot open Packages/i,
    reason: 'rpm could not open its database',
  },
];

/**
 * Runs `oscap oval eval` against a scratch root with the environment that avoids oscap's
 * silent traps: an apt configuration that ignores the host's (dpkginfo builds an apt cache
 * from it), and an rpm macro file that names the database path outright (otherwise rpm
 * runs a shell inside the scanned root to find it).
 */
export class OscapRunner {
  constructor(private readonly options: OscapRunnerOptions) {}

  async evaluate(inputs: OscapInputs): Promise<OscapRun> {
    const env = await this.prepareEnvironment(inputs);
    const resultsPath = join(inputs.workDir, 'results.xml');
    const reportPath = join(inputs.workDir, 'report.html');
    const args = [
      'oval',
      'eval',
      ...(inputs.skipValidation === true ? ['--skip-valid'] : []),
      '--results',
      resultsPath,
      ...(inputs.htmlReport === false ? [] : ['--report', reportPath]),
      inputs.feedPath,
    ];
    const run = await this.run(args, env, inputs.workDir, inputs.signal);
    const stderr = run.stderr.trim();
    if (run.exitCode !== 0) {
      throw new CodedError('ERR_OSCAP_FAILED', `oscap failed: ${lastLine(stderr)}`, {
        exitCode: run.exitCode ?? undefined,
        signal: run.signal ?? undefined,
      });
    }
    const silentFailure = findSilentProbeFailure(stderr);
    if (silentFailure) {
      throw new CodedError('ERR_OSCAP_PROBE_FAILED', silentFailure, { stderr: lastLine(stderr) });
    }
    return { resultsPath, reportPath, durationMs: run.durationMs, stderr };
  }

  /**
   * Checks a whole feed against the OVAL schemas of the version it declares, as `oval eval`
   * would; throws ERR_FEED_INVALID when it does not conform. Doing it once per feed lets every
   * scan's run on a cut of that feed skip it.
   */
  async validate(feedPath: string, workDir: string, signal?: AbortSignal): Promise<void> {
    const env = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      LANG: 'C.UTF-8',
      HOME: workDir,
      TMPDIR: workDir,
    };
    // Schematron rules are left out: on the 50 MB RHEL 7 stream they ran for over ten minutes,
    // and `oval eval` does not apply them either.
    const args = ['oval', 'validate', '--skip-schematron', feedPath];
    const run = await this.run(args, env, workDir, signal);
    if (run.exitCode !== 0) {
      throw new CodedError('ERR_FEED_INVALID', `the feed does not conform to the OVAL schema`, {
        reason: lastLine(run.stderr.trim() || run.stdout.trim()),
      });
    }
  }

  private async run(
    args: string[],
    env: NodeJS.ProcessEnv,
    cwd: string,
    signal: AbortSignal | undefined,
  ): Promise<Awaited<ReturnType<typeof runProgram>>> {
    const command = this.options.pinning?.command(this.options.oscapPath, args);
    const run = await runProgram(command?.file ?? this.options.oscapPath, command?.args ?? args, {
      env,
      timeoutMs: this.options.timeoutMs,
      cwd,
      ...(signal ? { signal } : {}),
    })
      .catch((err: unknown) => {
        throw new CodedError('ERR_OSCAP_FAILED', 'oscap could not be started', {}, { cause: err });
      })
      .finally(() => command?.release());
    if (run.timedOut) {
      throw new CodedError('ERR_OSCAP_TIMEOUT', 'oscap did not finish in time', {
        timeoutMs: this.options.timeoutMs,
      });
    }
    return run;
  }

  private async prepareEnvironment(inputs: OscapInputs): Promise<NodeJS.ProcessEnv> {
    const emptyDir = join(inputs.workDir, 'apt-parts');
    const aptConfig = join(inputs.workDir, 'apt.conf');
    await mkdir(emptyDir, { recursive: true });
    await writeFile(
      aptConfig,
      [
        `Dir::Etc::main "/dev/null";`,
        `Dir::Etc::parts "${emptyDir}";`,
        `Dir::Cache "${join(inputs.workDir, 'apt-cache')}";`,
        `Dir::State "${join(inputs.workDir, 'apt-state')}";`,
        '',
      ].join('\n'),
    );
    await writeFile(
      join(inputs.workDir, '.rpmmacros'),
      `%_dbpath ${inputs.rpmDbDir ?? '/var/lib/rpm'}\n`,
    );
    // A minimal environment: the worker's own variables (tokens among them) never reach oscap.
    return {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      LANG: 'C.UTF-8',
      OSCAP_PROBE_ROOT: inputs.rootPath,
      APT_CONFIG: aptConfig,
      HOME: inputs.workDir,
      TMPDIR: inputs.workDir,
    };
  }
}

/** The reason a probe silently failed, read from oscap's stderr, or undefined. */
export function findSilentProbeFailure(stderr: string): string | undefined {
  return SILENT_PROBE_FAILURES.find((failure) => failure.pattern.test(stderr))?.reason;
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
