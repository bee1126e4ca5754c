/**
 * Release files as the named images ship them (`/etc/os-release` and friends), written out
 * from the images' own files: RHEL and UBI from Red Hat's images, CentOS 7 from centos:7,
 * Debian from the debuerreotype images, Ubuntu from Canonical's images.
 */
export interface ReleaseFixture {
  image: string;
  files: Record<string, string>;
  expected: { distro: string; version: string; release: string; codename?: string };
}

const RH_URLS = `HOME_URL="https://www.redhat.com/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
`;

function rhelModern(major: number, minor: number, codename: string): string {
  return `NAME="Red Hat Enterprise Linux"
VERSION="${major}.${minor} (${codename})"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="${major}.${minor}"
PLATFORM_ID="platform:el${major}"
PRETTY_NAME="Red Hat Enterprise Linux ${major}.${minor} (${codename})"
ANSI_COLOR="0;31"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:redhat:enterprise_linux:${major}::baseos"
HOME_URL="https://www.redhat.com/"
DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/${major}"
BUG_REPORT_URL="https://bugzilla.redhat.com/"

REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux ${major}"
REDHAT_BUGZILLA_PRODUCT_VERSION=${major}.${minor}
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="${major}.${minor}"
`;
}

function debianOsRelease(major: number, codename: string, full?: string): string {
  return `PRETTY_NAME="Debian GNU/Linux ${major} (${codename})"
NAME="Debian GNU/Linux"
VERSION_ID="${major}"
VERSION="${major} (${codename})"
VERSION_CODENAME=${codename}
${full ? `DEBIAN_VERSION_FULL=${full}\n` : ''}ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;
}

const UBUNTU_URLS = `HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
`;

function lsbRelease(version: string, codename: string, pretty: string): string {
  return `DISTRIB_ID=Ubuntu
DISTRIB_RELEASE=${version}
DISTRIB_CODENAME=${codename}
DISTRIB_DESCRIPTION="${pretty}"
`;
}

export const RELEASE_FIXTURES: readonly ReleaseFixture[] = [
  {
    image: 'RHEL 6.10 (rhel6, no os-release)',
    files: {
      '/etc/redhat-release': 'Red Hat Enterprise Linux Server release 6.10 (Santiago)\n',
      '/etc/system-release': 'Red Hat Enterprise Linux Server release 6.10 (Santiago)\n',
    },
    expected: { distro: 'rhel', version: '6.10', release: '6' },
  },
  {
    image: 'RHEL 7.9 (rhel7)',
    files: {
      '/etc/os-release': `NAME="Red Hat Enterprise Linux Server"
VERSION="7.9 (Maipo)"
ID="rhel"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="7.9"
PRETTY_NAME="Red Hat Enterprise Linux Server 7.9 (Maipo)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:redhat:enterprise_linux:7.9:GA:server"
${RH_URLS}
REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 7"
REDHAT_BUGZILLA_PRODUCT_VERSION=7.9
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="7.9"
`,
      '/etc/redhat-release': 'Red Hat Enterprise Linux Server release 7.9 (Maipo)\n',
    },
    expected: { distro: 'rhel', version: '7.9', release: '7' },
  },
  {
    image: 'UBI 8.0 (ubi8/ubi, 2019-04)',
    files: {
      '/etc/os-release': `NAME="Red Hat Enterprise Linux"
VERSION="8.0 (Ootpa)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="8.0"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Red Hat Enterprise Linux 8.0 (Ootpa)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:redhat:enterprise_linux:8.0:GA"
${RH_URLS}
REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 8"
REDHAT_BUGZILLA_PRODUCT_VERSION=8.0
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="8.0"
`,
      '/etc/redhat-release': 'Red Hat Enterprise Linux release 8.0 (Ootpa)\n',
    },
    expected: { distro: 'rhel', version: '8.0', release: '8' },
  },
  {
    image: 'RHEL 8.10 / UBI 8.10 (ubi8)',
    files: {
      '/etc/os-release': rhelModern(8, 10, 'Ootpa'),
      '/etc/redhat-release': 'Red Hat Enterprise Linux release 8.10 (Ootpa)\n',
    },
    expected: { distro: 'rhel', version: '8.10', release: '8' },
  },
  {
    image: 'RHEL 9.4 / UBI 9.4 (ubi9)',
    files: {
      '/etc/os-release': rhelModern(9, 4, 'Plow'),
      '/etc/redhat-release': 'Red Hat Enterprise Linux release 9.4 (Plow)\n',
    },
    expected: { distro: 'rhel', version: '9.4', release: '9' },
  },
  {
    image: 'CentOS 7.9.2009 (centos:7)',
    files: {
      '/etc/os-release': `NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"

CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"

`,
      '/etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n',
      '/etc/centos-release': 'CentOS Linux release 7.9.2009 (Core)\n',
    },
    expected: { distro: 'centos', version: '7.9.2009', release: '7' },
  },
  {
    image: 'Debian 10.13 (debian:10)',
    files: { '/etc/os-release': debianOsRelease(10, 'buster'), '/etc/debian_version': '10.13\n' },
    expected: { distro: 'debian', version: '10.13', release: '10', codename: 'buster' },
  },
  {
    image: 'Debian 11.11 (debian:11)',
    files: {
      '/etc/os-release': debianOsRelease(11, 'bullseye'),
      '/etc/debian_version': '11.11\n',
    },
    expected: { distro: 'debian', version: '11.11', release: '11', codename: 'bullseye' },
  },
  {
    image: 'Debian 12.8 (debian:12)',
    files: {
      '/etc/os-release': debianOsRelease(12, 'bookworm'),
      '/etc/debian_version': '12.8\n',
    },
    expected: { distro: 'debian', version: '12.8', release: '12', codename: 'bookworm' },
  },
  {
    image: 'Debian 13.1 (debian:13)',
    files: {
      '/etc/os-release': debianOsRelease(13, 'trixie', '13.1'),
      '/etc/debian_version': '13.1\n',
    },
    expected: { distro: 'debian', version: '13.1', release: '13', codename: 'trixie' },
  },
  {
    image: 'Ubuntu 18.04.6 (ubuntu:18.04)',
    files: {
      '/etc/os-release': `NAME="Ubuntu"
VERSION="18.04.6 LTS (Bionic Beaver)"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="Ubuntu 18.04.6 LTS"
VERSION_ID="18.04"
${UBUNTU_URLS}VERSION_CODENAME=bionic
UBUNTU_CODENAME=bionic
`,
      '/etc/lsb-release': lsbRelease('18.04', 'bionic', 'Ubuntu 18.04.6 LTS'),
      '/etc/debian_version': 'buster/sid\n',
    },
    expected: { distro: 'ubuntu', version: '18.04.6', release: '18.04', codename: 'bionic' },
  },
  {
    image: 'Ubuntu 20.04.6 (ubuntu:20.04)',
    files: {
      '/etc/os-release': `NAME="Ubuntu"
VERSION="20.04.6 LTS (Focal Fossa)"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="Ubuntu 20.04.6 LTS"
VERSION_ID="20.04"
${UBUNTU_URLS}VERSION_CODENAME=focal
UBUNTU_CODENAME=focal
`,
      '/etc/lsb-release': lsbRelease('20.04', 'focal', 'Ubuntu 20.04.6 LTS'),
      '/etc/debian_version': 'bullseye/sid\n',
    },
    expected: { distro: 'ubuntu', version: '20.04.6', release: '20.04', codename: 'focal' },
  },
  {
    image: 'Ubuntu 22.04.5 (ubuntu:22.04)',
    files: {
      '/etc/os-release': `PRETTY_NAME="Ubuntu 22.04.5 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.5 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
${UBUNTU_URLS}UBUNTU_CODENAME=jammy
`,
      '/etc/lsb-release': lsbRelease('22.04', 'jammy', 'Ubuntu 22.04.5 LTS'),
      '/etc/debian_version': 'bookworm/sid\n',
    },
    expected: { distro: 'ubuntu', version: '22.04.5', release: '22.04', codename: 'jammy' },
  },
  {
    image: 'Ubuntu 24.04.1 (ubuntu:24.04)',
    files: {
      '/etc/os-release': `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
${UBUNTU_URLS}UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`,
      '/etc/lsb-release': lsbRelease('24.04', 'noble', 'Ubuntu 24.04.1 LTS'),
      '/etc/debian_version': 'trixie/sid\n',
    },
    expected: { distro: 'ubuntu', version: '24.04.1', release: '24.04', codename: 'noble' },
  },
  {
    image: 'Ubuntu 22.04 without os-release (lsb-release only)',
    files: {
      '/etc/lsb-release': lsbRelease('22.04', 'jammy', 'Ubuntu 22.04.5 LTS'),
      '/etc/debian_version': 'bookworm/sid\n',
    },
    expected: { distro: 'ubuntu', version: '22.04', release: '22.04', codename: 'jammy' },
  },
];
