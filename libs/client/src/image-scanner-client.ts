import { setTimeout as sleep } from 'node:timers/promises';
import {
  CodedError,
  isErrorCode,
  type DockerObject,
  type ScanRequest,
  type ScanStatus,
  type TargetReport,
} from '@image-scanner/contracts';
import type { ScanResult } from './scan-result.js';
import { parseXml, type XmlElement } from './xml-element.js';

/** The original client's minimum (and default) number of parallel scans. */
export const MIN_PARALLEL_SCANS = 2;

export interface ImageScannerClientOptions {
  host: string;
  /** @defaultValue 5001, the original daemon's port */
  port?: number;
  /**
   * How many of this client's targets may be evaluated at once; at least 2.
   * @defaultValue 2
   */
  parallelScans?: number;
  /** Bearer token, when the API requires one. */
  token?: string;
  /** @defaultValue `http` */
  protocol?: 'http' | 'https';
  /** The Docker host to scan, when the API serves several. */
  dockerHost?: string;
  /** @defaultValue 1000 */
  pollIntervalMs?: number;
  /** How long one scan call waits for its scans to finish. @defaultValue 30 minutes */
  scanTimeoutMs?: number;
  /** Time limit of each HTTP request. @defaultValue 60 s */
  requestTimeoutMs?: number;
  /** Called whenever a target of a scan finishes, for progress displays. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * The image-scanner API from TypeScript, with the original Python client's calls in
 * camelCase. Scan calls wait by polling until every target is done, and fail with a
 * CodedError carrying the API's code.
 */
// Known limitation: parallelScans is enforced by running groups of that many targets one
// after the other, so one slow target holds back its group's other slots until it ends.
export class ImageScannerClient {
  readonly baseUrl: string;
  readonly parallelScans: number;

  constructor(private readonly options: ImageScannerClientOptions) {
    const parallel = options.parallelScans ?? MIN_PARALLEL_SCANS;
    if (!Number.isInteger(parallel) || parallel < MIN_PARALLEL_SCANS) {
      throw new CodedError('ERR_VALIDATION', `parallelScans must be an integer >= 2`, {
        field: 'parallelScans',
      });
    }
    this.parallelScans = parallel;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.baseUrl = `${options.protocol ?? 'http'}://${host}:${options.port ?? 5001}`;
  }

  /** Throws unless the API answers and a worker reaches its Docker host. */
  async ping(): Promise<void> {
    await this.request('GET', '/image-scanner/api/ping');
  }

  async listImages(options: { all?: boolean } = {}): Promise<DockerObject[]> {
    const query = this.query({ all: options.all ? 'true' : undefined });
    return (await this.request<{ images: DockerObject[] }>('GET', `/images${query}`)).images;
  }

  async listContainers(options: { onlyActive?: boolean } = {}): Promise<DockerObject[]> {
    const query = this.query({ onlyActive: options.onlyActive ? 'true' : undefined });
    const answer = await this.request<{ containers: DockerObject[] }>('GET', `/containers${query}`);
    return answer.containers;
  }

  /** `docker inspect` of an image by name, tag, id or id prefix. */
  inspectImage(id: string): Promise<DockerObject> {
    return this.request('GET', `/images/${encodeURIComponent(id)}${this.query({})}`);
  }

  /** `docker inspect` of a container by name, id or id prefix. */
  inspectContainer(id: string): Promise<DockerObject> {
    return this.request('GET', `/containers/${encodeURIComponent(id)}${this.query({})}`);
  }

  /** Scans every container, or only the running ones. */
  async scanAllContainers(options: { onlyActive?: boolean } = {}): Promise<ScanResult> {
    const containers = await this.listContainers(options);
    // Containers of one image in one scan share that image's evaluation.
    const ids = containers
      .map((c) => ({ id: String(c.Id), image: String(c.ImageID ?? '') }))
      .sort((a, b) => a.image.localeCompare(b.image))
      .map((c) => c.id);
    return this.scanList(ids);
  }

  /** Scans every image; `all` includes intermediate images. */
  async scanAllImages(options: { all?: boolean } = {}): Promise<ScanResult> {
    const images = await this.listImages(options);
    return this.scanList(images.map((i) => String(i.Id)));
  }

