import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const BIN = fileURLToPath(new URL('../bin/image-scanner.js', import.meta.url));
const DEBIAN11 = fileURLToPath(
  new URL(
    '../../../../shared/data/real/debian/vuls-data-update__oval-definitions-bullseye.xml',
    import.meta.url,
  ),
);

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // No network settings at all: an import must not need any.
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('image-scanner feeds import (the built command)', () => {
  let feedDir: string;

  before(async () => {
    feedDir = await mkdtemp(join(tmpdir(), 'cli-feeds-import-'));
  });

  after(async () => {
    await rm(feedDir, { recursive: true, force: true });
  });

  it('installs a real Debian feed into the folder of its release', async () => {
    const ok = await run(['feeds', 'import', DEBIAN11, '--json'], { FEED_DIR: feedDir });
    expect(ok.code, ok.stderr).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.deep.include({ id: 'debian-11', definitionCount: 4 });
    const files = await readdir(join(feedDir, 'debian', '11'));
    expect(files.filter((f) => f.endsWith('.xml'))).to.have.length(1);
  });

  it('rejects a broken file with exit 4 and leaves the installed feed alone', async () => {
    const before = await readdir(join(feedDir, 'debian', '11'));
    const bad = join(feedDir, '..', `bad-${process.pid}.xml`);
    await writeFile(bad, '<oval_definitions');
    const failed = await run(['feeds', 'import', bad], { FEED_DIR: feedDir });
    await rm(bad, { force: true });
    expect(failed.code).to.equal(4);
    expect(failed.stderr).to.match(/ERR_FEED_INVALID/);
    expect(await readdir(join(feedDir, 'debian', '11'))).to.deep.equal(before);
  });

  it('answers a usage error with exit 2', async () => {
    expect((await run(['feeds', 'import'], { FEED_DIR: feedDir })).code).to.equal(2);
    expect((await run(['feeds', 'import', DEBIAN11], {})).code).to.equal(2);
  });
});
