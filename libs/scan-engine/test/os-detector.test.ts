import { expect } from 'chai';
import { RELEASE_FILES } from '../src/acquire/package-db-paths.js';
import { detectOs, releaseFilesToRead, usesRpm } from '../src/detect/os-detector.js';
import { RELEASE_FIXTURES } from './support/release-files.js';

// Release files as the named images ship them.
const RHEL_79_OS_RELEASE = `NAME="Red Hat Enterprise Linux Server"
VERSION="7.9 (Maipo)"
ID="rhel"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="7.9"
PRETTY_NAME="Red Hat Enterprise Linux Server 7.9 (Maipo)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:redhat:enterprise_linux:7.9:GA:server"
`;

const DEBIAN_12_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

const UBUNTU_2204_OS_RELEASE = `PRETTY_NAME="Ubuntu 22.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.1 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
UBUNTU_CODENAME=jammy
`;

describe('OS detection from release files', () => {
  const cases = [
    {
      name: 'RHEL 7.9 by os-release',
      files: { '/etc/os-release': RHEL_79_OS_RELEASE },
      expected: { distro: 'rhel', version: '7.9', release: '7' },
    },
    {
      name: 'Debian 12 with its point release from debian_version',
      files: { '/etc/os-release': DEBIAN_12_OS_RELEASE, '/etc/debian_version': '12.8\n' },
      expected: { distro: 'debian', version: '12.8', release: '12', codename: 'bookworm' },
    },
    {
      name: 'Ubuntu 22.04 keeps the full version as its release',
      files: { '/etc/os-release': UBUNTU_2204_OS_RELEASE },
      expected: { distro: 'ubuntu', version: '22.04.1', release: '22.04', codename: 'jammy' },
    },
    {
      name: 'an old image with only redhat-release',
      files: { '/etc/redhat-release': 'Red Hat Enterprise Linux Server release 6.10 (Santiago)\n' },
      expected: { distro: 'rhel', version: '6.10', release: '6' },
    },
    {
      name: 'CentOS by redhat-release is not mistaken for RHEL',
      files: { '/etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n' },
      expected: { distro: 'centos', version: '7.9.2009', release: '7' },
    },
    {
      name: 'os-release only under /usr/lib',
      files: { '/usr/lib/os-release': DEBIAN_12_OS_RELEASE },
      expected: { distro: 'debian', version: '12', release: '12' },
    },
  ];
  for (const tc of cases) {
    it(`detects ${tc.name}`, () => {
      const os = detectOs(new Map(Object.entries(tc.files)));
      expect(os).to.include(tc.expected);
      expect(os?.evidence.length).to.be.greaterThan(0);
    });
  }

  it('detects nothing for Debian testing, which has no stable release to pick a feed by', () => {
    expect(detectOs(new Map([['/etc/debian_version', 'trixie/sid\n']]))).to.equal(undefined);
  });

  it('detects nothing when no release file was found', () => {
    expect(detectOs(new Map())).to.equal(undefined);
  });
});

describe('OS detection on the release files of real images', () => {
  for (const tc of RELEASE_FIXTURES) {
    it(`detects ${tc.image} as ${tc.expected.distro} ${tc.expected.release}`, () => {
      const os = detectOs(new Map(Object.entries(tc.files)));
      expect(os).to.deep.include(tc.expected);
      if (!tc.expected.codename) expect(os?.codename).to.equal(undefined);
    });
  }

  describe('reading only the release files detection needs', () => {
    const osReleaseOf = (files: Record<string, string>) =>
      files['/etc/os-release'] ?? files['/usr/lib/os-release'];

    for (const tc of RELEASE_FIXTURES) {
      it(`detects ${tc.image} the same from os-release and what it calls for`, () => {
        const wanted = new Set([
          '/etc/os-release',
          '/usr/lib/os-release',
          ...releaseFilesToRead(osReleaseOf(tc.files), RELEASE_FILES),
        ]);
        const read = Object.entries(tc.files).filter(([path]) => wanted.has(path));
        expect(detectOs(new Map(read))).to.deep.equal(detectOs(new Map(Object.entries(tc.files))));
      });
    }

    it('reads the distro file a terse os-release needs, and every file without os-release', () => {
      const rhel = 'ID="rhel"\nVERSION_ID="7"\n';
      expect(releaseFilesToRead(rhel, RELEASE_FILES)).to.deep.equal(['/etc/redhat-release']);
      expect(releaseFilesToRead('ID=ubuntu\n', RELEASE_FILES)).to.deep.equal([]);
      expect(releaseFilesToRead(undefined, RELEASE_FILES)).to.deep.equal(
        RELEASE_FILES.filter((p) => !p.endsWith('/os-release')),
      );
      expect(releaseFilesToRead('NAME=x\n', RELEASE_FILES)).to.have.length(5);
    });

    it('looks for rpm first on the Red Hat and SUSE families, by ID or ID_LIKE', () => {
      expect(usesRpm('ID="rhel"\nID_LIKE="fedora"\n')).to.equal(true);
      expect(usesRpm('ID="rocky"\n')).to.equal(true);
      expect(usesRpm('ID="opensuse-leap"\nID_LIKE="suse opensuse"\n')).to.equal(true);
      expect(usesRpm('ID=debian\n')).to.equal(false);
      expect(usesRpm('ID=ubuntu\nID_LIKE=debian\n')).to.equal(false);
      expect(usesRpm(undefined)).to.equal(false);
    });
  });
});
