/** Release files consulted to detect the OS, most specific first. */
export const RELEASE_FILES = [
  '/etc/os-release',
  '/usr/lib/os-release',
  '/etc/redhat-release',
  '/etc/centos-release',
  '/etc/system-release',
  '/etc/debian_version',
  '/etc/lsb-release',
] as const;

export const DPKG_STATUS_FILE = '/var/lib/dpkg/status';
/** Distroless images keep one status file per package here instead of one status file. */
export const DPKG_STATUS_DIR = '/var/lib/dpkg/status.d';
/** oscap's dpkginfo probe refuses to work without these two tables inside the root. */
export const DPKG_TABLES = ['/usr/share/dpkg/cputable', '/usr/share/dpkg/tupletable'] as const;

/** Where rpm keeps its database: RHEL 9 and newer Fedora moved it under /usr. */
export const RPM_DB_DIRS = ['/usr/lib/sysimage/rpm', '/var/lib/rpm'] as const;

/**
 * Paths whose change in a container's own layer means the container must be evaluated on
 * its own instead of sharing its image's result.
 */
export const PACKAGE_STATE_PREFIXES = [
  '/var/lib/dpkg',
  '/var/lib/rpm',
  '/usr/lib/sysimage/rpm',
  '/etc/os-release',
  '/usr/lib/os-release',
  '/etc/redhat-release',
  '/etc/debian_version',
  '/etc/lsb-release',
] as const;

export function changesPackageState(path: string): boolean {
  return PACKAGE_STATE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}
