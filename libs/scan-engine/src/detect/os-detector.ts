import type { DetectedOs } from '@image-scanner/contracts';
import { parseOsRelease } from './os-release-parser.js';

/** Distros whose release is named by major version only when picking a feed. */
const MAJOR_VERSION_DISTROS = new Set(['rhel', 'centos', 'debian', 'rocky', 'almalinux', 'ol']);
/** Distros whose /etc/redhat-release may be more precise than their os-release. */
const REDHAT_FAMILY = new Set(['rhel', 'centos', 'rocky', 'almalinux', 'ol']);

const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'] as const;
/** Distro-specific files fromOsRelease consults beside os-release, by os-release ID. */
const CONSULTED_BESIDE_OS_RELEASE: Readonly<Record<string, readonly string[]>> = {
  debian: ['/etc/debian_version'],
  ...Object.fromEntries([...REDHAT_FAMILY].map((distro) => [distro, ['/etc/redhat-release']])),
};

/**
 * The release files detectOs needs besides os-release, given what os-release says (undefined
 * when the target has none): a scan reads only those. Without a usable os-release, all of
 * `candidates` are consulted, as detectOs then falls back through them.
 */
export function releaseFilesToRead(
  osRelease: string | undefined,
  candidates: readonly string[],
): string[] {
  const distro = (parseOsRelease(osRelease ?? '').get('ID') ?? '').toLowerCase();
  const rest = candidates.filter((path) => !(OS_RELEASE_FILES as readonly string[]).includes(path));
  if (!distro) return rest;
  return rest.filter((path) => CONSULTED_BESIDE_OS_RELEASE[distro]?.includes(path) === true);
}

/** Whether the OS keeps its packages in rpm (else dpkg is looked for first). */
export function usesRpm(osRelease: string | undefined): boolean {
  const fields = parseOsRelease(osRelease ?? '');
  const names = [fields.get('ID') ?? '', ...(fields.get('ID_LIKE') ?? '').split(/\s+/)];
  return names.some((name) => RPM_FAMILY.has(name.toLowerCase()));
}

const RPM_FAMILY = new Set([...REDHAT_FAMILY, 'fedora', 'suse', 'opensuse', 'sles', 'amzn']);

/**
 * Detects the OS from release files already read from the target (path to content).
 * os-release is preferred; the distro-specific files fill in where it is missing or terse.
 */
export function detectOs(files: ReadonlyMap<string, string>): DetectedOs | undefined {
  const osReleasePath = OS_RELEASE_FILES.find((p) => files.has(p));
  if (osReleasePath) {
    const fields = parseOsRelease(files.get(osReleasePath) ?? '');
    const distro = (fields.get('ID') ?? '').toLowerCase();
    if (distro) return fromOsRelease(distro, fields, files, osReleasePath);
  }
  const redhat = files.get('/etc/redhat-release');
  if (redhat !== undefined) return fromRedhatRelease(redhat);
  const lsbRelease = files.get('/etc/lsb-release');
  const fromLsb = lsbRelease === undefined ? undefined : fromLsbRelease(lsbRelease);
  if (fromLsb) return fromLsb;
  const debianVersion = files.get('/etc/debian_version');
  if (debianVersion !== undefined) return fromDebianVersion(debianVersion);
  return undefined;
}

function fromOsRelease(
  distro: string,
  fields: Map<string, string>,
  files: ReadonlyMap<string, string>,
  path: string,
): DetectedOs {
  const evidence = [path];
  let version = fields.get('VERSION_ID') ?? '';
  if (distro === 'debian') {
    // os-release says "12"; debian_version (or, from 13 on, DEBIAN_VERSION_FULL) has the
    // point release ("12.8").
    const point = (files.get('/etc/debian_version') ?? '').trim();
    if (/^\d+(\.\d+)*$/.test(point) && point.split('.')[0] === version) {
      version = point;
      evidence.push('/etc/debian_version');
    } else if (fields.get('DEBIAN_VERSION_FULL')?.split('.')[0] === version) {
      version = fields.get('DEBIAN_VERSION_FULL') ?? version;
    }
  } else if (distro === 'ubuntu') {
    // VERSION_ID is "22.04"; VERSION carries the point release ("22.04.5 LTS (Jammy ...)").
    const point = /^(\d+\.\d+\.\d+)\b/.exec(fields.get('VERSION') ?? '')?.[1];
    if (point?.startsWith(`${version}.`)) version = point;
  } else if (REDHAT_FAMILY.has(distro)) {
    // CentOS 7 says only "7"; its redhat-release has "7.9.2009".
    const line = files.get('/etc/redhat-release');
    const precise = line === undefined ? undefined : fromRedhatRelease(line)?.version;
    if (precise?.startsWith(`${version}.`)) {
      version = precise;
      evidence.push('/etc/redhat-release');
    }
  }
  const os: DetectedOs = { distro, version, release: releaseOf(distro, version), evidence };
  const codename = fields.get('VERSION_CODENAME') ?? fields.get('UBUNTU_CODENAME');
  if (codename) os.codename = codename;
  const prettyName = fields.get('PRETTY_NAME');
  if (prettyName) os.prettyName = prettyName;
  return os;
}

// CentOS and other rebuilds are detected as themselves, never as rhel: Red Hat's feeds give
// wrong answers on them, so the feed catalogue leaves them unsupported (docs/feeds.md).
function fromRedhatRelease(text: string): DetectedOs | undefined {
  const line = text.split('\n')[0]?.trim() ?? '';
  const match = /^(.*?) release (\d+(?:\.\d+)*)/.exec(line);
  if (!match?.[1] || !match[2]) return undefined;
  const name = match[1];
  const distro = /^Red Hat Enterprise Linux/.test(name)
    ? 'rhel'
    : /^CentOS/.test(name)
      ? 'centos'
      : /^Fedora/.test(name)
        ? 'fedora'
        : name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    distro,
    version: match[2],
    release: releaseOf(distro, match[2]),
    prettyName: line,
    evidence: ['/etc/redhat-release'],
  };
}

function fromDebianVersion(text: string): DetectedOs | undefined {
  const version = text.trim();
  // testing and unstable say "trixie/sid": no stable release, so no feed can be picked.
  if (!/^\d+(\.\d+)*$/.test(version)) return undefined;
  return {
    distro: 'debian',
    version,
    release: releaseOf('debian', version),
    evidence: ['/etc/debian_version'],
  };
}

/** Ubuntu's lsb-release, for images without os-release. */
function fromLsbRelease(text: string): DetectedOs | undefined {
  const fields = parseOsRelease(text);
  const version = fields.get('DISTRIB_RELEASE') ?? '';
  if (fields.get('DISTRIB_ID') !== 'Ubuntu' || !/^\d+\.\d+$/.test(version)) return undefined;
  const os: DetectedOs = {
    distro: 'ubuntu',
    version,
    release: version,
    evidence: ['/etc/lsb-release'],
  };
  const codename = fields.get('DISTRIB_CODENAME');
  if (codename) os.codename = codename;
  const description = fields.get('DISTRIB_DESCRIPTION');
  if (description) os.prettyName = description;
  return os;
}

function releaseOf(distro: string, version: string): string {
  if (MAJOR_VERSION_DISTROS.has(distro)) return version.split('.')[0] ?? version;
  // Ubuntu releases are "YY.MM"; a point release ("22.04.5") uses the release's feed.
  if (distro === 'ubuntu') return version.split('.').slice(0, 2).join('.');
  return version;
}
