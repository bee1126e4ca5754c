import { createReadStream } from 'node:fs';
import { validateReferences } from './analyze/validate-references.js';
import type { OvalResultsDocument } from './model/oval-results-document.js';
import { parseResults } from './parse-results.js';
import type { ReadOptions } from './read-options.js';

/**
 * Reads a results file (plain, .bz2 or .gz); embedded definitions are checked for dangling
 * references unless `allowDanglingReferences` is set.
 */
export async function readResultsFile(
  path: string,
  options: ReadOptions = {},
): Promise<OvalResultsDocument> {
  const document = await parseResults(createReadStream(path), options);
  if (document.definitions !== undefined && options.allowDanglingReferences !== true) {
    validateReferences(document.definitions);
  }
  return document;
}
