import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ImageScannerClient, type ScanResult } from '@image-scanner/client';
import { isCodedError, type TargetReport } from '@image-scanner/contracts';
import { readClientProfiles, type ClientProfile } from '../client-profiles.js';
import type { CliConfig } from '../config.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { parseFailOn } from '../fail-on.js';
import {
  formatRemoteHost,
  formatHostsTable,
  type RemoteHostResult,
} from '../output/remote-report.js';
import { ProgressDisplay } from '../output/progress-display.js';
import { exitCodeOf } from '../scan-outcome.js';
import { scanScopeOf, type ScanScope } from '../scan-scope.js';
import { UsageError } from '../usage-error.js';
import { summaryOf } from './scan-command.js';

export const REMOTE_USAGE = `usage: image-scanner remote (--profile NAME ... | --all-profiles) [--config FILE]
                            [--images | --all-images | --containers | --only-active]
                            [--json] [--fail-on SEVERITY]`;

/**
 * `image-scanner remote`, the original `image-scanner-remote`: scans the Docker hosts of
 * the profiles in the client config through their APIs, then prints for each host the time
 * of scan, its images, their base images and containers, and the susceptible advisories by
 * severity; a table across hosts when there are several.
 */
export async function remoteCommand(
  argv: string[],
  config: Readonly<CliConfig>,
): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      profile: { type: 'string', short: 'p', multiple: true },
      'all-profiles': { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      images: { type: 'boolean' },
      'all-images': { type: 'boolean' },
      containers: { type: 'boolean' },
      'only-active': { type: 'boolean' },
      json: { type: 'boolean' },
      'fail-on': { type: 'string' },
    },
  });
  const scope = scanScopeOf(values, { kind: 'images', all: false });
  if (scope.kind === 'list') throw new UsageError('remote scans whole hosts; -s is for scan');
  const failOn = values['fail-on'] === undefined ? undefined : parseFailOn(values['fail-on']);
  if (values['fail-on'] !== undefined && !failOn) {
    throw new UsageError('--fail-on must be one of critical, important, moderate, low, any');
  }
  const path = resolve(values.config ?? config.clientConfigPath);
  const profiles = await readClientProfiles(path).catch((err: unknown) => {
    throw new UsageError((err as Error).message);
  });
  const chosen = chooseProfiles(profiles, values.profile ?? [], values['all-profiles'] ?? false);

  const progress = new ProgressDisplay();
  let finished = 0;
  progress.update(0, chosen.length);
  const hosts = await Promise.all(
    chosen.map(async (profile) => {
      const result = await scanHost(profile, scope, config.token);
      finished += 1;
      progress.update(finished, chosen.length);
      return result;
    }),
  );
  progress.finish();

  const summaries = hosts.flatMap((h) => h.targets.map((t) => t.summary));
  let exitCode = exitCodeOf(summaries, failOn);
  if (hosts.some((h) => h.error)) exitCode = EXIT_CODES.failure;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ hosts, exitCode }, null, 2)}\n`);
    return exitCode;
  }
  for (const host of hosts) process.stdout.write(`${formatRemoteHost(host)}\n`);
  if (hosts.length > 1) process.stdout.write(`${formatHostsTable(hosts)}\n`);
  return exitCode;
}

function chooseProfiles(profiles: ClientProfile[], names: string[], all: boolean): ClientProfile[] {
  if (all === names.length > 0) throw new UsageError('give --profile NAME or --all-profiles');
  if (all) {
    if (profiles.length === 0) throw new UsageError('the client config has no profiles');
    return profiles;
  }
  return names.map((name) => {
    const profile = profiles.find((p) => p.name === name);
    if (!profile) throw new UsageError(`no profile [${name}] in the client config`);
    return profile;
  });
}

async function scanHost(
  profile: ClientProfile,
  scope: ScanScope,
  token: string | undefined,
): Promise<RemoteHostResult> {
  const client = new ImageScannerClient({
    host: profile.host,
    port: profile.port,
    parallelScans: profile.threads,
    ...(token ? { token } : {}),
  });
  const base = { profile: profile.name, api: client.baseUrl };
  try {
    let scanned: ScanResult;
    if (scope.kind === 'images') scanned = await client.scanAllImages({ all: scope.all });
    else if (scope.kind === 'containers') {
      scanned = await client.scanAllContainers({ onlyActive: scope.onlyActive });
    } else scanned = await client.scanList(scope.targets);
    const reports = await client.getReports(scanned);
    const byKey = new Map<string, TargetReport>(reports.map((r) => [r.evaluationKey, r]));
    const targets = await Promise.all(
      scanned.targets.map(async (target) => ({
        summary: summaryOf(target, scanned.targets),
        baseImage:
          target.kind === 'container'
            ? target.imageId
            : await parentOf(client, target.id ?? target.requested),
        findings: (target.evaluationKey && byKey.get(target.evaluationKey)?.findings) || [],
        containers:
          (target.evaluationKey && byKey.get(target.evaluationKey)?.target.containers) || [],
      })),
    );
    return {
      ...base,
      dockerHost: scanned.dockerHost,
      scannedAt: scanned.finishedAt,
      targets,
    };
  } catch (err) {
    const error = isCodedError(err)
      ? err.toJSON()
      : { code: 'ERR_INTERNAL' as const, message: (err as Error).message };
    return { ...base, targets: [], error };
  }
}

/** The image an image was built on, as the Engine records it (empty for pulled images). */
// Known limitation: the base image of an image is the Engine's `Parent`, which images built
// with BuildKit or pulled from a registry do not record, so it prints "(none recorded)".
async function parentOf(client: ImageScannerClient, id: string): Promise<string | undefined> {
  const data = await client.inspectImage(id).catch(() => undefined);
  const parent = data?.Parent;
  return typeof parent === 'string' && parent !== '' ? parent : undefined;
}
