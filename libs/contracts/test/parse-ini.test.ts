import { expect } from 'chai';
import { parseIni } from '../src/parse-ini.js';

describe('parseIni: the original config files', () => {
  it('reads sections, both separators, comments, and lower-cases keys', () => {
    const sections = parseIni(
      '# client profiles\n[lab]\nhost = 10.0.0.5\nPort: 5002\n; no threads\n\n[prod]\nhost=a\n',
    );
    expect([...sections.keys()]).to.deep.equal(['lab', 'prod']);
    expect(Object.fromEntries(sections.get('lab')!)).to.deep.equal({
      host: '10.0.0.5',
      port: '5002',
    });
    expect(sections.get('prod')!.get('host')).to.equal('a');
  });

  it('refuses a key outside a section and a line that is not a pair', () => {
    expect(() => parseIni('port = 1\n[main]\n')).to.throw(/line 1/);
    expect(() => parseIni('[main]\njust words\n')).to.throw(/line 2/);
  });
});
