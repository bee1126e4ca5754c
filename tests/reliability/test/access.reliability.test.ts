import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { deriveTestFeeds } from '../../e2e/support/derive-test-feeds.js';
import { ScannerStack } from '../../e2e/support/scanner-stack.js';
import { rawRequest } from '../support/raw-http.js';
import { figure } from '../support/suite-size.js';

const API_TOKEN = 'api-token-7d1e5c0b9a';

describe('access control with auth enabled', function () {
  let workDir: string;
  let stack: ScannerStack;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-access-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: 'redis://127.0.0.1:6379/14',
      env: { api: { API_TOKENS: API_TOKEN } },
    });
  });

  after(async () => {
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  const routes: [string, string][] = [
    ['POST', '/scans'],
    ['GET', '/scans/abcdefghij234567abcd'],
    ['GET', '/scans/abcdefghij234567abcd/report'],
    ['DELETE', '/scans/abcdefghij234567abcd'],
    ['GET', '/no-such-route'],
  ];

  it('refuses every API request without a valid bearer token', async () => {
    let refused = 0;
    for (const [method, path] of routes) {
      const variants: Record<string, string>[] = [
        {},
        { authorization: 'Bearer wrong' },
        { authorization: API_TOKEN },
      ];
      for (const headers of variants) {
        const answer = await rawRequest(stack.apiUrl, method, path, headers);
        expect(answer.status, `${method} ${path} ${JSON.stringify(headers)}`).to.equal(401);
        expect(JSON.parse(answer.body).error.code).to.equal('ERR_UNAUTHORIZED');
        refused += 1;
      }
    }
    figure('unauthorized requests refused', refused);
  });

  it('serves a scan to a client with the token, and no log line holds a token', async () => {
    const response = await fetch(`${stack.apiUrl}/scans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
      body: JSON.stringify({ targets: ['image-scanner-test/debian12:1'] }),
    });
    expect(response.status).to.equal(202);
    const { id } = (await response.json()) as { id: string };
    const deadline = Date.now() + 60_000;
    let status = '';
    while (Date.now() < deadline && status !== 'completed') {
      const answer = await fetch(`${stack.apiUrl}/scans/${id}`, {
        headers: { authorization: `Bearer ${API_TOKEN}` },
      });
      status = ((await answer.json()) as { status: string }).status;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).to.equal('completed');
    const logs = JSON.stringify([
      stack.services.api.logs,
      stack.services.store.logs,
      ...stack.workers.map((w) => w.logs),
    ]);
    expect(logs).to.not.include(API_TOKEN);
    expect(logs).to.not.include('e2e-worker-write-token');
  });

  it('refuses report writes from anyone but the workers, even with the API token', async () => {
    const path = `/reports/abcdefghij234567abcd/image-${'a'.repeat(64)}/report.json`;
    for (const authorization of ['', `Bearer ${API_TOKEN}`, 'Bearer guess']) {
      const answer = await rawRequest(
        stack.storeUrl,
        'PUT',
        path,
        authorization ? { authorization } : {},
        Buffer.from('{}'),
      );
      expect(answer.status).to.equal(401);
    }
    expect((await fetch(`${stack.storeUrl}${path}`)).status).to.equal(404);
  });
});
