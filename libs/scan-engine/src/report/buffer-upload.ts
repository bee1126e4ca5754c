import http from 'node:http';
import https from 'node:https';

/**
 * One keep-alive agent per protocol for the worker's whole life: every upload reuses an open
 * connection to the store instead of opening one per report.
 */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

/**
 * PUTs a buffer and resolves with the answer's status code; the answer's body is read and
 * dropped. Uses node:http rather than fetch: measured against the report store, a worker spent
 * 5 ms of CPU on fetch's streams per target's three uploads, and 2 ms this way.
 */
export function putBuffer(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<number> {
  const target = new URL(url);
  const protocol = target.protocol === 'https:' ? 'https:' : 'http:';
  const request = protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'PUT',
        agent: AGENTS[protocol],
        headers: { ...headers, 'content-length': String(body.length) },
        timeout: timeoutMs,
      },
      (res) => {
        res.on('error', reject);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
