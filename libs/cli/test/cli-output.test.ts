import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptySeverityCounts } from '@image-scanner/contracts';
import { expect } from 'chai';
import { readClientProfiles } from '../src/client-profiles.js';
import { parseFailOn, reachesThreshold } from '../src/fail-on.js';
import { formatHostsTable } from '../src/output/remote-report.js';
import { formatSummaryBlock } from '../src/output/summary-block.js';
import { exitCodeOf } from '../src/scan-outcome.js';
import { scanScopeOf } from '../src/scan-scope.js';
import type { TargetSummary } from '../src/target-summary.js';

const vulnerable: TargetSummary = {
  requested: 'rhel:7',
  kind: 'image',
  id: 'sha256:abc',
  names: ['rhel:7'],
  os: 'Red Hat Enterprise Linux Server 7.9 (Maipo)',
  containers: ['0123456789ab'],
  outcome: 'vulnerable',
  counts: { ...emptySeverityCounts(), high: 1, medium: 3, low: 6 },
  reportDir: '/r/image-abc',
};

describe('the CLI pieces', () => {
  it('prints the original summary block', () => {
    expect(formatSummaryBlock(vulnerable)).to.equal(
      [
        '     Image: sha256:abc',
        '     Names: rhel:7',
        '     OS: Red Hat Enterprise Linux Server 7.9 (Maipo)',
        '     Containers affected (1): 0123456789ab',
        '     Results: Critical(0) Important(1) Moderate(3) Low(6)',
        '     Reports: /r/image-abc',
      ].join('\n'),
    );
  });

  it('maps --fail-on words to the normalized scale and compares', () => {
    expect(parseFailOn('Important')).to.equal('high');
    expect(parseFailOn('severe')).to.equal(undefined);
    expect(reachesThreshold(vulnerable.counts!, 'high')).to.equal(true);
    expect(reachesThreshold(vulnerable.counts!, 'critical')).to.equal(false);
    expect(reachesThreshold({ ...emptySeverityCounts(), unknown: 1 }, 'low')).to.equal(false);
    expect(reachesThreshold({ ...emptySeverityCounts(), unknown: 1 }, 'unknown')).to.equal(true);
  });

  it('exits 3 when a target was not scanned, before looking at findings', () => {
    const unsupported: TargetSummary = { ...vulnerable, outcome: 'unsupported' };
    expect(exitCodeOf([vulnerable], 'high')).to.equal(1);
    expect(exitCodeOf([vulnerable], 'critical')).to.equal(0);
    expect(exitCodeOf([vulnerable, unsupported], 'high')).to.equal(3);
  });

  it('takes exactly one scope', () => {
    expect(scanScopeOf({ scan: ['a', 'b'] })).to.deep.equal({ kind: 'list', targets: ['a', 'b'] });
    expect(scanScopeOf({ 'only-active': true })).to.deep.equal({
      kind: 'containers',
      onlyActive: true,
    });
    expect(() => scanScopeOf({ images: true, containers: true })).to.throw(/only one/);
    expect(() => scanScopeOf({})).to.throw(/give one of/);
  });

  it('reads client profiles in the original INI shape', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-profiles-'));
    try {
      const path = join(dir, 'client.conf');
      await writeFile(path, '[a]\nhost = h1\nport = 5002\nthreads = 4\n[b]\nhostname: h2\n');
      expect(await readClientProfiles(path)).to.deep.equal([
        { name: 'a', host: 'h1', port: 5002, threads: 4 },
        { name: 'b', host: 'h2', port: 5001, threads: 2 },
      ]);
      await writeFile(path, '[a]\nhost = h\nthreads = 1\n');
      await readClientProfiles(path).then(
        () => expect.fail('threads 1 accepted'),
        (err: Error) => expect(err.message).to.match(/threads/),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints one table row per host', () => {
    const table = formatHostsTable([
      {
        profile: 'lab',
        api: 'http://h:5001',
        dockerHost: 'local',
        targets: [{ summary: vulnerable, containers: [], findings: [] }],
      },
      {
        profile: 'down',
        api: 'http://d:5001',
        targets: [],
        error: { code: 'ERR_API_UNREACHABLE', message: 'x' },
      },
    ]);
    expect(table.split('\n')).to.deep.equal([
      'PROFILE  DOCKER HOST                 TARGETS  CRITICAL  IMPORTANT  MODERATE  LOW  UNRATED',
      'lab      local                       1        0         1          3         6    0',
      'down     error: ERR_API_UNREACHABLE  -        -         -          -         -    -',
    ]);
  });
});
