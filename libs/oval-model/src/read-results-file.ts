import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { validateReferences } from './analyze/validate-references.js';
import type { OvalResultsDocument } from './model/oval-results-document.js';
import { OvalParseError } from './oval-parse-error.js';
import { parseResults } from './parse-results.js';
import { throwIfAborted } from './parse/walk-xml.js';
import { DEFAULT_MAX_BYTES, type ReadOptions } from './read-options.js';

/**
 * Largest results file read whole with `skipDefinitions`, so that its embedded definitions can
 * be cut out before the parse (see cutEmbeddedDefinitions); a bigger one is streamed, which
 * keeps a worker's memory flat on a whole-feed evaluation's results.
 */
const READ_WHOLE_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Reads a results file (plain, .bz2 or .gz); embedded definitions are checked for dangling
 * references unless `allowDanglingReferences` is set.
 */
export async function readResultsFile(
  path: string,
  options: ReadOptions = {},
): Promise<OvalResultsDocument> {
  const document = await parseResults(await openResults(path, options), options);
  if (document.definitions !== undefined && options.allowDanglingReferences !== true) {
    validateReferences(document.definitions);
  }
  return document;
}

async function openResults(
  path: string,
  options: ReadOptions,
): Promise<Buffer | NodeJS.ReadableStream> {
  if (options.skipDefinitions !== true) return createReadStream(path);
  const limit = Math.min(READ_WHOLE_MAX_BYTES, options.maxBytes ?? DEFAULT_MAX_BYTES);
  try {
    const { size } = await stat(path);
    if (size > limit) return createReadStream(path);
    return await readFile(path, options.signal ? { signal: options.signal } : {});
  } catch (err) {
    // The same errors as a streamed read gives, whichever way the file was opened.
    throwIfAborted(options.signal);
    throw new OvalParseError(
      'ERR_OVAL_READ_FAILED',
      'failed to read OVAL input',
      {},
      { cause: err },
    );
  }
}
