import type { OvalDefinitionsDocument } from './model/oval-definitions-document.js';
import { DefinitionsBuilder } from './parse/definitions-builder.js';
import type { OvalInput } from './parse/open-xml-bytes.js';
import { runParse } from './parse/run-parse.js';
import { StringPool } from './parse/string-pool.js';
import type { ReadOptions } from './read-options.js';

/**
 * Parses an `oval_definitions` document (a vendor feed) from text, bytes or a stream; bzip2
 * and gzip input is recognised and decompressed. References are not checked here: call
 * `validateReferences`, or use `readDefinitionsFile`, which does.
 */
export async function parseDefinitions(
  input: OvalInput,
  options: ReadOptions = {},
): Promise<OvalDefinitionsDocument> {
  const builder = new DefinitionsBuilder(new StringPool());
  await runParse(input, builder, ['oval_definitions'], options);
  return builder.finish();
}
