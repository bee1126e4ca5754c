import { expect } from 'chai';
import { loadConfig } from '../src/config.js';

const REQUIRED = { FEED_DIR: '/feeds', REPORT_STORE_WRITE_TOKEN: 'token' };

describe('the worker configuration', () => {
  it('reads the feeds to preload as distro and release pairs', () => {
    const config = loadConfig({ ...REQUIRED, FEED_PRELOAD: 'rhel/7, debian/12,ubuntu/22.04' });
    expect(config.preloadFeeds).to.deep.equal([
      { distro: 'rhel', release: '7' },
      { distro: 'debian', release: '12' },
      { distro: 'ubuntu', release: '22.04' },
    ]);
    expect(loadConfig(REQUIRED).preloadFeeds).to.deep.equal([]);
  });

  it('refuses a feed to preload that is not a plain <distro>/<release>', () => {
    for (const bad of ['rhel', 'rhel/7/x', '../etc/7', 'rhel/..', 'RHEL/7', '/rhel/7']) {
      expect(() => loadConfig({ ...REQUIRED, FEED_PRELOAD: bad }), bad).to.throw(/FEED_PRELOAD/);
    }
  });

  it('holds oscap to one CPU unless told off, and refuses any other word', () => {
    expect(loadConfig(REQUIRED).oscapCpuPinning).to.equal('auto');
    expect(loadConfig({ ...REQUIRED, OSCAP_CPU_PINNING: 'off' }).oscapCpuPinning).to.equal('off');
    expect(() => loadConfig({ ...REQUIRED, OSCAP_CPU_PINNING: 'yes' })).to.throw(
      /OSCAP_CPU_PINNING/,
    );
  });
});
