import type { DetectedOs } from '@image-scanner/contracts';
import { parseOsRelease } from './os-release-parser.js';

/** Distros whose release is named by major version only when picking a feed. */
const MAJOR_VERSION_DISTROS = new Set(['rhel', 'centos', 'debian', 'rocky', 'almalinux', 'ol']);

/**
 * Detects the OS from release files already read from the target (path to content).
 * os-release is preferred; the distro-specific files fill in where it is missing or terse.
 */
export function detectOs(files: ReadonlyMap<string, string>): DetectedOs | undefined {
  const osReleasePath = ['/etc/os-release', '/usr/lib/os-release'].find((p) => files.has(p));
  if (osReleasePath) {
    const fields = parseOsRelease(files.get(osReleasePath) ?? '');
    const distro = (fields.get('ID') ?? '').toLowerCase();
    if (distro) return fromOsRelease(distro, fields, files, osReleasePath);
  }
  const redhat = files.get('/etc/redhat-release');
  if (redhat !== undefined) return fromRedhatRelease(redhat);
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
    // os-release says "12"; debian_version has the point release ("12.8").
    const point = (files.get('/etc/debian_version') ?? '').trim();
    if (/^\d+(\.\d+)*$/.test(point) && point.split('.')[0] === version) {
      version = point;
      evidence.push('/etc/debian_version');
    }
  }
  const os: DetectedOs = { distro, version, release: releaseOf(distro, version), evidence };
  const codename = fields.get('VERSION_CODENAME') ?? fields.get('UBUNTU_CODENAME');
  if (codename) os.codename = codename;
  const prettyName = fields.get('PRETTY_NAME');
  if (prettyName) os.prettyName = prettyName;
  return os;
}

// Known limitation: CentOS and other rebuilds are detected but have no feed folder, so they are
// unsupported until the feed catalogue states a policy for Red Hat's feeds on rebuilds.
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

function releaseOf(distro: string, version: string): string {
  if (MAJOR_VERSION_DISTROS.has(distro)) return version.split('.')[0] ?? version;
  return version;
}
