import type { OvalCriteria } from '../model/oval-criteria.js';
import type { DefinitionClass, OvalReference } from '../model/oval-definition.js';

/** A definition while its element is open; becomes an OvalDefinition when it closes. */
export interface DefinitionDraft {
  id: string;
  version: string;
  class: DefinitionClass;
  title: string;
  description?: string;
  severity?: string;
  references: OvalReference[];
  /** `advisory/cve` texts. */
  advisoryCves: string[];
  /** Debian's `metadata/debian/dsa`. */
  debianAdvisories: string[];
  affectedFamily?: string;
  affectedPlatforms: string[];
  issued?: string;
  updated?: string;
  /** Red Hat v2 `advisory/affected/resolution/@state`, e.g. "Will not fix". */
  resolutionStates: string[];
  criteria?: OvalCriteria;
  /** Open criteria, innermost last. */
  criteriaStack: OvalCriteria[];
}

export function newDefinitionDraft(attributes: Readonly<Record<string, string>>): DefinitionDraft {
  return {
    id: attributes['id'] ?? '',
    version: attributes['version'] ?? '',
    class: toDefinitionClass(attributes['class']),
    title: '',
    references: [],
    advisoryCves: [],
    debianAdvisories: [],
    affectedPlatforms: [],
    resolutionStates: [],
    criteriaStack: [],
  };
}

const CLASSES: readonly DefinitionClass[] = [
  'patch',
  'vulnerability',
  'inventory',
  'compliance',
  'miscellaneous',
];

function toDefinitionClass(value: string | undefined): DefinitionClass {
  return CLASSES.find((c) => c === value) ?? 'miscellaneous';
}
