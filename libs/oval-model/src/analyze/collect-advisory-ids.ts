/** Vendor advisory ids: Red Hat errata, Debian DSA/DLA, Ubuntu USN. */
const ADVISORY_PATTERN = /\b(?:RH[SBE]A-\d{4}:\d+|D[SL]A-\d+(?:-\d+)?|USN-\d+(?:-\d+)?)\b/g;
const CVE_PATTERN = /\bCVE-\d{4}-\d{4,}\b/g;

/** What the id collectors read from a definition. */
export interface IdSources {
  title: string;
  references: readonly { source: string; refId: string }[];
  advisoryCves: readonly string[];
  debianAdvisories: readonly string[];
}

/**
 * Advisory ids from the title, then the references, then Debian's `<dsa>`, deduplicated.
 * Debian writes "DSA-5179-1" in the title and "DSA-5179" in `<dsa>`; the shorter one is the
 * same advisory and is dropped.
 */
export function collectAdvisoryIds(sources: IdSources): string[] {
  const found: string[] = [];
  const add = (id: string): void => {
    if (found.some((known) => known === id || known.startsWith(`${id}-`))) return;
    found.push(id);
  };
  for (const id of sources.title.match(ADVISORY_PATTERN) ?? []) add(id);
  for (const reference of sources.references) {
    for (const id of reference.refId.match(ADVISORY_PATTERN) ?? []) add(id);
  }
  for (const text of sources.debianAdvisories) {
    for (const id of text.match(ADVISORY_PATTERN) ?? []) add(id);
  }
  return found;
}

/**
 * Every CVE id: `<reference source="CVE">` first, then `<advisory><cve>`, then the title (Red
 * Hat CVE definitions name extra CVEs only there, e.g. "CVE-2009-5147 CVE-2015-7551 ruby: …").
 * The original image-scanner kept only the first; every one is kept here.
 */
export function collectCveIds(sources: IdSources): string[] {
  const found = new Set<string>();
  for (const reference of sources.references) {
    for (const id of reference.refId.match(CVE_PATTERN) ?? []) found.add(id);
  }
  for (const text of sources.advisoryCves) {
    for (const id of text.match(CVE_PATTERN) ?? []) found.add(id);
  }
  for (const id of sources.title.match(CVE_PATTERN) ?? []) found.add(id);
  return [...found];
}
