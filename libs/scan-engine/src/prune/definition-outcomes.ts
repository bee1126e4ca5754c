import type {
  CriteriaNode,
  OvalCriteria,
  OvalDefinition,
  OvalDefinitionsDocument,
} from '@image-scanner/oval-model';
import type { Possible } from './test-outcomes.js';

const indexes = new WeakMap<OvalDefinitionsDocument, ReadonlyMap<string, OvalDefinition>>();

/** The feed's definitions by id, built once per parsed feed rather than once per target. */
function definitionsById(document: OvalDefinitionsDocument): ReadonlyMap<string, OvalDefinition> {
  let byId = indexes.get(document);
  if (!byId) {
    byId = new Map(document.definitions.map((d) => [d.id, d]));
    indexes.set(document, byId);
  }
  return byId;
}

// Outcomes as two bits, so the walk over every criterion of a big feed allocates nothing.
const CAN_BE_TRUE = 1;
const CAN_BE_FALSE = 2;
const ANYTHING = CAN_BE_TRUE | CAN_BE_FALSE;

function bitsOf(possible: Possible): number {
  return (possible.canBeTrue ? CAN_BE_TRUE : 0) | (possible.canBeFalse ? CAN_BE_FALSE : 0);
}

/**
 * For each definition, whether it can still come out true, given what is known of its tests
 * (`known`: test id to its possible outcomes; a test not in it may be anything). OVAL's
 * operators are followed for AND and OR; ONE, XOR, applicability checks and cycles are treated
 * as "anything", so the answer errs only towards keeping a definition.
 */
export function definitionsThatCanBeTrue(
  document: OvalDefinitionsDocument,
  known: ReadonlyMap<string, Possible>,
): Set<string> {
  const byId = definitionsById(document);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  const definition = (id: string): number => {
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    const found = byId.get(id);
    if (!found?.criteria || visiting.has(id)) return ANYTHING;
    visiting.add(id);
    const outcome = node(found.criteria);
    visiting.delete(id);
    memo.set(id, outcome);
    return outcome;
  };

  const combine = (criteria: OvalCriteria): number => {
    if (criteria.children.length === 0) return ANYTHING;
    if (criteria.operator === 'AND') {
      // True only if every child can be true; false if any child can be false.
      let outcome = CAN_BE_TRUE;
      for (const child of criteria.children) {
        const bits = node(child);
        if ((bits & CAN_BE_TRUE) === 0) outcome &= ~CAN_BE_TRUE;
        if ((bits & CAN_BE_FALSE) !== 0) outcome |= CAN_BE_FALSE;
      }
      return outcome;
    }
    if (criteria.operator === 'OR') {
      // True if any child can be true; false only if every child can be false.
      let outcome = CAN_BE_FALSE;
      for (const child of criteria.children) {
        const bits = node(child);
        if ((bits & CAN_BE_TRUE) !== 0) outcome |= CAN_BE_TRUE;
        if ((bits & CAN_BE_FALSE) === 0) outcome &= ~CAN_BE_FALSE;
      }
      return outcome;
    }
    return ANYTHING;
  };

  const node = (criteria: CriteriaNode): number => {
    let outcome: number;
    if (criteria.kind === 'criterion') {
      const decided = known.get(criteria.testRef);
      outcome = decided ? bitsOf(decided) : ANYTHING;
    } else if (criteria.kind === 'extend') {
      outcome = criteria.applicabilityCheck ? ANYTHING : definition(criteria.definitionRef);
    } else outcome = combine(criteria);
    if (!criteria.negate) return outcome;
    return ((outcome & CAN_BE_TRUE) << 1) | ((outcome & CAN_BE_FALSE) >> 1);
  };

  const result = new Set<string>();
  for (const d of document.definitions) {
    if ((definition(d.id) & CAN_BE_TRUE) !== 0) result.add(d.id);
  }
  return result;
}
