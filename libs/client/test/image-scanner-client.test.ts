import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodedError } from '@image-scanner/contracts';
import { expect } from 'chai';
import { ImageScannerClient } from '../src/image-scanner-client.js';

describe('ImageScannerClient', () => {
  let server: Server;
  let port: number;
  const seen: { url: string; auth: string | undefined }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      res.statusCode = 404;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code: 'ERR_TARGET_NOT_FOUND', message: 'no such' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => server.close());

  it('defaults to port 5001 and two parallel scans, and refuses fewer', () => {
    const client = new ImageScannerClient({ host: 'scanner.example' });
    expect(client.baseUrl).to.equal('http://scanner.example:5001');
    expect(client.parallelScans).to.equal(2);
    expect(() => new ImageScannerClient({ host: 'h', parallelScans: 1 })).to.throw(CodedError);
  });

  it("throws the API's code and status, sending the token and encoding names", async () => {
    const client = new ImageScannerClient({ host: '127.0.0.1', port, token: 't0ken' });
    const err = await client.inspectImage('library/debian:12').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(CodedError);
    expect((err as CodedError).code).to.equal('ERR_TARGET_NOT_FOUND');
    expect((err as CodedError).details.status).to.equal(404);
    expect(seen.at(-1)).to.deep.equal({
      url: '/images/library%2Fdebian%3A12',
      auth: 'Bearer t0ken',
    });
  });

  it('says ERR_API_UNREACHABLE when nothing listens', async () => {
    const client = new ImageScannerClient({ host: '127.0.0.1', port: 9, requestTimeoutMs: 2000 });
    const err = await client.ping().catch((e: unknown) => e);
    expect((err as CodedError).code).to.equal('ERR_API_UNREACHABLE');
  });
});
