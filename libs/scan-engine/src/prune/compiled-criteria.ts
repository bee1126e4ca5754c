import type {
  CriteriaNode,
  OvalCriteria,
  OvalDefinitionsDocument,
} from '@image-scanner/oval-model';

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

/** AND and OR are walked; anything else with children can be anything, so they are not kept. */
function isWalked(node: CriteriaNode): node is OvalCriteria {
  return (
    node.kind === 'criteria' &&
    node.children.length > 0 &&
    (node.operator === 'AND' || node.operator === 'OR')
  );
}

/** How many nodes, and child slots, the flattened form of these trees needs. */
function sizeOf(node: CriteriaNode, size: { nodes: number; children: number }): void {
  size.nodes += 1;
  if (!isWalked(node)) return;
  size.children += node.children.length;
  for (const child of node.children) sizeOf(child, size);
}

function compile(document: OvalDefinitionsDocument): CompiledCriteria {
  const definitionIds = document.definitions.map((d) => d.id);
  // A feed that repeats an id (it should not) has its last definition of it extended.
  const definitionNumbers = new Map(definitionIds.map((id, i) => [id, i]));
  const size = { nodes: 0, children: 0 };
  for (const d of document.definitions) if (d.criteria) sizeOf(d.criteria, size);
  // Written straight into typed arrays: a big feed's nodes never sit in plain arrays too.
  const kinds = new Uint8Array(size.nodes);
  const negated = new Uint8Array(size.nodes);
  const args = new Int32Array(size.nodes);
  const childCounts = new Int32Array(size.nodes);
  const children = new Int32Array(size.children);
  const testNumbers = new Map<string, number>();
  let nextNode = 0;
  let nextChild = 0;

  const add = (node: CriteriaNode): number => {
    const at = nextNode;
    nextNode += 1;
    negated[at] = node.negate ? 1 : 0;
    if (node.kind === 'criterion') {
      let test = testNumbers.get(node.testRef);
      if (test === undefined) {
        test = testNumbers.size;
        testNumbers.set(node.testRef, test);
      }
      kinds[at] = TEST_NODE;
      args[at] = test;
    } else if (node.kind === 'extend') {
      const target = definitionNumbers.get(node.definitionRef);
      // An applicability check, or a definition the feed lacks, can be anything.
      const decidable = !node.applicabilityCheck && target !== undefined;
      kinds[at] = decidable ? EXTEND_NODE : ANY_NODE;
      args[at] = decidable ? target : -1;
    } else if (!isWalked(node)) {
      kinds[at] = ANY_NODE;
      args[at] = -1;
    } else {
      kinds[at] = node.operator === 'AND' ? AND_NODE : OR_NODE;
      // The node's child slots are taken before its children take theirs.
      const first = nextChild;
      nextChild += node.children.length;
      args[at] = first;
      childCounts[at] = node.children.length;
      node.children.forEach((child, i) => {
        children[first + i] = add(child);
      });
    }
    return at;
  };

  const roots = Int32Array.from(document.definitions, (d) => (d.criteria ? add(d.criteria) : -1));
  return { testNumbers, definitionIds, roots, kinds, negated, args, childCounts, children };
}
