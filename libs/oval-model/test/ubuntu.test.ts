import { expect } from 'chai';
import {
  affectedPackages,
  readDefinitionsFile,
  type OvalDefinition,
  type OvalDefinitionsDocument,
} from '../src/index.js';
import { realDataPath } from './real-data.js';

describe('when reading the Ubuntu jammy CVE feed', () => {
  let document: OvalDefinitionsDocument;
  const byCve = (cve: string): OvalDefinition => {
    const found = document.definitions.find((d) => d.cveIds.includes(cve));
    if (found === undefined) throw new Error(`${cve} missing from the fixture`);
    return found;
  };

  before(async () => {
    document = await readDefinitionsFile(
      realDataPath('ubuntu/vuls-data-update__com.ubuntu.jammy.cve.oval.xml'),
    );
  });

  it('reads the inventory definition and seven CVEs', () => {
    expect(document.definitions).to.have.length(8);
    expect(document.definitions[0]).to.include({
      id: 'oval:com.ubuntu.jammy:def:100',
      class: 'inventory',
      fixState: 'unknown',
    });
  });

  it('expands constant_variable binary-name lists into affected packages', () => {
    const gnupg = byCve('CVE-2022-34903');
    const packages = affectedPackages(document, gnupg);
    expect(packages.map((p) => p.name)).to.deep.equal([
      'dirmngr',
      'gnupg',
      'gnupg-agent',
      'gnupg-l10n',
      'gnupg-utils',
      'gnupg2',
      'gpg',
      'gpg-agent',
      'gpg-wks-client',
      'gpg-wks-server',
      'gpgconf',
      'gpgsm',
      'gpgv',
      'gpgv-static',
      'gpgv-win32',
      'gpgv2',
      'scdaemon',
    ]);
    expect(packages.every((p) => p.fixedVersion === '0:2.2.27-3ubuntu2.1')).to.equal(true);
    expect(gnupg.fixState).to.equal('fixed');
    expect(gnupg.severity).to.equal('Medium');
  });

  it('keeps the extend_definition applicability check in the criteria', () => {
    expect(byCve('CVE-2022-34903').criteria?.children[0]).to.deep.equal({
      kind: 'extend',
      definitionRef: 'oval:com.ubuntu.jammy:def:100',
      negate: false,
      comment: 'Ubuntu 22.04 LTS (jammy) is installed.',
      applicabilityCheck: true,
    });
  });

  it('reads the status from criterion comments', () => {
    const states = Object.fromEntries(document.definitions.map((d) => [d.cveIds[0], d.fixState]));
    expect(states).to.deep.equal({
      undefined: 'unknown',
      'CVE-2021-29955': 'unfixed', // mozjs78 "is affected and may need fixing"
      'CVE-2022-2122': 'unfixed', // gst-plugins-good1.0 fix "pending publication"
      'CVE-2022-28190': 'unfixed', // "a decision has been made to ignore this issue"
      'CVE-2022-30595': 'fixed', // pillow "has been fixed"
      'CVE-2022-32325': 'unfixed', // "a decision has been made to defer addressing it"
      'CVE-2022-34903': 'fixed',
      'CVE-2022-36320': 'unfixed', // thunderbird "is affected and needs fixing"
    });
  });

  it('lists unfixed packages without a fixed version', () => {
    const packages = affectedPackages(document, byCve('CVE-2022-32325'));
    expect(packages.map((p) => p.name)).to.include.members(['jpegoptim', 'libjpeg-turbo8']);
    expect(packages.every((p) => p.fixedVersion === undefined)).to.equal(true);
  });
});

describe('when reading the Ubuntu xenial excerpt', () => {
  it('gives the fixed package its version and the unfixed one none', async () => {
    const document = await readDefinitionsFile(
      realDataPath('ubuntu/stackrox__com.ubuntu.xenial.cve.oval-excerpt.xml'),
    );
    const cve = document.definitions.find((d) => d.cveIds.includes('CVE-2015-4471'));
    if (cve === undefined) throw new Error('CVE-2015-4471 missing from the fixture');
    expect(cve.fixState).to.equal('unfixed');
    expect(cve.issued).to.equal('2015-06-11');
    expect(affectedPackages(document, cve)).to.deep.equal([
      { name: 'cabextract', packageKind: 'dpkg' },
      { name: 'libmspack0', packageKind: 'dpkg', fixedVersion: '0.4-3' },
    ]);
  });
});

describe("when reading Canonical's cvescan test content", () => {
  it('decides each canary definition from its comment', async () => {
    const document = await readDefinitionsFile(
      realDataPath('ubuntu/canonical-cvescan__com.ubuntu.test.cve.oval.xml'),
    );
    expect(document.definitions.map((d) => [d.id, d.fixState, d.severity])).to.deep.equal([
      ['oval:com.ubuntu.test:def:200', 'unfixed', 'High'],
      ['oval:com.ubuntu.test:def:300', 'unfixed', 'High'],
      ['oval:com.ubuntu.test:def:400', 'fixed', 'High'],
      ['oval:com.ubuntu.test:def:500', 'fixed', 'High'],
    ]);
    const def400 = document.definitions[2];
    if (def400 === undefined) throw new Error('fixture has no def 400');
    // The title says CVE-1907-0400, the reference CVE-1970-0400: both are kept.
    expect(def400.cveIds).to.deep.equal(['CVE-1970-0400', 'CVE-1907-0400']);
    expect(affectedPackages(document, def400)).to.deep.equal([
      { name: 'linux-base', packageKind: 'dpkg', fixedVersion: '99:99.9.9p9+dfsg-9ubuntu9.9' },
    ]);
  });
});
