import type { OvalCriteria } from './oval-criteria.js';

/** `definition/@class`. */
export type DefinitionClass =
  'patch' | 'vulnerability' | 'inventory' | 'compliance' | 'miscellaneous';

/**
 * Whether the vendor ships a fix: `unfixed` means affected with no fixed version yet (or never),
 * `unaffected` means the vendor says its builds are not affected, `unknown` when the feed gives
 * no evidence either way.
 */
export type FixState = 'fixed' | 'unfixed' | 'unaffected' | 'unknown';

/** `metadata/reference`. */
export interface OvalReference {
  source: string;
  refId: string;
  url?: string;
}

/** `oval_definitions/definitions/definition` with its metadata digested. */
export interface OvalDefinition {
  id: string;
  version: string;
  class: DefinitionClass;
  title: string;
  description?: string;
  /** The vendor's own word: Red Hat Critical/Important/Moderate/Low, Ubuntu's priority. */
  severity?: string;
  /** RHSA-…, RHBA-…, RHEA-…, DSA-…, DLA-…, USN-… in document order, deduplicated. */
  advisoryIds: string[];
  /** Every CVE id from references, advisory/cve and the title, deduplicated, document order. */
  cveIds: string[];
  references: OvalReference[];
  affectedFamily?: string;
  affectedPlatforms: string[];
  issued?: string;
  updated?: string;
  fixState: FixState;
  criteria?: OvalCriteria;
}
