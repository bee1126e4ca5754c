import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** ../shared/data/real next to the repository: read from there, never copied in. */
export const REAL_DATA =
  process.env.IMAGE_SCANNER_REAL_DATA ??
  resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '..', 'shared', 'data', 'real');

export const RHEL7_STREAM = join(
  REAL_DATA,
  'redhat',
  'smart_proxy_openscap__rhel-7-including-unpatched.oval.xml.bz2',
);
export const DEBIAN11_EXCERPT = join(
  REAL_DATA,
  'debian',
  'vuls-data-update__oval-definitions-bullseye.xml',
);
export const UBUNTU_JAMMY = join(
  REAL_DATA,
  'ubuntu',
  'vuls-data-update__com.ubuntu.jammy.cve.oval.xml',
);
