import type { GeneratorInfo } from '../model/generator-info.js';
import type { StringPool } from './string-pool.js';

/** Stores one `generator/*` child in `info`; unknown children are ignored. */
export function setGeneratorField(
  info: GeneratorInfo,
  name: string,
  text: string | undefined,
  pool: StringPool,
): void {
  const value = pool.intern(text?.trim());
  if (value === undefined || value === '') return;
  if (name === 'product_name') info.productName = value;
  else if (name === 'product_version') info.productVersion = value;
  else if (name === 'schema_version') info.schemaVersion = value;
  else if (name === 'timestamp') info.timestamp = value;
  else if (name === 'content_version') info.contentVersion = value;
}

export const GENERATOR_FIELDS: ReadonlySet<string> = new Set([
  'product_name',
  'product_version',
  'schema_version',
  'timestamp',
  'content_version',
]);
