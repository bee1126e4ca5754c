/** `criteria/@operator`. */
export type CriteriaOperator = 'AND' | 'OR' | 'ONE' | 'XOR';

/** `definition/criteria` and every nested `criteria`. */
export interface OvalCriteria {
  kind: 'criteria';
  operator: CriteriaOperator;
  negate: boolean;
  comment?: string;
  children: CriteriaNode[];
}

/** `criteria/criterion`: one test. */
export interface OvalCriterion {
  kind: 'criterion';
  testRef: string;
  negate: boolean;
  comment?: string;
}

/** `criteria/extend_definition`: another definition's result, e.g. "Ubuntu jammy is installed". */
export interface OvalExtendDefinition {
  kind: 'extend';
  definitionRef: string;
  negate: boolean;
  comment?: string;
  applicabilityCheck: boolean;
}

export type CriteriaNode = OvalCriteria | OvalCriterion | OvalExtendDefinition;
