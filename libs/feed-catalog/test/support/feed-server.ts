import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one path. */
export interface ServedFile {
  body: Buffer;
  etag: string;
  lastModified: string;
  /** Send only this many bytes, then end the response (a cut download). */
  truncateAt?: number;
  /** Answer this many requests with 500 first (a flaky mirror). */
  failFirst?: number;
}

/** A mirror on 127.0.0.1 (port 0) serving files by path, honouring conditional requests. */
export class FeedServer {
  readonly files = new Map<string, ServedFile>();
  readonly requests: { path: string; ifNoneMatch?: string; status: number }[] = [];
  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FeedServer> {
    const ref: { self?: FeedServer } = {};
    const server = createServer((req, res) => ref.self?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    ref.self = new FeedServer(server, `http://127.0.0.1:${port}/mirror`);
    return ref.self;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').replace(/^\/mirror\//, '');
    const file = this.files.get(path);
    const ifNoneMatch = req.headers['if-none-match'];
    const record = (status: number): void => {
      this.requests.push({ path, status, ...(ifNoneMatch ? { ifNoneMatch } : {}) });
    };
    if (!file) {
      record(404);
      res.writeHead(404).end();
      return;
    }
    if (file.failFirst && file.failFirst > 0) {
      file.failFirst -= 1;
      record(500);
      res.writeHead(500).end();
      return;
    }
    if (ifNoneMatch === file.etag) {
      record(304);
      res.writeHead(304, { etag: file.etag }).end();
      return;
    }
    record(200);
    const headers = { etag: file.etag, 'last-modified': file.lastModified };
    if (file.truncateAt !== undefined) {
      // No content-length: only the verification can tell this body is incomplete.
      res.writeHead(200, headers);
      res.end(file.body.subarray(0, file.truncateAt));
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(file.body.length) });
    res.end(file.body);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
