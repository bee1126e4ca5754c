import { expect } from 'chai';
import { pathKindOf } from '../src/acquire/path-kind.js';

describe('the kind of a path from the mode the Engine reports', () => {
  // Modes as the Engine sent them for real paths of the test images (Go's os.FileMode).
  it('reads folders, links and regular files', () => {
    expect(pathKindOf(2147484141)).to.equal('directory'); // /etc, drwxr-xr-x
    expect(pathKindOf(134218239)).to.equal('symlink'); // /etc/os-release, lrwxrwxrwx
    expect(pathKindOf(420)).to.equal('file'); // /etc/redhat-release, -rw-r--r--
  });

  it('calls every other kind "other", whatever its permissions', () => {
    const pipe = 2 ** 25 + 0o644;
    const socket = 2 ** 24 + 0o755;
    const charDevice = 2 ** 26 + 2 ** 21 + 0o666;
    for (const mode of [pipe, socket, charDevice]) expect(pathKindOf(mode)).to.equal('other');
  });
});
