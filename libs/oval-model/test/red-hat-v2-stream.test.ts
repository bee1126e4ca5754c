import { expect } from 'chai';
import {
  affectedPackages,
  readDefinitionsFile,
  type OvalDefinition,
  type OvalDefinitionsDocument,
} from '../src/index.js';
import { realDataPath } from './real-data.js';

const STREAM = 'redhat/smart_proxy_openscap__rhel-7-including-unpatched.oval.xml.bz2';

describe('when reading the 50 MB RHEL 7 v2 stream from its .bz2 file', () => {
  let document: OvalDefinitionsDocument;
  const byId = (id: string): OvalDefinition => {
    const found = document.definitions.find((d) => d.id === id);
    if (found === undefined) throw new Error(`${id} missing from the stream`);
    return found;
  };

  before(async function () {
    this.timeout(120_000);
    document = await readDefinitionsFile(realDataPath(STREAM));
  });

  it('reads every definition, test, object and state', () => {
    expect(document.definitions).to.have.length(7852);
    expect(document.definitions.filter((d) => d.class === 'patch')).to.have.length(1184);
    expect(document.definitions.filter((d) => d.class === 'vulnerability')).to.have.length(6668);
    expect(document.tests.size).to.equal(22019);
    expect(document.objects.size).to.equal(4353);
    expect(document.states.size).to.equal(3478);
    expect(document.variables.size).to.equal(1);
  });

  it('keeps all 22 CVE ids of the RHSA-2020:1016 kernel advisory', () => {
    const kernel = byId('oval:com.redhat.rhsa:def:20201016');
    expect(kernel.advisoryIds).to.deep.equal(['RHSA-2020:1016']);
    expect(kernel.cveIds).to.have.length(22);
    expect(kernel.cveIds[0]).to.equal('CVE-2015-9289');
    expect(kernel.cveIds.at(-1)).to.equal('CVE-2019-9503');
    expect(kernel.severity).to.equal('Moderate');
    expect(kernel.fixState).to.equal('fixed');
  });

  it('gives RHSA-2020:1000 its rsyslog packages with the fixed EVR', () => {
    const rsyslog = affectedPackages(document, byId('oval:com.redhat.rhsa:def:20201000'));
    expect(rsyslog[0]).to.deep.equal({
      name: 'rsyslog',
      packageKind: 'rpm',
      fixedVersion: '0:8.24.0-52.el7',
      signatureKeyId: '199e2f91fd431d51',
    });
  });

  it('marks an oval:com.redhat.cve definition unfixed and keeps CVEs named only in its title', () => {
    const ruby = byId('oval:com.redhat.cve:def:20095147');
    expect(ruby.fixState).to.equal('unfixed');
    expect(ruby.cveIds).to.deep.equal(['CVE-2009-5147', 'CVE-2015-7551']);
    expect(ruby.advisoryIds).to.deep.equal([]);
    expect(ruby.severity).to.equal('Low');
    const packages = affectedPackages(document, ruby);
    expect(packages[0]).to.deep.equal({
      name: 'rubygems',
      packageKind: 'rpm',
      signatureKeyId: '199e2f91fd431d51',
    });
  });

  it('marks an oval:com.redhat.unaffected definition unaffected', () => {
    const openssl = byId('oval:com.redhat.unaffected:def:19990428');
    expect(openssl.fixState).to.equal('unaffected');
    expect(openssl.cveIds).to.deep.equal(['CVE-1999-0428']);
  });

  it('gives every definition a fix state from its id family', () => {
    const states = new Map<string, Set<string>>();
    for (const definition of document.definitions) {
      const family = definition.id.split(':')[1] ?? '';
      const known = states.get(family) ?? new Set<string>();
      known.add(definition.fixState);
      states.set(family, known);
    }
    expect([...(states.get('com.redhat.rhsa') ?? [])]).to.deep.equal(['fixed']);
    expect([...(states.get('com.redhat.cve') ?? [])]).to.deep.equal(['unfixed']);
    expect([...(states.get('com.redhat.unaffected') ?? [])]).to.deep.equal(['unaffected']);
  });
});
