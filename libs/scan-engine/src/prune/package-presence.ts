import type { InstalledPackage } from '@image-scanner/contracts';
import type { PackagePresence } from './test-outcomes.js';

/** rpm keeps imported signing keys as pseudo-packages the inventory leaves out. */
const RPM_PSEUDO_PACKAGES = ['gpg-pubkey'];

/**
 * The package names oscap's probes may report for a target, and those they surely report.
 * "Maybe" is deliberately wide: for dpkg every stanza of the status file counts whatever its
 * state (removed-but-configured packages included), and source names count too, because the
 * Debian binary-name copy makes an object naming a source find that source's binaries.
 */
export function packagePresence(
  inventory: readonly InstalledPackage[],
  dpkgStatus?: Buffer,
): PackagePresence {
  const surely = new Set(inventory.map((p) => p.name));
  const maybe = new Set(surely);
  for (const pkg of inventory) if (pkg.source) maybe.add(pkg.source);
  if (inventory.some((p) => p.kind === 'rpm')) RPM_PSEUDO_PACKAGES.forEach((n) => maybe.add(n));
  if (dpkgStatus) {
    const text = dpkgStatus.toString('utf8');
    for (const match of text.matchAll(/^(?:Package|Source):[ \t]*(\S+)/gm)) {
      maybe.add(match[1] as string);
    }
  }
  return { maybe, surely };
}
