export { readDefinitionsFile } from './read-definitions-file.js';
export { parseDefinitions } from './parse-definitions.js';
export { readResultsFile } from './read-results-file.js';
export { parseResults } from './parse-results.js';
export type { OvalInput } from './parse/open-xml-bytes.js';
// Where the parser finds bzip2; the worker finds its other helper programs the same way.
export { findExecutable } from './parse/find-executable.js';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type ReadOptions } from './read-options.js';
export {
  OvalParseError,
  isOvalParseError,
  type OvalParseErrorCode,
  type OvalParseErrorDetails,
  type XmlPosition,
} from './oval-parse-error.js';

export { validateReferences } from './analyze/validate-references.js';
export { affectedPackages } from './analyze/affected-packages.js';
export { normalizeSeverity } from './analyze/normalize-severity.js';
export { summarizeFindings } from './analyze/summarize-findings.js';
export { countBySeverity } from './analyze/count-by-severity.js';

export type { GeneratorInfo } from './model/generator-info.js';
export type {
  CriteriaNode,
  CriteriaOperator,
  OvalCriteria,
  OvalCriterion,
  OvalExtendDefinition,
} from './model/oval-criteria.js';
export type {
  DefinitionClass,
  FixState,
  OvalDefinition,
  OvalReference,
} from './model/oval-definition.js';
export type { OvalTest } from './model/oval-test.js';
export type { OvalObject } from './model/oval-object.js';
export type { OvalState, OvalStateField } from './model/oval-state.js';
export type { OvalVariable } from './model/oval-variable.js';
export type { OvalDefinitionsDocument } from './model/oval-definitions-document.js';
export type {
  CollectedObject,
  OvalResultsDocument,
  OvalResultValue,
  SystemInfo,
} from './model/oval-results-document.js';
export type { InstalledPackage } from './model/installed-package.js';
export type { AffectedPackage } from './model/affected-package.js';
export type { Finding, FindingPackage } from './model/finding.js';
export { NORMALIZED_SEVERITIES, type NormalizedSeverity } from './model/normalized-severity.js';
