import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CodedError,
  isEvaluationKey,
  isReportFile,
  isScanId,
  type ReportFile,
} from '@image-scanner/contracts';

export interface ReportAddress {
  scanId: string;
  evaluationKey: string;
  file: ReportFile;
}

/** Checks the three path parts against their id shapes; nothing else ever reaches the disk. */
export function parseReportAddress(scanId: string, key: string, file: string): ReportAddress {
  if (!isScanId(scanId) || !isEvaluationKey(key) || !isReportFile(file)) {
    throw new CodedError('ERR_INVALID_ID', 'report path is not scanId/evaluationKey/file', {
      field: 'path',
    });
  }
  return { scanId, evaluationKey: key, file };
}

/**
 * Reports on the local filesystem, one folder per scan and evaluation. Writes go to a
 * temporary file in the same folder, are flushed, then renamed over the final name, so a
 * reader sees the whole old file or the whole new one, never a part.
 */
export class FilesystemReportStore {
  constructor(private readonly root: string) {}

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o750 });
  }

  pathOf(address: ReportAddress): string {
    return join(this.root, address.scanId, address.evaluationKey, address.file);
  }

  async put(address: ReportAddress, body: Readable, maxBytes: number): Promise<number> {
    const dir = join(this.root, address.scanId, address.evaluationKey);
    await mkdir(dir, { recursive: true, mode: 0o750 });
    const temp = join(dir, `.${address.file}.${randomBytes(8).toString('hex')}.tmp`);
    let written = 0;
    body.on('data', (chunk: Buffer) => {
      written += chunk.length;
      if (written > maxBytes) {
        body.destroy(
          new CodedError('ERR_BODY_TOO_LARGE', 'report is larger than the store accepts', {
            limitBytes: maxBytes,
          }),
        );
      }
    });
    try {
      await pipeline(body, createWriteStream(temp, { flags: 'wx', mode: 0o640 }));
      const handle = await open(temp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.pathOf(address));
      return written;
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** Size of a stored report, or undefined when there is none. */
  async sizeOf(address: ReportAddress): Promise<number | undefined> {
    try {
      const info = await stat(this.pathOf(address));
      return info.isFile() ? info.size : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Resolves when the store folder accepts a write. */
  async checkWritable(): Promise<void> {
    const probe = join(this.root, `.ready-${randomBytes(4).toString('hex')}`);
    await (await open(probe, 'wx')).close();
    await rm(probe, { force: true });
  }
}
