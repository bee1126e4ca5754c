import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '@image-scanner/logging';
import { expect } from 'chai';
import { FeedValidations } from '../src/evaluate/feed-validations.js';
import { OscapRunner } from '../src/evaluate/oscap-runner.js';
import type { LoadedFeed } from '../src/feeds/loaded-feed.js';
import { tinyFeed } from './support/tiny-feed.js';

const oscap = new OscapRunner({ oscapPath: 'oscap', timeoutMs: 120_000 });

/** Only the fields a validation reads; the rest of a loaded feed plays no part here. */
function feedAt(path: string, digest: string): LoadedFeed {
  return { path, provenance: { source: path, digest, definitionCount: 1 } } as LoadedFeed;
}

describe('checking each feed against the OVAL schemas once (real oscap)', function () {
  this.timeout(60_000);
  const dir = join(process.env.TMPDIR ?? '/tmp', `feed-validations-${process.pid}`);
  const logger = createLogger({ service: 'test', level: 'silent' });
  let valid: LoadedFeed;
  let invalid: LoadedFeed;

  before(async () => {
    await mkdir(dir, { recursive: true });
    const definitions = [{ id: 1, packageName: 'bash', lessThan: '99:0' }];
    await writeFile(join(dir, 'valid.xml'), tinyFeed('dpkg', definitions));
    // debian_evr_string is not in schema 5.11: oscap 1.3.7 rejects such a feed (trap 5).
    await writeFile(join(dir, 'invalid.xml'), tinyFeed('dpkg', definitions, '5.11'));
    valid = feedAt(join(dir, 'valid.xml'), 'sha256:valid');
    invalid = feedAt(join(dir, 'invalid.xml'), 'sha256:invalid');
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says a conforming feed is valid, after checking it in the background', async () => {
    const validations = new FeedValidations(oscap, join(dir, 'work'), logger);
    expect(validations.isValid(valid)).to.equal(false);
    expect(await validations.check(valid)).to.equal('valid');
    expect(validations.isValid(valid)).to.equal(true);
  });

  it('never says a feed that breaks its schema is valid, so its runs keep the check', async () => {
    const validations = new FeedValidations(oscap, join(dir, 'work'), logger);
    expect(await validations.check(invalid)).to.equal('invalid');
    expect(validations.isValid(invalid)).to.equal(false);
  });

  it('really skips the check when told to, which is why only valid feeds are run so', async () => {
    const root = join(dir, 'root');
    await mkdir(join(root, 'var/lib/dpkg'), { recursive: true });
    await mkdir(join(root, 'usr/share/dpkg'), { recursive: true });
    await writeFile(join(root, 'var/lib/dpkg/status'), '');
    const run = (skipValidation: boolean, name: string) =>
      mkdir(join(dir, name), { recursive: true }).then(() =>
        oscap.evaluate({
          feedPath: invalid.path,
          rootPath: root,
          workDir: join(dir, name),
          skipValidation,
          htmlReport: false,
        }),
      );
    const checked = await run(false, 'checked').then(
      () => 'ran',
      (err: { code?: string }) => err.code,
    );
    expect(checked).to.equal('ERR_OSCAP_FAILED');
    const unchecked = await run(true, 'unchecked').then(
      () => 'ran',
      (err: { code?: string }) => err.code,
    );
    expect(unchecked).to.not.equal('ERR_OSCAP_FAILED');
  });
});
