import { expect } from 'chai';
import { normalizeSeverity, type NormalizedSeverity } from '../src/index.js';

describe('when normalizing vendor severities', () => {
  const table: [string | undefined, NormalizedSeverity, string][] = [
    ['Critical', 'critical', 'Red Hat'],
    ['Important', 'high', 'Red Hat'],
    ['Moderate', 'medium', 'Red Hat'],
    ['Low', 'low', 'Red Hat'],
    ['None', 'unknown', 'Red Hat RHBA'],
    ['critical', 'critical', 'Ubuntu'],
    ['High', 'high', 'Ubuntu'],
    ['Medium', 'medium', 'Ubuntu'],
    ['low', 'low', 'Ubuntu'],
    ['negligible', 'negligible', 'Ubuntu'],
    ['untriaged', 'unknown', 'Ubuntu'],
    ['unimportant', 'negligible', 'Debian'],
    ['medium*', 'medium', 'Debian guessed urgency'],
    ['not yet assigned', 'unknown', 'Debian'],
    [' Moderate ', 'medium', 'padded'],
    ['bogus', 'unknown', 'unrecognised'],
    [undefined, 'unknown', 'absent (most Debian definitions)'],
  ];
  for (const [vendor, expected, source] of table) {
    it(`maps ${JSON.stringify(vendor)} (${source}) to ${expected}`, () => {
      expect(normalizeSeverity(vendor)).to.equal(expected);
    });
  }
});
