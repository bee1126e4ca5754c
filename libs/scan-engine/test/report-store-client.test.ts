import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { isCodedError } from '@image-scanner/contracts';
import { ReportStoreClient } from '../src/report/report-store-client.js';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Buffer;
  socketPort: number;
}

/** A real HTTP server standing in for the store; `answer` picks each request's status. */
async function startStore(
  answer: (index: number) => number,
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks),
        socketPort: req.socket.remotePort ?? 0,
      });
      res.statusCode = answer(received.length - 1);
      res.end(JSON.stringify({ bytes: Buffer.concat(chunks).length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server };
}

const KEY = `image-${'a'.repeat(64)}`;

describe('uploading reports to the store', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((s) => {
        s.closeAllConnections();
        return new Promise((resolve) => s.close(resolve));
      }),
    );
  });

  it('PUTs the exact bytes with the write token and answers the public link', async () => {
    const store = await startStore(() => 201);
    servers.push(store.server);
    const client = new ReportStoreClient({
      url: store.url,
      publicUrl: 'http://reports.example',
      writeToken: 'secret-token',
    });
    const body = Buffer.from([0, 1, 2, 255, 254, ...Buffer.from('<oval_results/>')]);
    const link = await client.put('scan1234', KEY, 'results.xml', body);
    expect(link).to.equal(`http://reports.example/reports/scan1234/${KEY}/results.xml`);
    expect(store.received).to.have.length(1);
    const [request] = store.received;
    expect(request?.method).to.equal('PUT');
    expect(request?.url).to.equal(`/reports/scan1234/${KEY}/results.xml`);
    expect(request?.authorization).to.equal('Bearer secret-token');
    expect(request?.body.equals(body)).to.equal(true);
  });

  it('keeps one connection open across uploads', async () => {
    const store = await startStore(() => 201);
    servers.push(store.server);
    const client = new ReportStoreClient({ url: store.url, publicUrl: store.url, writeToken: 't' });
    for (const file of ['results.xml', 'report.html', 'report.json'] as const) {
      await client.put('scan1234', KEY, file, Buffer.alloc(300_000, 7));
    }
    const ports = new Set(store.received.map((r) => r.socketPort));
    expect(store.received).to.have.length(3);
    expect(ports.size).to.equal(1);
  });

  it('retries an answer of 5xx and succeeds when the store recovers', async () => {
    const store = await startStore((index) => (index === 0 ? 503 : 201));
    servers.push(store.server);
    const client = new ReportStoreClient({ url: store.url, publicUrl: store.url, writeToken: 't' });
    await client.put('scan1234', KEY, 'report.json', Buffer.from('{}'));
    expect(store.received.map((r) => r.body.toString())).to.deep.equal(['{}', '{}']);
  });

  it('gives up at once on a 4xx answer with ERR_STORE_FAILED', async () => {
    const store = await startStore(() => 401);
    servers.push(store.server);
    const client = new ReportStoreClient({ url: store.url, publicUrl: store.url, writeToken: 't' });
    const err = await client.put('scan1234', KEY, 'report.json', Buffer.from('{}')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCodedError(err) && err.code).to.equal('ERR_STORE_FAILED');
    expect(store.received).to.have.length(1);
  });

  it('fails with ERR_STORE_FAILED after its attempts when nothing listens', async () => {
    const store = await startStore(() => 201);
    const { url } = store;
    await new Promise((resolve) => store.server.close(resolve));
    const client = new ReportStoreClient({ url, publicUrl: url, writeToken: 't', attempts: 2 });
    const err = await client.put('scan1234', KEY, 'report.json', Buffer.from('{}')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCodedError(err) && err.code).to.equal('ERR_STORE_FAILED');
  });
});
