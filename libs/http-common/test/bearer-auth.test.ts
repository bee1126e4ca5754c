import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@image-scanner/logging';
import { expect } from 'chai';
import express from 'express';
import { requireBearerToken } from '../src/bearer-auth.js';
import { errorHandler } from '../src/error-handler.js';

describe('bearer token check', () => {
  let server: Server;
  let url: string;

  before(async () => {
    const app = express();
    app.get('/', requireBearerToken(['right-token', 'second-token']), (_req, res) => {
      res.json({ ok: true });
    });
    app.use(errorHandler(createLogger({ service: 'test', level: 'silent' })));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(() => server.close());

  const cases: { name: string; header?: string; status: number }[] = [
    { name: 'the right token', header: 'Bearer right-token', status: 200 },
    { name: 'any configured token', header: 'Bearer second-token', status: 200 },
    { name: 'no header', status: 401 },
    { name: 'a wrong token', header: 'Bearer wrong-token', status: 401 },
    { name: 'a prefix of the token', header: 'Bearer right', status: 401 },
    { name: 'another scheme', header: 'Basic right-token', status: 401 },
    { name: 'an empty token', header: 'Bearer ', status: 401 },
  ];
  for (const tc of cases) {
    it(`answers ${tc.status} for ${tc.name}`, async () => {
      const response = await fetch(url, { headers: tc.header ? { authorization: tc.header } : {} });
      expect(response.status).to.equal(tc.status);
      if (tc.status === 401) {
        expect(((await response.json()) as any).error.code).to.equal('ERR_UNAUTHORIZED');
      }
    });
  }
});
