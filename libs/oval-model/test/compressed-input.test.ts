import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { parseDefinitions } from '../src/index.js';
import { bunzip2 } from '../src/parse/bunzip2.js';
import { findExecutable } from '../src/parse/find-executable.js';
import { realDataPath } from './real-data.js';

const FEED = 'debian/vuls-data-update__oval-definitions-bullseye.xml';

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('when the input is compressed', () => {
  it('recognises gzip by its magic bytes, in a Buffer or a stream', async () => {
    const gzipped = gzipSync(await readFile(realDataPath(FEED)));
    expect((await parseDefinitions(gzipped)).definitions).to.have.length(4);
    const streamed = await parseDefinitions(
      Readable.from([gzipped.subarray(0, 1), gzipped.subarray(1)]),
    );
    expect(streamed.definitions).to.have.length(4);
  });

  it('rejects corrupt gzip with a read error', async () => {
    const gzipped = gzipSync(await readFile(realDataPath(FEED)));
    const corrupt = Buffer.concat([gzipped.subarray(0, 40), Buffer.alloc(40, 7)]);
    try {
      await parseDefinitions(corrupt);
      expect.fail('corrupt gzip was accepted');
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('ERR_OVAL_READ_FAILED');
    }
  });

  describe('with bzip2', function () {
    const system = findExecutable('bzip2');
    let compressed: Buffer;
    let plain: Buffer;

    before(async function () {
      // The fixture is compressed here, in memory, by the system tool.
      if (system === undefined) this.skip();
      plain = await readFile(realDataPath(FEED));
      compressed = spawnSync(system as string, ['-c'], { input: plain }).stdout;
    });

    it('decompresses with the system bzip2', async () => {
      expect((await collect(bunzip2(Readable.from([compressed])))).equals(plain)).to.equal(true);
    });

    it('decompresses with the pure-JS fallback when no bzip2 binary exists', async () => {
      const output = await collect(bunzip2(Readable.from([compressed]), null));
      expect(output.equals(plain)).to.equal(true);
    });

    it('rejects a corrupt bzip2 file with a read error', async () => {
      const corrupt = Buffer.concat([compressed.subarray(0, 20), Buffer.alloc(200, 1)]);
      try {
        await parseDefinitions(corrupt);
        expect.fail('corrupt bzip2 was accepted');
      } catch (err) {
        expect((err as { code?: string }).code).to.equal('ERR_OVAL_READ_FAILED');
      }
    });
  });
});
