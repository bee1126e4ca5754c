import type { DefinitionClass, FixState, OvalReference } from './oval-definition.js';
import type { NormalizedSeverity } from './normalized-severity.js';

/** An affected package of a finding, with what is installed and what fixes it. */
export interface FindingPackage {
  name: string;
  /** EVR from the system characteristics, when the interpreter collected it. */
  installedVersion?: string;
  fixedVersion?: string;
}

/** A patch or vulnerability definition that evaluated `true` on a target. */
export interface Finding {
  definitionId: string;
  /** First advisory id, else first CVE id, else the definition id. */
  advisoryId: string;
  title: string;
  class: DefinitionClass;
  severity: { vendor?: string; normalized: NormalizedSeverity };
  cveIds: string[];
  references: OvalReference[];
  fixState: FixState;
  packages: FindingPackage[];
}
