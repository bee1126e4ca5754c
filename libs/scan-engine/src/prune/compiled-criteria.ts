import type { CriteriaNode, OvalDefinitionsDocument } from '@image-scanner/oval-model';

// What a flattened criteria node is; `ANY_NODE` stands for what the walk cannot decide.
export const TEST_NODE = 0;
export const EXTEND_NODE = 1;
export const AND_NODE = 2;
export const OR_NODE = 3;
export const ANY_NODE = 4;

/**
 * A feed's criteria trees laid out once in typed arrays, so that deciding for each target
 * which definitions can be true is a walk over integers, with no string lookups per node:
 * the RHEL 7 stream alone has over 330,000 criteria nodes, walked again for every target.
 */
export interface CompiledCriteria {
  /** Each test id a criterion names, and its number. */
  readonly testNumbers: ReadonlyMap<string, number>;
  /** The definitions' ids, in the feed's order; their numbers index `roots`. */
  readonly definitionIds: readonly string[];
  /** Each definition's top node, or -1 when it has no criteria. */
  readonly roots: Int32Array;
  readonly kinds: Uint8Array;
  readonly negated: Uint8Array;
  /** Test: the test's number. Extend: the definition's number, or -1. And/Or: first child. */
  readonly args: Int32Array;
  /** And/Or: how many children, listed from `args` on in `children`. */
  readonly childCounts: Int32Array;
  readonly children: Int32Array;
}

const compiled = new WeakMap<OvalDefinitionsDocument, CompiledCriteria>();

/** The feed's criteria, flattened on first use and kept for as long as the parsed feed is. */
export function compiledCriteriaOf(document: OvalDefinitionsDocument): CompiledCriteria {
  let found = compiled.get(document);
  if (!found) {
    found = compile(document);
    compiled.set(document, found);
  }
  return found;
}

function compile(document: OvalDefinitionsDocument): CompiledCriteria {
  const definitionIds = document.definitions.map((d) => d.id);
  // A feed that repeats an id (it should not) has its last definition of it extended.
  const definitionNumbers = new Map(definitionIds.map((id, i) => [id, i]));
  const testNumbers = new Map<string, number>();
  const kinds: number[] = [];
  const negated: number[] = [];
  const args: number[] = [];
  const childCounts: number[] = [];
  const children: number[] = [];

  const add = (node: CriteriaNode): number => {
    const at = kinds.length;
    negated.push(node.negate ? 1 : 0);
    childCounts.push(0);
    if (node.kind === 'criterion') {
      let test = testNumbers.get(node.testRef);
      if (test === undefined) {
        test = testNumbers.size;
        testNumbers.set(node.testRef, test);
      }
      kinds.push(TEST_NODE);
      args.push(test);
    } else if (node.kind === 'extend') {
      const target = definitionNumbers.get(node.definitionRef);
      // An applicability check, or a definition the feed lacks, can be anything.
      const decidable = !node.applicabilityCheck && target !== undefined;
      kinds.push(decidable ? EXTEND_NODE : ANY_NODE);
      args.push(decidable ? target : -1);
    } else if (node.children.length === 0 || (node.operator !== 'AND' && node.operator !== 'OR')) {
      kinds.push(ANY_NODE);
      args.push(-1);
    } else {
      kinds.push(node.operator === 'AND' ? AND_NODE : OR_NODE);
      args.push(-1);
      const own = node.children.map(add);
      args[at] = children.length;
      childCounts[at] = own.length;
      children.push(...own);
    }
    return at;
  };

  const roots = Int32Array.from(document.definitions, (d) => (d.criteria ? add(d.criteria) : -1));
  return {
    testNumbers,
    definitionIds,
    roots,
    kinds: Uint8Array.from(kinds),
    negated: Uint8Array.from(negated),
    args: Int32Array.from(args),
    childCounts: Int32Array.from(childCounts),
    children: Int32Array.from(children),
  };
}
