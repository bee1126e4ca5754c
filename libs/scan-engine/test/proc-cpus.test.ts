import { availableParallelism } from 'node:os';
import { expect } from 'chai';
import {
  allowedCpus,
  allowedCpusFromStatus,
  currentCpu,
  parseCpuList,
  processorFromStat,
} from '../src/evaluate/proc-cpus.js';

describe('CPU facts from /proc', () => {
  it('reads kernel CPU lists with single CPUs and ranges', () => {
    expect(parseCpuList('0')).to.deep.equal([0]);
    expect(parseCpuList('0-3,8,10-11\n')).to.deep.equal([0, 1, 2, 3, 8, 10, 11]);
  });

  it('refuses lists it cannot read rather than guessing', () => {
    expect(parseCpuList('')).to.equal(undefined);
    expect(parseCpuList('3-1')).to.equal(undefined);
    expect(parseCpuList('0,a')).to.equal(undefined);
    expect(parseCpuList('0-99999999')).to.equal(undefined);
  });

  it('finds the allowed list in a status file', () => {
    const status = 'Name:\tnode\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n';
    expect(allowedCpusFromStatus(status)).to.deep.equal([0, 1]);
    expect(allowedCpusFromStatus('Name:\tnode\n')).to.equal(undefined);
  });

  it('counts stat fields from the last parenthesis, whatever the command name holds', () => {
    const after = ['S', ...Array.from({ length: 35 }, (_, i) => String(i + 4)), '7', '0'];
    expect(processorFromStat(`42 (a) b (c) ${after.join(' ')}\n`)).to.equal(7);
    expect(processorFromStat('42 (short) S 1 2\n')).to.equal(undefined);
    expect(processorFromStat('no name here')).to.equal(undefined);
  });

  it('reads this process: the CPU it runs on is one it may use', function () {
    if (process.platform !== 'linux') this.skip();
    const allowed = allowedCpus();
    expect(allowed).to.have.length(availableParallelism());
    expect(allowed).to.include(currentCpu());
  });
});
