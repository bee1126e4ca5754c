import type { CriteriaNode, OvalDefinitionsDocument } from '@image-scanner/oval-model';
import type { SectionName } from './feed-sections.js';

/** Element ids to keep per section. */
export type KeepSets = Map<SectionName, Set<string>>;

/**
 * Everything the given definitions and tests reference, transitively: extended definitions,
 * tests, their objects and states, set members and filters, and variables with whatever their
 * components read. Every variable of the feed is kept too (they are few and cheap), so a
 * variable the model does not know, such as the binary-name lists, is never cut loose.
 */
export function referenceClosure(
  document: OvalDefinitionsDocument,
  definitionIds: Iterable<string>,
  testIds: Iterable<string> = [],
): KeepSets {
  const keep: KeepSets = new Map([
    ['definitions', new Set<string>()],
    ['tests', new Set<string>()],
    ['objects', new Set<string>()],
    ['states', new Set<string>()],
    ['variables', new Set<string>()],
  ]);
  const get = (name: SectionName): Set<string> => keep.get(name) as Set<string>;
  const byId = new Map(document.definitions.map((d) => [d.id, d]));
  const definitions: string[] = [...definitionIds];
  const tests: string[] = [...testIds];
  const objects: string[] = [];
  const states: string[] = [];
  const variables: string[] = [...document.variables.keys()];

  const walk = (node: CriteriaNode): void => {
    if (node.kind === 'criterion') tests.push(node.testRef);
    else if (node.kind === 'extend') definitions.push(node.definitionRef);
    else node.children.forEach(walk);
  };
  const add = (name: SectionName, id: string): boolean => {
    const set = get(name);
    if (set.has(id)) return false;
    set.add(id);
    return true;
  };

  while (definitions.length + tests.length + objects.length + states.length + variables.length) {
    for (let id = definitions.pop(); id !== undefined; id = definitions.pop()) {
      const definition = byId.get(id);
      if (add('definitions', id) && definition?.criteria) walk(definition.criteria);
    }
    for (let id = tests.pop(); id !== undefined; id = tests.pop()) {
      const test = document.tests.get(id);
      if (!add('tests', id) || !test) continue;
      if (test.objectRef) objects.push(test.objectRef);
      states.push(...test.stateRefs);
    }
    for (let id = objects.pop(); id !== undefined; id = objects.pop()) {
      const object = document.objects.get(id);
      if (!add('objects', id) || !object) continue;
      objects.push(...object.objectRefs);
      states.push(...object.stateRefs);
      variables.push(...object.variableRefs);
    }
    for (let id = states.pop(); id !== undefined; id = states.pop()) {
      const state = document.states.get(id);
      if (add('states', id) && state) variables.push(...state.variableRefs);
    }
    for (let id = variables.pop(); id !== undefined; id = variables.pop()) {
      const variable = document.variables.get(id);
      if (!add('variables', id) || !variable) continue;
      objects.push(...variable.objectRefs);
      variables.push(...variable.variableRefs);
    }
  }
  return keep;
}
