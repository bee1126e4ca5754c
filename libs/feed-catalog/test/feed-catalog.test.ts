import { readFile } from 'node:fs/promises';
import { parseDefinitions } from '@image-scanner/oval-model';
import { expect } from 'chai';
import {
  FEED_CATALOG,
  UNSUPPORTED_DISTROS,
  catalogEntryFor,
  feedDownloadUrl,
} from '../src/feed-catalog.js';
import { identifyFeed } from '../src/feed-identity.js';
import { DEBIAN11_EXCERPT, REAL_DATA, UBUNTU_JAMMY } from './support/real-data.js';

describe('the feed catalogue', () => {
  const cases = [
    ...[6, 7, 8, 9].map((n) => ({
      distro: 'rhel',
      release: String(n),
      url: `https://security.access.redhat.com/data/oval/v2/RHEL${n}/rhel-${n}.oval.xml.bz2`,
    })),
    ...[
      ['10', 'buster'],
      ['11', 'bullseye'],
      ['12', 'bookworm'],
      ['13', 'trixie'],
    ].map(([release, codename]) => ({
      distro: 'debian',
      release: release!,
      url: `https://www.debian.org/security/oval/oval-definitions-${codename}.xml.bz2`,
    })),
    ...[
      ['18.04', 'bionic'],
      ['20.04', 'focal'],
      ['22.04', 'jammy'],
      ['24.04', 'noble'],
    ].map(([release, codename]) => ({
      distro: 'ubuntu',
      release: release!,
      url: `https://security-metadata.canonical.com/oval/com.ubuntu.${codename}.cve.oval.xml.bz2`,
    })),
  ];
  for (const tc of cases) {
    it(`maps ${tc.distro} ${tc.release} to ${tc.url}`, () => {
      expect(catalogEntryFor(tc.distro, tc.release)?.url).to.equal(tc.url);
    });
  }

  it('has nothing for CentOS, other rebuilds or unknown distros', () => {
    for (const distro of ['centos', 'rocky', 'almalinux', 'exampleos']) {
      expect(catalogEntryFor(distro, '7')).to.equal(undefined);
    }
    expect(UNSUPPORTED_DISTROS.map((d) => d.distro)).to.include('centos');
    expect(catalogEntryFor('debian', '9')).to.equal(undefined);
    expect(catalogEntryFor('ubuntu', '23.10')).to.equal(undefined);
  });

  it('gives every entry a unique id and file name', () => {
    expect(new Set(FEED_CATALOG.map((e) => e.id)).size).to.equal(FEED_CATALOG.length);
    expect(new Set(FEED_CATALOG.map((e) => e.fileName)).size).to.equal(FEED_CATALOG.length);
  });

  it('points at the mirror by file name when one is configured', () => {
    const rhel8 = catalogEntryFor('rhel', '8')!;
    expect(feedDownloadUrl(rhel8, 'http://mirror.example.invalid/oval/')).to.equal(
      'http://mirror.example.invalid/oval/rhel-8.oval.xml.bz2',
    );
    expect(feedDownloadUrl(rhel8)).to.equal(rhel8.url);
  });
});

describe('feed identification from content (real vendor files)', () => {
  const cases = [
    { file: DEBIAN11_EXCERPT, id: 'debian-11' },
    { file: UBUNTU_JAMMY, id: 'ubuntu-22.04' },
    { file: `${REAL_DATA}/redhat/claircore__com.redhat.rhsa-RHEL8.xml`, id: 'rhel-8' },
    { file: `${REAL_DATA}/redhat/clair__fetcher_rhel_test.2.xml`, id: 'rhel-7' },
    { file: `${REAL_DATA}/ubuntu/vulnerablecode__ubuntu_oval_data.bionic.xml`, id: 'ubuntu-18.04' },
  ];
  for (const tc of cases) {
    it(`identifies ${tc.file.split('/').pop()} as ${tc.id}`, async () => {
      const document = await parseDefinitions(await readFile(tc.file));
      expect(identifyFeed(document)?.entry.id).to.equal(tc.id);
    });
  }

  it('identifies nothing in the RHEL 3 feed, which the catalogue does not cover', async () => {
    const file = `${REAL_DATA}/redhat/claircore__Red_Hat_Enterprise_Linux_3.xml`;
    expect(identifyFeed(await parseDefinitions(await readFile(file)))).to.equal(undefined);
  });
});
