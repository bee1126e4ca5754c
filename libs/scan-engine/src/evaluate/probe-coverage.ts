import type { InstalledPackage } from '@image-scanner/contracts';
import { CodedError } from '@image-scanner/contracts';
import type { OvalResultsDocument } from '@image-scanner/oval-model';

/**
 * oscap can exit 0 having read no package at all (every definition then comes out false).
 * The target's own inventory says which packages the feed asks about are installed; each of
 * them must appear among the items oscap collected, or the results cannot be trusted.
 */
export function checkProbeCoverage(
  inventory: readonly InstalledPackage[],
  feedPackageNames: ReadonlySet<string>,
  results: OvalResultsDocument,
): void {
  const collected = new Set(results.packages.map((p) => p.name));
  const expected = new Set(inventory.map((p) => p.name).filter((n) => feedPackageNames.has(n)));
  const missing = [...expected].filter((name) => !collected.has(name));
  if (missing.length > 0) {
    throw new CodedError(
      'ERR_OSCAP_PROBE_FAILED',
      'oscap did not see packages the target has installed',
      { missingPackages: missing.slice(0, 10).join(','), missingCount: missing.length },
    );
  }
}
