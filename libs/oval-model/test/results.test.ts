import { expect } from 'chai';
import {
  countBySeverity,
  readResultsFile,
  summarizeFindings,
  type OvalResultsDocument,
} from '../src/index.js';
import { realDataPath } from './real-data.js';

describe('when reading oscap results of the OCP 4 feed on CentOS', () => {
  let results: OvalResultsDocument;

  before(async () => {
    results = await readResultsFile(
      realDataPath('results/smart_proxy_openscap__oval-results.ocp4-feed-on-centos.xml'),
    );
  });

  it('reads 67 definition results, all true', () => {
    expect(results.definitionResults.size).to.equal(67);
    expect([...new Set(results.definitionResults.values())]).to.deep.equal(['true']);
    expect(results.testResults.get('oval:com.redhat.rhba:tst:20192794016')).to.equal('true');
  });

  it('reads the oscap generator and the system it ran on', () => {
    expect(results.generator).to.include({
      productName: 'cpe:/a:open-scap:oscap',
      productVersion: '1.2.17',
      timestamp: '2020-12-17T04:57:11',
    });
    expect(results.system?.hostName).to.equal('centos-random.example.com');
  });

  it('parses the embedded definitions', () => {
    expect(results.definitions?.definitions).to.have.length(67);
    expect(results.definitions?.generator.timestamp).to.equal('2020-11-15T20:35:46');
  });

  it('skips the embedded definitions on request, with the same results', async () => {
    const lean = await readResultsFile(
      realDataPath('results/smart_proxy_openscap__oval-results.ocp4-feed-on-centos.xml'),
      { skipDefinitions: true },
    );
    expect(lean.definitions).to.equal(undefined);
    expect(lean.definitionResults).to.deep.equal(results.definitionResults);
    expect(lean.testResults).to.deep.equal(results.testResults);
    expect(lean.packages).to.deep.equal(results.packages);
    expect(lean.generator).to.deep.equal(results.generator);
  });

  it('reads one rpmverifyfile item, which is not a package', () => {
    expect(results.itemCount).to.equal(1);
    expect(results.packages).to.deep.equal([]);
    const complete = results.collectedObjects.filter((o) => o.flag === 'complete');
    expect(complete).to.deep.equal([
      {
        id: 'oval:com.redhat.rhba:obj:20192794008',
        flag: 'complete',
        itemRefs: ['1018301'],
        messages: [],
      },
    ]);
  });

  it('summarizes 67 findings, 49 RHSA and 18 RHBA, with all their CVEs', () => {
    const definitions = results.definitions;
    if (definitions === undefined) throw new Error('no embedded definitions');
    const findings = summarizeFindings(definitions, results);
    expect(findings).to.have.length(67);
    const prefixes = findings.map((f) => /^(RH[SB]A)-\d{4}:\d+$/.exec(f.advisoryId)?.[1]);
    expect(prefixes.filter((p) => p === 'RHSA')).to.have.length(49);
    expect(prefixes.filter((p) => p === 'RHBA')).to.have.length(18);
    const first = findings[0];
    expect(first).to.include({
      definitionId: 'oval:com.redhat.rhsa:def:20204297',
      advisoryId: 'RHSA-2020:4297',
      class: 'patch',
      fixState: 'fixed',
    });
    expect(first?.severity).to.deep.equal({ vendor: 'Moderate', normalized: 'medium' });
    expect(first?.cveIds).to.deep.equal([
      'CVE-2019-16541',
      'CVE-2020-14040',
      'CVE-2020-14370',
      'CVE-2020-15586',
      'CVE-2020-16845',
      'CVE-2020-2252',
      'CVE-2020-2254',
      'CVE-2020-2255',
      'CVE-2020-8564',
    ]);
    // Nothing from the OCP feed is installed on the CentOS host, so no installed versions.
    expect(first?.packages.every((p) => p.installedVersion === undefined)).to.equal(true);
    expect(first?.packages.every((p) => p.fixedVersion !== undefined)).to.equal(true);
    const total = Object.values(countBySeverity(findings)).reduce((a, b) => a + b, 0);
    expect(total).to.equal(67);
  });
});

describe('when reading ovaldi 5.5 results of a RHEL 5 USGCB check', () => {
  let results: OvalResultsDocument;

  before(async () => {
    results = await readResultsFile(
      realDataPath('results/openscap__ovaldi-5.5-results.rhel5-usgcb.xml'),
    );
  });

  it('counts 311 false, 1 true and 1 unknown definition', () => {
    const counts: Record<string, number> = {};
    for (const value of results.definitionResults.values())
      counts[value] = (counts[value] ?? 0) + 1;
    expect(counts).to.deep.equal({ false: 311, true: 1, unknown: 1 });
    expect(results.generator.productName).to.equal('OVAL Definition Interpreter');
  });

  it('keeps installed rpminfo items with their EVR and signing key', () => {
    expect(results.packages).to.have.length(5);
    expect(results.packages.find((p) => p.name === 'rsh')).to.deep.equal({
      packageKind: 'rpm',
      name: 'rsh',
      version: '0.17',
      release: '44.fc8',
      arch: 'x86_64',
      evr: '0:0.17-44.fc8',
      signatureKeyId: 'b44269d04f2a6fd2',
    });
    expect(results.itemCount).to.equal(188);
  });

  it('keeps collected objects that do not exist, with interpreter messages', () => {
    expect(results.collectedObjects).to.have.length(477);
    expect(results.collectedObjects[0]).to.deep.equal({
      id: 'oval:gov.irs.rhel5:obj:99',
      flag: 'does not exist',
      itemRefs: [],
      messages: [],
    });
    const notCollected = results.collectedObjects.find((o) => o.flag === 'not collected');
    expect(notCollected?.messages[0]).to.match(/textfilecontent54_object\) is not currently/);
  });

  it('finds nothing, since compliance definitions are never findings', () => {
    const definitions = results.definitions;
    if (definitions === undefined) throw new Error('no embedded definitions');
    expect(definitions.definitions).to.have.length(313);
    expect(summarizeFindings(definitions, results)).to.deep.equal([]);
  });
});
