import type { OvalResultsDocument } from './model/oval-results-document.js';
import type { OvalInput } from './parse/open-xml-bytes.js';
import { cutEmbeddedDefinitions } from './parse/embedded-definitions-cut.js';
import { ResultsBuilder } from './parse/results-builder.js';
import { runParse } from './parse/run-parse.js';
import { StringPool } from './parse/string-pool.js';
import type { ReadOptions } from './read-options.js';

/**
 * Parses an `oval_results` document (`oscap oval eval --results`, or another interpreter's),
 * including the `oval_definitions` it embeds when present (unless `skipDefinitions`, with
 * which a Buffer's embedded definitions are cut out before the parse instead of walked).
 */
export async function parseResults(
  input: OvalInput,
  options: ReadOptions = {},
): Promise<OvalResultsDocument> {
  const skipDefinitions = options.skipDefinitions === true;
  const builder = new ResultsBuilder(new StringPool(), skipDefinitions);
  const cut = skipDefinitions && Buffer.isBuffer(input) ? cutEmbeddedDefinitions(input) : undefined;
  await runParse(cut ?? input, builder, ['oval_results'], options);
  return builder.finish();
}
