import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanStatus } from '@image-scanner/contracts';
import { expect } from 'chai';
import { loadConfig } from '../src/config.js';
import { toLegacyResults } from '../src/legacy-results.js';
import { parseLegacyScanRequest } from '../src/legacy-scan-request.js';

describe('the legacy API shapes', () => {
  it("turns each of the original client's scan bodies into a scan request", () => {
    const parse = (body: unknown) => parseLegacyScanRequest(body, 'local');
    expect(parse({ scan: ['a', 'b1c2'], number: 3 })).to.deep.equal({
      targets: ['a', 'b1c2'],
      host: 'local',
    });
    expect(parse({ onlyactive: true, number: 2 })).to.deep.include({
      containers: { onlyActive: true },
    });
    expect(parse({ allcontainers: true })).to.deep.include({ containers: { onlyActive: false } });
    expect(parse({ images: true })).to.deep.include({ images: { all: false } });
    expect(parse({ allimages: true })).to.deep.include({ images: { all: true } });
    expect(parse({ scan_type: 'allimages' })).to.deep.include({ images: { all: true } });
    expect(parse({ scan_type: 'list', scan: ['x'] })).to.deep.include({ targets: ['x'] });
    expect(() => parse({ number: 2 })).to.throw(/scan_type/);
    expect(() => parse({ scan: [1] })).to.throw(/scan/);
  });

  it('answers results keyed by id with counts, os, cids and report links', () => {
    const status = {
      targets: [
        {
          requested: 'rhel',
          kind: 'image',
          id: 'sha256:aa',
          names: [],
          imageId: 'sha256:aa',
          evaluationKey: 'image-aa',
          sharedEvaluation: false,
          state: 'done',
          os: {
            distro: 'rhel',
            version: '7.9',
            release: '7',
            prettyName: 'RHEL 7.9',
            evidence: [],
          },
          outcome: 'vulnerable',
          counts: { critical: 1, high: 2, medium: 0, low: 4, negligible: 0, unknown: 0 },
          reports: { xml: 'x', html: 'h', json: 'j' },
        },
      ],
    } as unknown as ScanStatus;
    const results = toLegacyResults(status, (key, file) => `/r/${key}/${file}`, [
      { id: 'c0ffee0123456789', imageId: 'sha256:aa' },
      { id: 'other', imageId: 'sha256:bb' },
    ]);
    expect(results['sha256:aa']).to.deep.include({
      Critical: 1,
      Important: 2,
      Moderate: 0,
      Low: 4,
      os: 'RHEL 7.9',
      cids: ['c0ffee012345'],
      xml_url: '/r/image-aa/results.xml',
      http_url: '/r/image-aa/report.html',
    });
  });

  it('reads image-scanner.conf, with the environment overriding it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'api-conf-'));
    try {
      const path = join(dir, 'image-scanner.conf');
      await writeFile(path, '[main]\nport = 5010\nhostip = 0.0.0.0\ndockerhost = build-host\n');
      const fromFile = loadConfig({ IMAGE_SCANNER_CONF: path });
      expect(fromFile).to.include({ port: 5010, host: '0.0.0.0' });
      expect(fromFile.dockerHosts).to.deep.equal(['build-host']);
      const overridden = loadConfig({ IMAGE_SCANNER_CONF: path, API_PORT: '6000' });
      expect(overridden.port).to.equal(6000);
      // The original's socket URL is the worker's business; the API keeps its default host.
      await writeFile(path, '[main]\ndockerhost = unix://var/run/docker.sock\n');
      expect(loadConfig({ IMAGE_SCANNER_CONF: path }).dockerHosts).to.deep.equal(['local']);
      expect(loadConfig({ IMAGE_SCANNER_CONF: join(dir, 'absent.conf') }).port).to.equal(5001);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
