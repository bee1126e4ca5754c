import type { OvalDefinitionsDocument, OvalTest } from '@image-scanner/oval-model';

/** What a test, criterion or definition can still come out as for one target. */
export interface Possible {
  canBeTrue: boolean;
  canBeFalse: boolean;
}

export const EITHER: Possible = { canBeTrue: true, canBeFalse: true };
export const ONLY_TRUE: Possible = { canBeTrue: true, canBeFalse: false };
export const ONLY_FALSE: Possible = { canBeTrue: false, canBeFalse: true };

const PACKAGE_TESTS: Readonly<Record<string, string>> = {
  rpminfo_test: 'rpminfo_object',
  dpkginfo_test: 'dpkginfo_object',
};

/** Which package names a target may have, and which it surely has, as oscap's probes see them. */
export interface PackagePresence {
  /** Every name a probe could report: a name outside this set yields no item. */
  maybe: ReadonlySet<string>;
  /** Names a probe is sure to report (the inventory oscap's coverage is checked against). */
  surely: ReadonlySet<string>;
}

/** A package test whose outcome the package names alone can settle. */
export interface PlainPackageTest {
  id: string;
  packageName: string;
  existence: string;
}

/** The tests of a feed sorted once: the plain package tests, and those only oscap can settle. */
export interface FeedTestKinds {
  plain: readonly PlainPackageTest[];
  /** Tests that are not package tests (release files, kernel, file checks). */
  needProbe: readonly string[];
}

const testKinds = new WeakMap<OvalDefinitionsDocument, FeedTestKinds>();

/** Sorts a feed's tests once per parsed feed: every target of that feed reuses the lists. */
export function feedTestKinds(document: OvalDefinitionsDocument): FeedTestKinds {
  let kinds = testKinds.get(document);
  if (!kinds) {
    const plain: PlainPackageTest[] = [];
    const needProbe: string[] = [];
    for (const test of document.tests.values()) {
      const packageName = plainPackageName(document, test);
      if (packageName !== undefined) {
        const existence = test.checkExistence ?? 'at_least_one_exists';
        plain.push({ id: test.id, packageName, existence });
      } else if (PACKAGE_TESTS[test.kind] === undefined) needProbe.push(test.id);
    }
    kinds = { plain, needProbe };
    testKinds.set(document, kinds);
  }
  return kinds;
}

/**
 * The outcome of a package test decided from the package names alone, or undefined when it
 * takes oscap to know. Only the plainest shape is decided: a rpminfo/dpkginfo test on an object
 * naming one literal package, where the existence check alone settles the result (OVAL: a
 * failed existence check makes the test false, whatever its states say).
 */
export function decidePackageTest(
  document: OvalDefinitionsDocument,
  test: OvalTest,
  presence: PackagePresence,
): Possible | undefined {
  const packageName = plainPackageName(document, test);
  if (packageName === undefined) return undefined;
  return decideByName(packageName, test.checkExistence ?? 'at_least_one_exists', presence);
}

/** decidePackageTest for a test already found plain. */
export function decideByName(
  packageName: string,
  existence: string,
  presence: PackagePresence,
): Possible | undefined {
  if (existence === 'at_least_one_exists') {
    return presence.maybe.has(packageName) ? undefined : ONLY_FALSE;
  }
  if (existence === 'none_exist') {
    if (presence.surely.has(packageName)) return ONLY_FALSE;
    return presence.maybe.has(packageName) ? undefined : ONLY_TRUE;
  }
  return undefined;
}

/** The one literal package name a plain rpminfo/dpkginfo test asks for, else undefined. */
function plainPackageName(document: OvalDefinitionsDocument, test: OvalTest): string | undefined {
  const objectKind = PACKAGE_TESTS[test.kind];
  if (objectKind === undefined || test.objectRef === undefined) return undefined;
  const object = document.objects.get(test.objectRef);
  if (!object || object.kind !== objectKind) return undefined;
  if (object.nameOperation !== undefined || object.nameVarRef !== undefined) return undefined;
  if (object.name === undefined || object.objectRefs.length > 0) return undefined;
  return object.name;
}
