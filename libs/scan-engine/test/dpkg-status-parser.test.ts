import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { parseDpkgStatus } from '../src/inventory/dpkg-status-parser.js';

const REAL_DATA = new URL('../../../../shared/data/real/packages/', import.meta.url);

describe('dpkg status parsing', () => {
  it('lists the 89 packages of a real Ubuntu 18.04 status file with epochs and sources', async () => {
    const text = await readFile(new URL('ubuntu-bionic.dpkg-status', REAL_DATA), 'utf8');
    const packages = parseDpkgStatus(text);
    expect(packages).to.have.length(89);
    const libgcrypt = packages.find((p) => p.name === 'libgcrypt20');
    expect(libgcrypt).to.include({ kind: 'dpkg', version: '1.8.1-4ubuntu1.1', arch: 'amd64' });
    // Its source has the same name, so the status file gives none and neither does the parser.
    expect(libgcrypt?.source).to.equal(undefined);
    const withEpoch = packages.filter((p) => /^\d+:/.test(p.version));
    expect(withEpoch.length).to.be.greaterThan(0);
    const bsdutils = packages.find((p) => p.name === 'bsdutils');
    expect(bsdutils?.source).to.equal('util-linux');
    expect(bsdutils?.version).to.match(/^1:2\.31/);
  });

  it('keeps the source name when the status gives it with its own version', async () => {
    const text = await readFile(new URL('debian-buster-postgresql.dpkg-status', REAL_DATA), 'utf8');
    const packages = parseDpkgStatus(text);
    expect(packages.map((p) => p.name)).to.have.length(3);
    expect(packages.filter((p) => p.source === 'postgresql-common').length).to.be.greaterThan(0);
  });

  it('leaves out packages that were removed but left their configuration behind', () => {
    const text = [
      'Package: kept\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64',
      'Package: gone\nStatus: deinstall ok config-files\nVersion: 2.0-1\nArchitecture: amd64',
    ].join('\n\n');
    expect(parseDpkgStatus(text).map((p) => p.name)).to.deep.equal(['kept']);
  });
});
