import type { CriteriaNode, OvalDefinitionsDocument } from '@image-scanner/oval-model';
import { expect } from 'chai';
import { definitionsThatCanBeTrue } from '../src/prune/definition-outcomes.js';
import {
  decidePackageTest,
  ONLY_FALSE,
  ONLY_TRUE,
  type Possible,
} from '../src/prune/test-outcomes.js';

const test = (testRef: string, negate = false): CriteriaNode => ({
  kind: 'criterion',
  testRef,
  negate,
});
const all = (operator: 'AND' | 'OR' | 'ONE', children: CriteriaNode[], negate = false) =>
  ({ kind: 'criteria', operator, negate, children }) as const;

function documentOf(criteria: Record<string, CriteriaNode>): OvalDefinitionsDocument {
  return {
    generator: {},
    definitions: Object.entries(criteria).map(([id, node]) => ({
      id,
      version: '1',
      class: 'patch',
      title: id,
      advisoryIds: [],
      cveIds: [],
      references: [],
      affectedPlatforms: [],
      fixState: 'unknown',
      criteria: node.kind === 'criteria' ? node : all('AND', [node]),
    })),
    tests: new Map(),
    objects: new Map(),
    states: new Map(),
    variables: new Map(),
  };
}

const known = new Map<string, Possible>([
  ['absent', ONLY_FALSE],
  ['none', ONLY_TRUE],
]);

describe('which definitions can still be true', () => {
  it('drops an AND with a false test and an OR whose every branch is false', () => {
    const kept = definitionsThatCanBeTrue(
      documentOf({
        and: all('AND', [test('unknown'), test('absent')]),
        or: all('OR', [test('absent'), all('AND', [test('absent'), test('unknown')])]),
        orKept: all('OR', [test('absent'), test('unknown')]),
      }),
      known,
    );
    expect([...kept]).to.deep.equal(['orKept']);
  });

  it('follows negation both ways, and keeps ONE and unknown tests', () => {
    const kept = definitionsThatCanBeTrue(
      documentOf({
        notAbsent: test('absent', true),
        notNone: test('none', true),
        negatedAnd: all('AND', [test('absent')], true),
        one: all('ONE', [test('absent'), test('absent')]),
      }),
      known,
    );
    expect([...kept].sort()).to.deep.equal(['negatedAnd', 'notAbsent', 'one']);
  });

  it('follows extend_definition, and keeps a cycle', () => {
    const extend = (definitionRef: string): CriteriaNode => ({
      kind: 'extend',
      definitionRef,
      negate: false,
      applicabilityCheck: false,
    });
    const kept = definitionsThatCanBeTrue(
      documentOf({
        base: test('absent'),
        extendsBase: all('AND', [extend('base'), test('unknown')]),
        a: extend('b'),
        b: extend('a'),
      }),
      known,
    );
    expect([...kept].sort()).to.deep.equal(['a', 'b']);
  });
});

describe('package tests decided from the names a target has', () => {
  const document = documentOf({});
  document.objects.set('o1', {
    id: 'o1',
    kind: 'rpminfo_object',
    name: 'openssl',
    variableRefs: [],
    objectRefs: [],
    stateRefs: [],
  });
  const presence = { maybe: new Set(['openssl', 'maybe-only']), surely: new Set(['openssl']) };
  const rpmTest = (checkExistence?: string) => ({
    id: 't',
    kind: 'rpminfo_test',
    objectRef: 'o1',
    stateRefs: [],
    ...(checkExistence ? { checkExistence } : {}),
  });

  it('leaves a test on an installed package to oscap', () => {
    expect(decidePackageTest(document, rpmTest(), presence)).to.equal(undefined);
  });

  it('makes "is not installed" false for an installed package, true for an absent one', () => {
    expect(decidePackageTest(document, rpmTest('none_exist'), presence)).to.equal(ONLY_FALSE);
    const absent = { maybe: new Set<string>(), surely: new Set<string>() };
    expect(decidePackageTest(document, rpmTest('none_exist'), absent)).to.equal(ONLY_TRUE);
    expect(decidePackageTest(document, rpmTest(), absent)).to.equal(ONLY_FALSE);
    expect(decidePackageTest(document, rpmTest('any_exist'), absent)).to.equal(undefined);
  });
});
