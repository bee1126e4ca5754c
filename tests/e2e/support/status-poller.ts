import http from 'node:http';

/**
 * GETs JSON over one kept-alive connection. The benchmark polls a scan's status up to 50 times
 * a second near its end; with fetch the polling process spent about 1 ms of CPU a poll
 * (measured), taken from the services being timed on the same two cores.
 */
export class StatusPoller {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  getJson<T>(url: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = http.get(url, { agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new Error(`GET ${url} answered ${res.statusCode}: ${text.slice(0, 200)}`));
            return;
          }
          resolve(JSON.parse(text) as T);
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url}: no answer in 30 s`)));
      req.on('error', reject);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
