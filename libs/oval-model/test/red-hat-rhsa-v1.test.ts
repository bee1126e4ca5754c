import { expect } from 'chai';
import {
  affectedPackages,
  readDefinitionsFile,
  type OvalDefinition,
  type OvalDefinitionsDocument,
} from '../src/index.js';
import { realDataPath } from './real-data.js';

describe('when reading the Red Hat v1 RHSA file for RHEL 8', () => {
  let document: OvalDefinitionsDocument;
  let firefox: OvalDefinition;

  before(async () => {
    document = await readDefinitionsFile(
      realDataPath('redhat/claircore__com.redhat.rhsa-RHEL8.xml'),
    );
    const found = document.definitions.find((d) => d.id === 'oval:com.redhat.rhsa:def:20190966');
    if (found === undefined) throw new Error('RHSA-2019:0966 missing from the fixture');
    firefox = found;
  });

  it('reads every definition, test, object, state and variable', () => {
    expect(document.definitions).to.have.length(129);
    expect(document.definitions.every((d) => d.class === 'patch')).to.equal(true);
    expect(document.tests.size).to.equal(3307);
    expect(document.objects.size).to.equal(1204);
    expect(document.states.size).to.equal(612);
    expect(document.variables.size).to.equal(1);
  });

  it('reads the generator', () => {
    expect(document.generator).to.include({
      productName: 'Red Hat OVAL Patch Definition Merger',
      schemaVersion: '5.10',
      timestamp: '2019-11-13T15:57:02',
    });
  });

  it('keeps the advisory metadata of RHSA-2019:0966', () => {
    expect(firefox.title).to.equal('RHSA-2019:0966: firefox security update (Critical)');
    expect(firefox.severity).to.equal('Critical');
    expect(firefox.advisoryIds).to.deep.equal(['RHSA-2019:0966']);
    expect(firefox.issued).to.equal('2019-05-07');
    expect(firefox.affectedFamily).to.equal('unix');
    expect(firefox.affectedPlatforms).to.deep.equal(['Red Hat Enterprise Linux 8']);
    expect(firefox.fixState).to.equal('fixed');
    expect(firefox.description).to.match(/^Mozilla Firefox is an open-source web browser/);
  });

  it('keeps all ten CVE ids, not only the first', () => {
    expect(firefox.cveIds).to.deep.equal([
      'CVE-2018-18506',
      'CVE-2019-9788',
      'CVE-2019-9790',
      'CVE-2019-9791',
      'CVE-2019-9792',
      'CVE-2019-9793',
      'CVE-2019-9795',
      'CVE-2019-9796',
      'CVE-2019-9810',
      'CVE-2019-9813',
    ]);
    expect(firefox.references[0]).to.deep.equal({
      source: 'RHSA',
      refId: 'RHSA-2019:0966',
      url: 'https://access.redhat.com/errata/RHSA-2019:0966',
    });
    expect(firefox.references).to.have.length(11);
  });

  it('keeps the v2-style criteria tree', () => {
    const root = firefox.criteria;
    expect(root?.operator).to.equal('OR');
    expect(root?.children[0]).to.deep.equal({
      kind: 'criterion',
      testRef: 'oval:com.redhat.rhsa:tst:20190966006',
      negate: false,
      comment: 'Red Hat Enterprise Linux must be installed',
    });
    expect(root?.children[1]).to.include({ kind: 'criteria', operator: 'AND' });
  });

  it('lists the affected packages with fixed version and signing key', () => {
    expect(affectedPackages(document, firefox)).to.deep.equal([
      {
        name: 'firefox-debugsource',
        packageKind: 'rpm',
        fixedVersion: '0:60.6.1-1.el8',
        signatureKeyId: '199e2f91fd431d51',
      },
      {
        name: 'firefox',
        packageKind: 'rpm',
        fixedVersion: '0:60.6.1-1.el8',
        signatureKeyId: '199e2f91fd431d51',
      },
    ]);
  });

  it('reads test, object and state details', () => {
    expect(document.tests.get('oval:com.redhat.rhsa:tst:20190966001')).to.deep.equal({
      id: 'oval:com.redhat.rhsa:tst:20190966001',
      kind: 'rpminfo_test',
      check: 'at least one',
      comment: 'firefox-debugsource is earlier than 0:60.6.1-1.el8',
      objectRef: 'oval:com.redhat.rhsa:obj:20190966001',
      stateRefs: ['oval:com.redhat.rhsa:ste:20190966001'],
    });
    expect(document.objects.get('oval:com.redhat.rhsa:obj:20190966002')).to.include({
      kind: 'rpminfo_object',
      name: 'firefox',
    });
    expect(document.states.get('oval:com.redhat.rhsa:ste:20190966001')?.evr).to.deep.equal({
      value: '0:60.6.1-1.el8',
      operation: 'less than',
      datatype: 'evr_string',
    });
  });
});

describe('when reading the older per-advisory Red Hat files', () => {
  it('leaves the redhat-release version checks out of the affected packages', async () => {
    const document = await readDefinitionsFile(
      realDataPath('redhat/clair__fetcher_rhel_test.1.xml'),
    );
    const [definition] = document.definitions;
    if (definition === undefined) throw new Error('fixture has no definition');
    const names = affectedPackages(document, definition).map((p) => p.name);
    expect(names).to.deep.equal(['xerces-c', 'xerces-c-devel', 'xerces-c-doc']);
    expect(definition.cveIds).to.deep.equal(['CVE-2015-0252']);
  });

  it('reads the single-advisory errata file', async () => {
    const document = await readDefinitionsFile(
      realDataPath('redhat/claircore__com.redhat.rhsa-20201980.xml'),
    );
    expect(document.definitions.map((d) => [d.advisoryIds, d.cveIds, d.severity])).to.deep.equal([
      [['RHSA-2020:1980'], ['CVE-2020-11008'], 'Important'],
    ]);
  });
});
