import type { CriteriaNode, OvalCriteria, OvalCriterion } from '../model/oval-criteria.js';
import type { OvalDefinitionsDocument } from '../model/oval-definitions-document.js';
import type { OvalState } from '../model/oval-state.js';
import type { OvalTest } from '../model/oval-test.js';

const PACKAGE_TESTS: Readonly<Record<string, 'rpm' | 'dpkg'>> = {
  rpminfo_test: 'rpm',
  dpkginfo_test: 'dpkg',
};

/** One criterion that checks a package: its test, the package names and the test's states. */
export interface PackageCheck {
  criterion: OvalCriterion;
  test: OvalTest;
  packageKind: 'rpm' | 'dpkg';
  names: string[];
  states: OvalState[];
}

/** Every criterion of the tree, in document order; extend_definition targets are not followed. */
export function criteriaLeaves(criteria: OvalCriteria | undefined): OvalCriterion[] {
  const leaves: OvalCriterion[] = [];
  const visit = (node: CriteriaNode): void => {
    if (node.kind === 'criterion') leaves.push(node);
    else if (node.kind === 'criteria') node.children.forEach(visit);
  };
  if (criteria !== undefined) visit(criteria);
  return leaves;
}

/**
 * The package checks of a criteria tree. Left out: tests that require a package to be absent
 * (Red Hat's "X is not installed", check_existence none_exist), and release checks such as v1
 * "redhat-release-server is installed" whose states test only a version pattern.
 */
export function packageChecks(
  document: OvalDefinitionsDocument,
  criteria: OvalCriteria | undefined,
): PackageCheck[] {
  const checks: PackageCheck[] = [];
  for (const criterion of criteriaLeaves(criteria)) {
    const test = document.tests.get(criterion.testRef);
    const packageKind = test === undefined ? undefined : PACKAGE_TESTS[test.kind];
    if (test === undefined || packageKind === undefined) continue;
    if (test.checkExistence === 'none_exist') continue;
    const states = test.stateRefs
      .map((ref) => document.states.get(ref))
      .filter((state): state is OvalState => state !== undefined);
    if (states.length > 0 && !states.some(isPackageState)) continue;
    const names = packageNames(document, test);
    if (names.length > 0) checks.push({ criterion, test, packageKind, names, states });
  }
  return checks;
}

/** A `less than` EVR/version, the fixed version of a package check. */
export function lessThanVersion(states: readonly OvalState[]): string | undefined {
  for (const state of states) {
    const field = state.evr ?? state.version;
    if (field?.operation === 'less than') return field.value;
  }
  return undefined;
}

/** Debian writes `0:0` ("earlier than 0") when no fixed version exists yet. */
export function isNoFixVersion(version: string): boolean {
  return /^(?:0:)?0$/.test(version.trim());
}

function isPackageState(state: OvalState): boolean {
  return state.evr !== undefined || state.signatureKeyId !== undefined;
}

function packageNames(document: OvalDefinitionsDocument, test: OvalTest): string[] {
  const object = test.objectRef === undefined ? undefined : document.objects.get(test.objectRef);
  if (object === undefined || object.nameOperation !== undefined) return [];
  if (object.nameVarRef !== undefined) {
    return document.variables.get(object.nameVarRef)?.values ?? [];
  }
  return object.name === undefined ? [] : [object.name];
}
