import type { CriteriaNode, OvalDefinitionsDocument } from '@image-scanner/oval-model';
import { EITHER, type Possible } from './test-outcomes.js';

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
  const byId = new Map(document.definitions.map((d) => [d.id, d]));
  const memo = new Map<string, Possible>();
  const visiting = new Set<string>();

  const definition = (id: string): Possible => {
    const cached = memo.get(id);
    if (cached) return cached;
    const found = byId.get(id);
    if (!found?.criteria || visiting.has(id)) return EITHER;
    visiting.add(id);
    const outcome = node(found.criteria);
    visiting.delete(id);
    memo.set(id, outcome);
    return outcome;
  };

  const node = (criteria: CriteriaNode): Possible => {
    let outcome: Possible;
    if (criteria.kind === 'criterion') outcome = known.get(criteria.testRef) ?? EITHER;
    else if (criteria.kind === 'extend') {
      outcome = criteria.applicabilityCheck ? EITHER : definition(criteria.definitionRef);
    } else if (criteria.children.length === 0) outcome = EITHER;
    else {
      const children = criteria.children.map(node);
      if (criteria.operator === 'AND') {
        outcome = {
          canBeTrue: children.every((c) => c.canBeTrue),
          canBeFalse: children.some((c) => c.canBeFalse),
        };
      } else if (criteria.operator === 'OR') {
        outcome = {
          canBeTrue: children.some((c) => c.canBeTrue),
          canBeFalse: children.every((c) => c.canBeFalse),
        };
      } else outcome = EITHER;
    }
    return criteria.negate
      ? { canBeTrue: outcome.canBeFalse, canBeFalse: outcome.canBeTrue }
      : outcome;
  };

  const result = new Set<string>();
  for (const d of document.definitions) if (definition(d.id).canBeTrue) result.add(d.id);
  return result;
}
