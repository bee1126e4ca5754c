import type { OvalDefinitionsDocument } from '@image-scanner/oval-model';
import {
  AND_NODE,
  compiledCriteriaOf,
  EXTEND_NODE,
  OR_NODE,
  TEST_NODE,
} from './compiled-criteria.js';
import type { Possible } from './test-outcomes.js';

// Outcomes as two bits, so the walk over every criterion of a big feed allocates nothing.
const CAN_BE_TRUE = 1;
const CAN_BE_FALSE = 2;
const ANYTHING = CAN_BE_TRUE | CAN_BE_FALSE;
const NOT_YET = -1;

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
  const feed = compiledCriteriaOf(document);
  const { roots, kinds, negated, args, childCounts, children } = feed;
  const testBits = new Uint8Array(feed.testNumbers.size).fill(ANYTHING);
  for (const [id, possible] of known) {
    const test = feed.testNumbers.get(id);
    if (test !== undefined) testBits[test] = bitsOf(possible);
  }
  const memo = new Int8Array(roots.length).fill(NOT_YET);
  const visiting = new Uint8Array(roots.length);

  const definition = (at: number): number => {
    const cached = memo[at] as number;
    if (cached !== NOT_YET) return cached;
    const root = roots[at] as number;
    if (root < 0 || visiting[at] === 1) return ANYTHING;
    visiting[at] = 1;
    const outcome = node(root);
    visiting[at] = 0;
    memo[at] = outcome;
    return outcome;
  };

  const node = (at: number): number => {
    const kind = kinds[at];
    let outcome: number;
    if (kind === TEST_NODE) outcome = testBits[args[at] as number] as number;
    else if (kind === EXTEND_NODE) outcome = definition(args[at] as number);
    else if (kind === AND_NODE || kind === OR_NODE) {
      const first = args[at] as number;
      const end = first + (childCounts[at] as number);
      // Every child is walked, in order, as the definitions it extends must be for the memo.
      if (kind === AND_NODE) {
        // True only if every child can be true; false if any child can be false.
        outcome = CAN_BE_TRUE;
        for (let i = first; i < end; i += 1) {
          const bits = node(children[i] as number);
          if ((bits & CAN_BE_TRUE) === 0) outcome &= ~CAN_BE_TRUE;
          if ((bits & CAN_BE_FALSE) !== 0) outcome |= CAN_BE_FALSE;
        }
      } else {
        // True if any child can be true; false only if every child can be false.
        outcome = CAN_BE_FALSE;
        for (let i = first; i < end; i += 1) {
          const bits = node(children[i] as number);
          if ((bits & CAN_BE_TRUE) !== 0) outcome |= CAN_BE_TRUE;
          if ((bits & CAN_BE_FALSE) === 0) outcome &= ~CAN_BE_FALSE;
        }
      }
    } else outcome = ANYTHING;
    if (negated[at] === 0) return outcome;
    return ((outcome & CAN_BE_TRUE) << 1) | ((outcome & CAN_BE_FALSE) >> 1);
  };

  const result = new Set<string>();
  feed.definitionIds.forEach((id, at) => {
    if ((definition(at) & CAN_BE_TRUE) !== 0) result.add(id);
  });
  return result;
}
