import type { OvalDefinitionsDocument } from '@image-scanner/oval-model';
import { FEED_CATALOG, type FeedCatalogEntry } from './feed-catalog.js';

/** What a feed says about itself: the OS release it is for and how that was decided. */
export interface FeedIdentity {
  entry: FeedCatalogEntry;
  /** Which evidence decided it, for logs and error details. */
  evidence: string;
}

const PLATFORM_PATTERNS: readonly { pattern: RegExp; distro: string }[] = [
  { pattern: /^Red Hat Enterprise Linux (\d+)\b/, distro: 'rhel' },
  { pattern: /^Debian GNU\/Linux (\d+)\b/, distro: 'debian' },
  { pattern: /^Ubuntu (\d+\.\d+)\b/, distro: 'ubuntu' },
];
/** Canonical's definition ids carry the codename: `oval:com.ubuntu.jammy:def:...`. */
const UBUNTU_ID = /^oval:com\.ubuntu\.([a-z]+):def:/;

/**
 * Decides which catalogue entry a feed is for from its content: the affected platforms of
 * its definitions (Red Hat, Debian, Canonical all name them), else Canonical's id namespace.
 * The most frequent answer wins; a feed naming no known release is not identified.
 */
export function identifyFeed(document: OvalDefinitionsDocument): FeedIdentity | undefined {
  const votes = new Map<string, number>();
  const vote = (entry: FeedCatalogEntry | undefined): void => {
    if (entry) votes.set(entry.id, (votes.get(entry.id) ?? 0) + 1);
  };
  for (const definition of document.definitions) {
    for (const platform of definition.affectedPlatforms) {
      for (const { pattern, distro } of PLATFORM_PATTERNS) {
        const release = pattern.exec(platform)?.[1];
        if (release) vote(FEED_CATALOG.find((e) => e.distro === distro && e.release === release));
      }
    }
  }
  let evidence = 'affected platforms';
  if (votes.size === 0) {
    evidence = 'definition id namespace';
    for (const definition of document.definitions) {
      const codename = UBUNTU_ID.exec(definition.id)?.[1];
      vote(FEED_CATALOG.find((e) => e.distro === 'ubuntu' && e.codename === codename));
    }
  }
  const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  const entry = best ? FEED_CATALOG.find((e) => e.id === best[0]) : undefined;
  return entry ? { entry, evidence } : undefined;
}
