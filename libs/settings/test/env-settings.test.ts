import { expect } from 'chai';
import {
  SettingError,
  envChoice,
  envFlag,
  envInteger,
  envList,
  envPort,
  envRequired,
} from '../src/env-settings.js';

describe('settings from the environment', () => {
  it('takes the fallback when a variable is unset or empty', () => {
    expect(envInteger({}, 'N', 7, 0)).to.equal(7);
    expect(envInteger({ N: '' }, 'N', 7, 0)).to.equal(7);
    expect(envFlag({}, 'F', true)).to.equal(true);
  });

  const bad: [string, () => unknown][] = [
    ['a non-integer', () => envInteger({ N: '1.5' }, 'N', 1, 0)],
    ['a number under the minimum', () => envInteger({ N: '0' }, 'N', 1, 1)],
    ['a port over 65535', () => envPort({ P: '70000' }, 'P', 1)],
    ['a flag that is not true or false', () => envFlag({ F: 'yes' }, 'F', false)],
    ['a missing required value', () => envRequired({}, 'R')],
    ['a word not among the choices', () => envChoice({ C: 'Auto' }, 'C', ['auto', 'off'], 'off')],
  ];
  for (const [name, read] of bad) {
    it(`refuses ${name}, naming the variable`, () => {
      expect(read).to.throw(SettingError).with.property('setting').that.is.a('string');
    });
  }

  it('takes one of a set of words, or the fallback when unset', () => {
    expect(envChoice({ C: 'auto' }, 'C', ['auto', 'off'], 'off')).to.equal('auto');
    expect(envChoice({}, 'C', ['auto', 'off'], 'off')).to.equal('off');
  });

  it('splits lists on commas and drops empty items', () => {
    expect(envList({ L: ' a, b ,,c ' }, 'L')).to.deep.equal(['a', 'b', 'c']);
    expect(envList({}, 'L')).to.deep.equal([]);
  });
});
