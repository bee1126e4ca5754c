import type { InstalledPackage } from '@image-scanner/contracts';

/** Most stanzas read from one status file; real images hold a few thousand at most. */
const MAX_PACKAGES = 100_000;

/**
 * Lists the installed packages of a dpkg status file. Only stanzas whose Status ends in
 * "installed" count: removed packages leave "deinstall ok config-files" stanzas behind.
 */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    if (packages.length >= MAX_PACKAGES) break;
    const fields = stanzaFields(stanza);
    const name = fields.get('package');
    const version = fields.get('version');
    if (!name || !version) continue;
    if (!/(^|\s)installed$/.test(fields.get('status') ?? 'install ok installed')) continue;
    const pkg: InstalledPackage = { kind: 'dpkg', name, version };
    const arch = fields.get('architecture');
    if (arch) pkg.arch = arch;
    // "Source: name (version)" when the source version differs from the binary's.
    const source = fields.get('source')?.split(' ')[0];
    if (source && source !== name) pkg.source = source;
    packages.push(pkg);
  }
  return packages;
}

function stanzaFields(stanza: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of stanza.split('\n')) {
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}
