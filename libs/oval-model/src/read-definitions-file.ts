import { createReadStream } from 'node:fs';
import { validateReferences } from './analyze/validate-references.js';
import type { OvalDefinitionsDocument } from './model/oval-definitions-document.js';
import { parseDefinitions } from './parse-definitions.js';
import type { ReadOptions } from './read-options.js';

/**
 * Reads a feed file (plain, .bz2 or .gz) and checks that every reference resolves, unless
 * `allowDanglingReferences` is set.
 */
export async function readDefinitionsFile(
  path: string,
  options: ReadOptions = {},
): Promise<OvalDefinitionsDocument> {
  const document = await parseDefinitions(createReadStream(path), options);
  if (options.allowDanglingReferences !== true) validateReferences(document);
  return document;
}
