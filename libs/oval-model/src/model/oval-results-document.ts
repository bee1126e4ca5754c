import type { GeneratorInfo } from './generator-info.js';
import type { InstalledPackage } from './installed-package.js';
import type { OvalDefinitionsDocument } from './oval-definitions-document.js';

/** `@result` of a definition, test or criterion in `oval_results`. */
export type OvalResultValue =
  'true' | 'false' | 'unknown' | 'error' | 'not evaluated' | 'not applicable';

/** `oval_system_characteristics/collected_objects/object`. */
export interface CollectedObject {
  id: string;
  /** `complete`, `does not exist`, `not collected`, `error`, … */
  flag: string;
  itemRefs: string[];
  messages: string[];
}

/** `oval_system_characteristics/system_info`. */
export interface SystemInfo {
  osName?: string;
  osVersion?: string;
  architecture?: string;
  hostName?: string;
}

/** `oval_results`: what oscap (or another interpreter) wrote after evaluating a feed. */
export interface OvalResultsDocument {
  generator: GeneratorInfo;
  definitionResults: Map<string, OvalResultValue>;
  testResults: Map<string, OvalResultValue>;
  collectedObjects: CollectedObject[];
  /** rpminfo_item / dpkginfo_item entries with status `exists`. */
  packages: InstalledPackage[];
  /** Every item in system_data, whatever its kind or status. */
  itemCount: number;
  system?: SystemInfo;
  /** The `oval_definitions` oscap embeds with `--results`, when present. */
  definitions?: OvalDefinitionsDocument;
}
