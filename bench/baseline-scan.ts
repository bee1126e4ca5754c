import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readResultsFile, summarizeFindings } from '@image-scanner/oval-model';
import { readDefinitionsFile } from '@image-scanner/oval-model';

export interface BaselineRun {
  totalMs: number;
  phasesMs: { export: number; evaluate: number; parse: number };
  /** Ids of the patch/vulnerability definitions found true. */
  findings: string[];
}

/**
 * What oscap-docker-style peers do for every target: export the whole filesystem, untar it to
 * disk, run `oscap oval eval` on the whole feed (with the APT_CONFIG and .rpmmacros fixes that
 * keep oscap 1.3.7 from silently reporting nothing), and parse the results in full.
 */
export async function baselineScan(
  target: { kind: 'image' | 'container'; id: string },
  feedPath: string,
  workParent: string,
): Promise<BaselineRun> {
  const work = await mkdtemp(join(workParent, 'baseline-'));
  const root = join(work, 'root');
  await mkdir(root);
  try {
    const started = performance.now();
    let container = target.id;
    if (target.kind === 'image') {
      container = (await run('docker', ['create', target.id, '/never-run'])).trim();
    }
    try {
      await runPipe(['docker', 'export', container], ['tar', '-x', '-C', root]);
    } finally {
      if (target.kind === 'image') await run('docker', ['rm', '-f', container]);
    }
    const exported = performance.now();
    await mkdir(join(work, 'apt-parts'));
    await writeFile(
      join(work, 'apt.conf'),
      `Dir::Etc::main "/dev/null";\nDir::Etc::parts "${join(work, 'apt-parts')}";\n` +
        `Dir::Cache "${join(work, 'apt-cache')}";\nDir::State "${join(work, 'apt-state')}";\n`,
    );
    await writeFile(join(work, '.rpmmacros'), '%_dbpath /var/lib/rpm\n');
    const results = join(work, 'results.xml');
    await run('oscap', ['oval', 'eval', '--results', results, feedPath], {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      OSCAP_PROBE_ROOT: root,
      APT_CONFIG: join(work, 'apt.conf'),
      HOME: work,
    });
    const evaluated = performance.now();
    const parsed = await readResultsFile(results);
    const definitions = parsed.definitions ?? (await readDefinitionsFile(feedPath));
    const findings = summarizeFindings(definitions, parsed).map((f) => f.definitionId);
    const parsedAt = performance.now();
    return {
      totalMs: parsedAt - started,
      phasesMs: {
        export: exported - started,
        evaluate: evaluated - exported,
        parse: parsedAt - evaluated,
      },
      findings: findings.sort(),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
      ...(env ? { env } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err}`)),
    );
  });
}

function runPipe(from: string[], to: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const a = spawn(from[0] as string, from.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    const b = spawn(to[0] as string, to.slice(1), { stdio: ['pipe', 'ignore', 'inherit'] });
    a.stdout.pipe(b.stdin);
    a.on('error', reject);
    b.on('error', reject);
    b.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code}`))));
  });
}
