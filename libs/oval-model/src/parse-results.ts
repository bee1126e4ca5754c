import type { OvalResultsDocument } from './model/oval-results-document.js';
import type { OvalInput } from './parse/open-xml-bytes.js';
import { ResultsBuilder } from './parse/results-builder.js';
import { runParse } from './parse/run-parse.js';
import { StringPool } from './parse/string-pool.js';
import type { ReadOptions } from './read-options.js';

/**
 * Parses an `oval_results` document (`oscap oval eval --results`, or another interpreter's),
 * including the `oval_definitions` it embeds when present (unless `skipDefinitions`).
 */
export async function parseResults(
  input: OvalInput,
  options: ReadOptions = {},
): Promise<OvalResultsDocument> {
  const builder = new ResultsBuilder(new StringPool(), options.skipDefinitions === true);
  await runParse(input, builder, ['oval_results'], options);
  return builder.finish();
}
