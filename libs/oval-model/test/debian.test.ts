import { expect } from 'chai';
import {
  affectedPackages,
  readDefinitionsFile,
  type OvalDefinition,
  type OvalDefinitionsDocument,
} from '../src/index.js';
import { realDataPath } from './real-data.js';

describe('when reading the Debian bullseye excerpt', () => {
  let document: OvalDefinitionsDocument;
  const byTitle = (title: string): OvalDefinition => {
    const found = document.definitions.find((d) => d.title === title);
    if (found === undefined) throw new Error(`${title} missing from the fixture`);
    return found;
  };

  before(async () => {
    document = await readDefinitionsFile(
      realDataPath('debian/vuls-data-update__oval-definitions-bullseye.xml'),
    );
  });

  it('reads the four definitions in document order', () => {
    expect(document.definitions.map((d) => d.title)).to.deep.equal([
      'CVE-2016-5405 389-ds-base',
      'CVE-2016-5416 389-ds-base',
      'CVE-2022-31625 php7.4',
      'DSA-5179-1 php7.4',
    ]);
    expect(document.generator.productName).to.equal('Debian');
  });

  it('treats a real less-than version as a fix', () => {
    const definition = byTitle('CVE-2016-5405 389-ds-base');
    expect(definition.fixState).to.equal('fixed');
    expect(definition.severity).to.equal(undefined);
    expect(affectedPackages(document, definition)).to.deep.equal([
      { name: '389-ds-base', packageKind: 'dpkg', fixedVersion: '0:1.3.5.15-1' },
    ]);
  });

  it('treats "earlier than 0:0" as no fix yet', () => {
    const definition = byTitle('CVE-2016-5416 389-ds-base');
    expect(definition.fixState).to.equal('unfixed');
    expect(affectedPackages(document, definition)).to.deep.equal([
      { name: '389-ds-base', packageKind: 'dpkg' },
    ]);
  });

  it('takes the DSA id from the title and the date from the debian block', () => {
    const definition = byTitle('DSA-5179-1 php7.4');
    expect(definition.class).to.equal('patch');
    expect(definition.advisoryIds).to.deep.equal(['DSA-5179-1']);
    expect(definition.cveIds).to.deep.equal(['CVE-2022-31625', 'CVE-2022-31626']);
    expect(definition.issued).to.equal('2022-07-08');
    expect(definition.affectedPlatforms).to.deep.equal(['Debian GNU/Linux 11']);
  });

  it('links a CVE definition to the DSA that fixed it', () => {
    const definition = byTitle('CVE-2022-31625 php7.4');
    expect(definition.advisoryIds).to.deep.equal(['DSA-5179']);
    expect(definition.fixState).to.equal('fixed');
  });
});

describe('when reading the vulnerablecode Debian 7 file', () => {
  it('keeps the fixed versions exactly as the feed writes them', async () => {
    const document = await readDefinitionsFile(
      realDataPath('debian/vulnerablecode__debian_oval_data.xml'),
    );
    const summary = document.definitions.map((d) => ({
      cves: d.cveIds,
      fixState: d.fixState,
      issued: d.issued,
      packages: affectedPackages(document, d),
    }));
    expect(summary).to.deep.equal([
      {
        cves: ['CVE-2001-1593'],
        fixState: 'fixed',
        issued: '2014-03-31',
        packages: [{ name: 'a2ps', packageKind: 'dpkg', fixedVersion: '0:1:4.14-1.1+deb7u1' }],
      },
      {
        cves: ['CVE-2002-2443'],
        fixState: 'fixed',
        issued: '2013-05-29',
        packages: [{ name: 'krb5', packageKind: 'dpkg', fixedVersion: '0:1.10.1+dfsg-5+deb7u1' }],
      },
    ]);
  });
});
