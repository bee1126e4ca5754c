import { expect } from 'chai';
import {
  countBySeverity,
  readDefinitionsFile,
  summarizeFindings,
  type OvalResultsDocument,
} from '../src/index.js';
import { realDataPath } from './real-data.js';

describe('when summarizing results against the jammy feed', () => {
  it('reports true vulnerability definitions with installed and fixed versions', async () => {
    const feed = await readDefinitionsFile(
      realDataPath('ubuntu/vuls-data-update__com.ubuntu.jammy.cve.oval.xml'),
    );
    // What oscap would report for a jammy host with an old gpgv: the ids are the feed's own.
    const results: OvalResultsDocument = {
      generator: {},
      definitionResults: new Map([
        ['oval:com.ubuntu.jammy:def:100', 'true'],
        ['oval:com.ubuntu.jammy:def:2022349030000000', 'true'],
        ['oval:com.ubuntu.jammy:def:2022323250000000', 'false'],
      ]),
      testResults: new Map(),
      collectedObjects: [],
      packages: [
        {
          packageKind: 'dpkg',
          name: 'gpgv',
          version: '2.2.27',
          release: '3ubuntu2',
          evr: '0:2.2.27-3ubuntu2',
        },
      ],
      itemCount: 1,
    };
    const findings = summarizeFindings(feed, results);
    expect(findings.map((f) => f.advisoryId)).to.deep.equal(['CVE-2022-34903']);
    const [gnupg] = findings;
    expect(gnupg?.severity).to.deep.equal({ vendor: 'Medium', normalized: 'medium' });
    expect(gnupg?.fixState).to.equal('fixed');
    expect(gnupg?.packages.find((p) => p.name === 'gpgv')).to.deep.equal({
      name: 'gpgv',
      installedVersion: '0:2.2.27-3ubuntu2',
      fixedVersion: '0:2.2.27-3ubuntu2.1',
    });
    expect(countBySeverity(findings)).to.deep.equal({
      critical: 0,
      high: 0,
      medium: 1,
      low: 0,
      negligible: 0,
      unknown: 0,
    });
  });
});
