/**
 * Where each supported OS release gets its vendor OVAL feed. The URLs are data, not code: a
 * vendor moving a file is a one-line change here, and a mirror only needs the file names.
 */
export interface FeedCatalogEntry {
  /** Stable id used in Redis, `GET /feeds` and `FEED_SYNC_FEEDS`: `<distro>-<release>`. */
  id: string;
  /** The `ID` of the target's os-release (UBI images say `rhel`). */
  distro: string;
  /** Major version, or the full version for Ubuntu, as the feed folder names it. */
  release: string;
  codename?: string;
  /** The vendor's file name; a mirror serves the same name at its base URL. */
  fileName: string;
  /** The vendor's download URL. */
  url: string;
  /** Who publishes it, for people reading `GET /feeds`. */
  vendor: 'Red Hat' | 'Debian' | 'Canonical';
}

/** An OS the scanner detects but deliberately has no feed for, with the reason. */
export interface UnsupportedDistro {
  distro: string;
  reason: string;
}

const RED_HAT_OVAL_V2 = 'https://security.access.redhat.com/data/oval/v2';
const DEBIAN_OVAL = 'https://www.debian.org/security/oval';
const CANONICAL_OVAL = 'https://security-metadata.canonical.com/oval';

function redHat(major: number): FeedCatalogEntry {
  const fileName = `rhel-${major}.oval.xml.bz2`;
  return {
    id: `rhel-${major}`,
    distro: 'rhel',
    release: String(major),
    fileName,
    url: `${RED_HAT_OVAL_V2}/RHEL${major}/${fileName}`,
    vendor: 'Red Hat',
  };
}

function debian(major: number, codename: string): FeedCatalogEntry {
  const fileName = `oval-definitions-${codename}.xml.bz2`;
  return {
    id: `debian-${major}`,
    distro: 'debian',
    release: String(major),
    codename,
    fileName,
    url: `${DEBIAN_OVAL}/${fileName}`,
    vendor: 'Debian',
  };
}

function ubuntu(version: string, codename: string): FeedCatalogEntry {
  const fileName = `com.ubuntu.${codename}.cve.oval.xml.bz2`;
  return {
    id: `ubuntu-${version}`,
    distro: 'ubuntu',
    release: version,
    codename,
    fileName,
    url: `${CANONICAL_OVAL}/${fileName}`,
    vendor: 'Canonical',
  };
}

/** Every feed the scanner knows. UBI images identify as `rhel` and use the RHEL feeds. */
export const FEED_CATALOG: readonly FeedCatalogEntry[] = Object.freeze([
  redHat(6),
  redHat(7),
  redHat(8),
  redHat(9),
  debian(10, 'buster'),
  debian(11, 'bullseye'),
  debian(12, 'bookworm'),
  debian(13, 'trixie'),
  ubuntu('18.04', 'bionic'),
  ubuntu('20.04', 'focal'),
  ubuntu('22.04', 'jammy'),
  ubuntu('24.04', 'noble'),
]);

const REBUILD_REASON =
  "Red Hat's feeds require packages signed with Red Hat's key and a redhat-release package " +
  'owning /etc/redhat-release; on a rebuild every definition comes out true (no ' +
  'redhat-release) or false (other signing key), so no result would be right';

/**
 * RHEL rebuilds: detected, but `unsupported` on purpose (see `docs/feeds.md`), never scanned
 * with Red Hat's feed.
 */
// Known limitation: CentOS and other RHEL rebuilds have no feed and are unsupported, so their
// images are not scanned; a rebuild's own OVAL feed (where one exists) added here would fix it.
export const UNSUPPORTED_DISTROS: readonly UnsupportedDistro[] = Object.freeze(
  ['centos', 'rocky', 'almalinux', 'ol', 'scientific'].map((distro) => ({
    distro,
    reason: REBUILD_REASON,
  })),
);

/** The catalogue entry for a detected OS, or undefined when the OS is unsupported. */
export function catalogEntryFor(distro: string, release: string): FeedCatalogEntry | undefined {
  return FEED_CATALOG.find((e) => e.distro === distro && e.release === release);
}

/** The catalogue entry with this id (`rhel-8`, `debian-12`, `ubuntu-22.04`). */
export function catalogEntryById(id: string): FeedCatalogEntry | undefined {
  return FEED_CATALOG.find((e) => e.id === id);
}

/**
 * The URL to download an entry from: the vendor's, or `<mirror>/<fileName>` when a mirror base
 * URL is configured (air-gapped sites copy the vendor files there under the same names).
 */
export function feedDownloadUrl(entry: FeedCatalogEntry, mirrorBaseUrl?: string): string {
  if (!mirrorBaseUrl) return entry.url;
  return `${mirrorBaseUrl.replace(/\/+$/, '')}/${entry.fileName}`;
}