  /**
   * Scans images and containers by name, tag, id or id prefix. The targets are split into
   * scans of at most `parallelScans` targets run one after the other, so no more than that
   * many of this client's targets are ever evaluated at once.
   */
  async scanList(targets: readonly string[]): Promise<ScanResult> {
    if (!Array.isArray(targets)) {
      throw new CodedError('ERR_VALIDATION', 'pass the targets as a list', { field: 'targets' });
    }
    const startedAt = new Date().toISOString();
    const unique = [...new Set(targets)];
    const total = unique.length;
    const scans: ScanStatus[] = [];
    let done = 0;
    for (let i = 0; i < unique.length; i += this.parallelScans) {
      const group = unique.slice(i, i + this.parallelScans);
      const { id } = await this.startScan({ targets: group });
      const status = await this.waitForScan(id, (d) =>
        this.options.onProgress?.({ done: done + d, total }),
      );
      done += group.length;
      scans.push(status);
    }
    this.options.onProgress?.({ done: total, total });
    return {
      dockerHost: scans[0]?.host ?? this.options.dockerHost ?? 'local',
      startedAt,
      finishedAt: new Date().toISOString(),
      scans,
      targets: scans.flatMap((s) => s.targets),
    };
  }

  /** `POST /scans` as it is; most callers want the scan calls above. */
  startScan(request: Omit<ScanRequest, 'host'>): Promise<{ id: string; status: string }> {
    const body = this.options.dockerHost ? { ...request, host: this.options.dockerHost } : request;
    return this.request('POST', '/scans', body);
  }

  getScan(scanId: string): Promise<ScanStatus> {
    return this.request('GET', `/scans/${encodeURIComponent(scanId)}`);
  }

  /** Polls a scan until it is completed, failed or cancelled, or the time limit passes. */
  async waitForScan(scanId: string, onDone?: (done: number) => void): Promise<ScanStatus> {
    const deadline = Date.now() + (this.options.scanTimeoutMs ?? 30 * 60_000);
    for (;;) {
      const status = await this.getScan(scanId);
      onDone?.(status.progress.done);
      if (FINISHED.has(status.status)) return status;
      if (Date.now() > deadline) {
        throw new CodedError('ERR_SCAN_TIMEOUT', `scan ${scanId} is still ${status.status}`, {
          scanId,
        });
      }
      await sleep(this.options.pollIntervalMs ?? 1000);
    }
  }

  /** The full JSON report of every target of a scan result, findings included. */
  async getReports(result: ScanResult): Promise<TargetReport[]> {
    const reports = await Promise.all(
      result.scans.map((scan) =>
        this.request<{ targets: TargetReport[] }>(
          'GET',
          `/scans/${encodeURIComponent(scan.id)}/report`,
        ),
      ),
    );
    return reports.flatMap((r) => r.targets);
  }

  /** A stored report's bytes by URL (a link from a scan's status). */
  async download(url: string): Promise<Buffer> {
    const response = await this.fetch(url, { method: 'GET' });
    if (!response.ok) throw await errorOf(response, url);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Fetches an XML report (oscap's results) by URL and parses it. */
  async getXml(url: string): Promise<XmlElement> {
    const response = await this.fetch(url, { method: 'GET' });
    if (!response.ok) throw await errorOf(response, url);
    return parseXml(await response.text());
  }

  private query(params: Record<string, string | undefined>): string {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
    if (this.options.dockerHost) search.set('host', this.options.dockerHost);
    const text = search.toString();
    return text ? `?${text}` : '';
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    const response = await this.fetch(url, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw await errorOf(response, `${method} ${path}`);
    return (await response.json()) as T;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.options.token) headers.set('authorization', `Bearer ${this.options.token}`);
    const send = (): Promise<Response> =>
      fetch(url, {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 60_000),
      });
    try {
      try {
        return await send();
      } catch (err) {
        // A kept-alive connection the server closed meanwhile fails at once; a GET is safe to
        // send again on a fresh one. A timeout is not retried.
        if (init.method !== 'GET' || (err as Error).name === 'TimeoutError') throw err;
        return await send();
      }
    } catch (err) {
      throw new CodedError(
        'ERR_API_UNREACHABLE',
        `could not reach ${new URL(url).origin}`,
        { url: new URL(url).origin },
        { cause: err },
      );
    }
  }
}

/** The API's coded error as a CodedError; a body without a code keeps the HTTP status. */
async function errorOf(response: Response, what: string): Promise<CodedError> {
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code?: unknown; message?: unknown } } | undefined;
  const code = isErrorCode(body?.error?.code) ? body.error.code : 'ERR_INTERNAL';
  const message = typeof body?.error?.message === 'string' ? body.error.message : 'failed';
  return new CodedError(code, `${what}: ${message}`, { status: response.status });
}
