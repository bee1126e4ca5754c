import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CodedError, isEvaluationKey, type ReportFile } from '@image-scanner/contracts';

/**
 * Writes a target's reports into `<root>/<evaluationKey>/`, each file atomically (written
 * beside and renamed), so a reader never sees half a report.
 */
export class DirectoryReportSink {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The folder of one evaluation's reports. */
  folderOf(evaluationKey: string): string {
    if (!isEvaluationKey(evaluationKey)) {
      throw new CodedError('ERR_INVALID_ID', 'not an evaluation key', { field: 'evaluationKey' });
    }
    return join(this.root, evaluationKey);
  }

  async put(evaluationKey: string, file: ReportFile, body: Buffer | string): Promise<string> {
    const folder = this.folderOf(evaluationKey);
    await mkdir(folder, { recursive: true });
    const path = join(folder, file);
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, body);
    await rename(partial, path);
    return path;
  }
}
