import type { CriteriaNode } from '../model/oval-criteria.js';
import type { OvalDefinitionsDocument } from '../model/oval-definitions-document.js';
import { OvalParseError } from '../oval-parse-error.js';

type ComponentKind = 'definition' | 'test' | 'object' | 'state' | 'variable';

/**
 * Throws ERR_OVAL_DANGLING_REFERENCE naming the first id that is referenced but not defined:
 * criteria → tests and definitions, tests → objects and states, objects and states →
 * variables, sets → objects and states, local variables → objects and variables. oscap
 * refuses such content, so a scan with it could never succeed.
 */
export function validateReferences(document: OvalDefinitionsDocument): void {
  const definitionIds = new Set(document.definitions.map((definition) => definition.id));
  const has: Record<ComponentKind, (id: string) => boolean> = {
    definition: (id) => definitionIds.has(id),
    test: (id) => document.tests.has(id),
    object: (id) => document.objects.has(id),
    state: (id) => document.states.has(id),
    variable: (id) => document.variables.has(id),
  };
  const check = (kind: ComponentKind, id: string | undefined, from: string): void => {
    if (id === undefined || has[kind](id)) return;
    throw new OvalParseError(
      'ERR_OVAL_DANGLING_REFERENCE',
      `resolve references: ${kind} ${id} referenced by ${from} is not defined`,
      { missingId: id, referencedFrom: from },
    );
  };
  for (const definition of document.definitions) {
    const visit = (node: CriteriaNode): void => {
      if (node.kind === 'criterion') check('test', node.testRef, definition.id);
      else if (node.kind === 'extend') check('definition', node.definitionRef, definition.id);
      else node.children.forEach(visit);
    };
    if (definition.criteria !== undefined) visit(definition.criteria);
  }
  for (const test of document.tests.values()) {
    check('object', test.objectRef, test.id);
    for (const ref of test.stateRefs) check('state', ref, test.id);
  }
  for (const object of document.objects.values()) {
    for (const ref of object.variableRefs) check('variable', ref, object.id);
    for (const ref of object.objectRefs) check('object', ref, object.id);
    for (const ref of object.stateRefs) check('state', ref, object.id);
  }
  for (const state of document.states.values()) {
    for (const ref of state.variableRefs) check('variable', ref, state.id);
  }
  for (const variable of document.variables.values()) {
    for (const ref of variable.objectRefs) check('object', ref, variable.id);
    for (const ref of variable.variableRefs) check('variable', ref, variable.id);
  }
}
