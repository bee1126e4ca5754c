import type { Finding, FindingPackage } from '../model/finding.js';
import type { InstalledPackage } from '../model/installed-package.js';
import type { OvalDefinition } from '../model/oval-definition.js';
import type { OvalDefinitionsDocument } from '../model/oval-definitions-document.js';
import type { OvalResultsDocument } from '../model/oval-results-document.js';
import { affectedPackages } from './affected-packages.js';
import { normalizeSeverity } from './normalize-severity.js';

/**
 * One finding per patch or vulnerability definition whose result is `true`, in the feed's
 * order. Inventory, compliance and miscellaneous definitions are never findings: they describe
 * the system, not a flaw in it.
 */
export function summarizeFindings(
  definitions: OvalDefinitionsDocument,
  results: OvalResultsDocument,
): Finding[] {
  const installed = indexInstalled(results.packages);
  const findings: Finding[] = [];
  for (const definition of definitions.definitions) {
    if (definition.class !== 'patch' && definition.class !== 'vulnerability') continue;
    if (results.definitionResults.get(definition.id) !== 'true') continue;
    findings.push(toFinding(definitions, definition, installed));
  }
  return findings;
}

function toFinding(
  document: OvalDefinitionsDocument,
  definition: OvalDefinition,
  installed: ReadonlyMap<string, InstalledPackage>,
): Finding {
  const packages = affectedPackages(document, definition).map((affected): FindingPackage => {
    const found: FindingPackage = { name: affected.name };
    const evr = installed.get(`${affected.packageKind}:${affected.name}`)?.evr;
    if (evr !== undefined) found.installedVersion = evr;
    if (affected.fixedVersion !== undefined) found.fixedVersion = affected.fixedVersion;
    return found;
  });
  const severity: Finding['severity'] = { normalized: normalizeSeverity(definition.severity) };
  if (definition.severity !== undefined) severity.vendor = definition.severity;
  return {
    definitionId: definition.id,
    advisoryId: definition.advisoryIds[0] ?? definition.cveIds[0] ?? definition.id,
    title: definition.title,
    class: definition.class,
    severity,
    cveIds: definition.cveIds,
    references: definition.references,
    fixState: definition.fixState,
    packages,
  };
}

/** First item per kind and name; multilib systems list a package once per architecture. */
function indexInstalled(packages: readonly InstalledPackage[]): Map<string, InstalledPackage> {
  const index = new Map<string, InstalledPackage>();
  for (const item of packages) {
    const key = `${item.packageKind}:${item.name}`;
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}
