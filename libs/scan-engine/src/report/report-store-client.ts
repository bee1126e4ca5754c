import { setTimeout as sleep } from 'node:timers/promises';
import { CodedError, type ReportFile } from '@image-scanner/contracts';
import { putBuffer } from './buffer-upload.js';

export interface ReportStoreClientOptions {
  /** Base URL the worker uploads to. */
  url: string;
  /** Base URL clients are given in links; the same as `url` unless a proxy sits in front. */
  publicUrl: string;
  writeToken: string;
  /** @defaultValue 4 */
  attempts?: number;
}

/** Uploads reports to the report store, retrying refused connections and 5xx answers. */
export class ReportStoreClient {
  constructor(private readonly options: ReportStoreClientOptions) {}

  linkOf(scanId: string, evaluationKey: string, file: ReportFile): string {
    return `${this.options.publicUrl}/reports/${scanId}/${evaluationKey}/${file}`;
  }

  async put(
    scanId: string,
    evaluationKey: string,
    file: ReportFile,
    body: Buffer,
  ): Promise<string> {
    const url = `${this.options.url}/reports/${scanId}/${evaluationKey}/${file}`;
    const attempts = this.options.attempts ?? 4;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const status = await putBuffer(
          url,
          body,
          {
            authorization: `Bearer ${this.options.writeToken}`,
            'content-type': 'application/octet-stream',
          },
          60_000,
        );
        if (status >= 200 && status < 300) return this.linkOf(scanId, evaluationKey, file);
        lastError = new Error(`report store answered ${status}`);
        if (status < 500) break;
      } catch (err) {
        lastError = err;
      }
      if (attempt < attempts) await sleep(250 * 2 ** attempt);
    }
    throw new CodedError(
      'ERR_STORE_FAILED',
      `could not upload ${file}`,
      { file },
      {
        cause: lastError,
      },
    );
  }
}
