import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@image-scanner/logging';
import { expect } from 'chai';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/create-app.js';
import { FilesystemReportStore } from '../src/filesystem-report-store.js';

const TOKEN = 'worker-token-for-tests';
const SCAN = 'abcdefghij234567abcd';
const KEY = `image-${'a1'.repeat(32)}`;

/** The parsed body of an answer; tests assert its shape. */
async function json(response: Response): Promise<any> {
  return response.json();
}

describe('report store over HTTP, on a real filesystem', () => {
  let dir: string;
  let server: Server;
  let base: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-store-test-'));
    const config = loadConfig({
      REPORT_STORE_WRITE_TOKEN: TOKEN,
      REPORT_STORE_DIR: dir,
      REPORT_STORE_MAX_UPLOAD_BYTES: String(1024 * 1024),
    });
    const store = new FilesystemReportStore(config.dataDir);
    await store.init();
    const logger = createLogger({ service: 'report-store-test', level: 'silent' });
    server = createApp(config, store, logger).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  function put(
    path: string,
    body: string | Buffer | ReadableStream<Uint8Array>,
    token: string | null = TOKEN,
  ) {
    return fetch(`${base}${path}`, {
      method: 'PUT',
      body,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      duplex: 'half',
    } as RequestInit);
  }

  it('stores a report and serves it back with its content type', async () => {
    const path = `/reports/${SCAN}/${KEY}/results.xml`;
    expect((await put(path, '<oval_results/>')).status).to.equal(201);
    const response = await fetch(`${base}${path}`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^application\/xml/);
    expect(await response.text()).to.equal('<oval_results/>');
  });

  describe('when a writer is not a worker', () => {
    for (const [name, token] of [
      ['no token', null],
      ['a wrong token', 'not-the-token'],
    ] as const) {
      it(`refuses the write with 401 for ${name} and keeps the stored report`, async () => {
        const path = `/reports/${SCAN}/${KEY}/report.json`;
        await put(path, '{"kept":true}');
        const response = await put(path, '{"kept":false}', token);
        expect(response.status).to.equal(401);
        expect((await json(response)).error.code).to.equal('ERR_UNAUTHORIZED');
        expect(await (await fetch(`${base}${path}`)).text()).to.equal('{"kept":true}');
      });
    }
  });

  describe('when a path tries to leave the store', () => {
    const paths = [
      `/reports/..%2F..%2Fetc/${KEY}/results.xml`,
      `/reports/${SCAN}/..%2F..%2F..%2Fetc%2Fpasswd/results.xml`,
      `/reports/${SCAN}/${KEY}/..%2Fresults.xml`,
      `/reports/${SCAN}/${KEY}/passwd`,
      `/reports/${SCAN}/image-${'A'.repeat(64)}/results.xml`,
    ];
    for (const path of paths) {
      it(`answers 400 ERR_INVALID_ID for ${path.slice(0, 60)}`, async () => {
        const read = await fetch(`${base}${path}`);
        expect(read.status).to.equal(400);
        expect((await json(read)).error.code).to.equal('ERR_INVALID_ID');
        expect((await put(path, 'x')).status).to.equal(400);
      });
    }

    it('answers 404 ERR_REPORT_NOT_FOUND for a well-formed path with no report', async () => {
      const response = await fetch(
        `${base}/reports/${SCAN}/${KEY.replace('a1', 'b2')}/report.html`,
      );
      expect(response.status).to.equal(404);
      expect((await json(response)).error.code).to.equal('ERR_REPORT_NOT_FOUND');
    });
  });

  describe('when an upload is too large or breaks off', () => {
    it('answers 413 and leaves neither a partial report nor a temporary file', async () => {
      const path = `/reports/${SCAN}/${KEY}/report.html`;
      const response = await put(path, Buffer.alloc(2 * 1024 * 1024, 0x61));
      expect(response.status).to.equal(413);
      expect((await fetch(`${base}${path}`)).status).to.equal(404);
      const files = await readdir(join(dir, SCAN, KEY));
      expect(files.filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
    });

    it('keeps serving the whole old report while a new one is still arriving', async () => {
      const path = `/reports/${SCAN}/${KEY}/results.xml`;
      await put(path, 'old-complete');
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const slowBody = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode('new-part-1,'));
          await gate;
          controller.enqueue(new TextEncoder().encode('new-part-2'));
          controller.close();
        },
      });
      const upload = put(path, slowBody);
      await sleep(100);
      expect(await (await fetch(`${base}${path}`)).text()).to.equal('old-complete');
      release();
      expect((await upload).status).to.equal(201);
      expect(await (await fetch(`${base}${path}`)).text()).to.equal('new-part-1,new-part-2');
    });
  });
});
