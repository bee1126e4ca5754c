import type { AffectedPackage } from '../model/affected-package.js';
import type { OvalDefinition } from '../model/oval-definition.js';
import type { OvalDefinitionsDocument } from '../model/oval-definitions-document.js';
import { isNoFixVersion, lessThanVersion, packageChecks } from './package-checks.js';

/**
 * The packages a definition's criteria check, through rpminfo/dpkginfo tests, their objects
 * (a name, or Ubuntu's constant_variable list of binary names) and states. Red Hat checks each
 * package twice (version, then signing key); both land in one entry. extend_definition
 * targets are not followed: in real feeds they are OS inventory checks, not packages.
 */
export function affectedPackages(
  document: OvalDefinitionsDocument,
  definition: OvalDefinition,
): AffectedPackage[] {
  const byKey = new Map<string, AffectedPackage>();
  for (const check of packageChecks(document, definition.criteria)) {
    const version = lessThanVersion(check.states);
    const fixedVersion = version === undefined || isNoFixVersion(version) ? undefined : version;
    const keyState = check.states.find((state) => state.signatureKeyId !== undefined);
    const signatureKeyId = keyState?.signatureKeyId?.value;
    for (const name of check.names) {
      const key = `${check.packageKind}:${name}`;
      const known = byKey.get(key) ?? { name, packageKind: check.packageKind };
      if (known.fixedVersion === undefined && fixedVersion !== undefined) {
        known.fixedVersion = fixedVersion;
      }
      if (known.signatureKeyId === undefined && signatureKeyId !== undefined) {
        known.signatureKeyId = signatureKeyId;
      }
      byKey.set(key, known);
    }
  }
  return [...byKey.values()];
}
