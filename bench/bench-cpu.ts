import { readdir, readFile } from 'node:fs/promises';

/** CPU seconds used so far, by part of the machine, children included (oscap, Engine helpers). */
export interface CpuSample {
  engine: number;
  workers: number;
  services: number;
  redis: number;
  /** Every CPU of the machine, busy time only. */
  machineBusy: number;
}

const TICKS_PER_SECOND = 100;

/** utime + stime + cutime + cstime of one process, in seconds; 0 once it is gone. */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return 0;
  // Fields after the command name, which may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return ticks / TICKS_PER_SECOND;
}

async function pidsMatching(pattern: RegExp): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (pattern.test(command)) pids.push(Number(entry));
  }
  return pids;
}

async function sum(pids: readonly number[]): Promise<number> {
  const each = await Promise.all(pids.map(cpuSecondsOf));
  return each.reduce((a, b) => a + b, 0);
}

async function machineBusySeconds(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const ticks = line.split(/\s+/).slice(1, 9).map(Number);
  const busy = [0, 1, 2, 5, 6, 7].reduce((total, i) => total + (ticks[i] ?? 0), 0);
  return busy / TICKS_PER_SECOND;
}

/** Samples the Docker Engine (dockerd, containerd), the workers, API and store, and Redis. */
export async function sampleCpu(workerPids: number[], servicePids: number[]): Promise<CpuSample> {
  const engine = await pidsMatching(/^(\S*\/)?(dockerd|containerd)(\0|$)/);
  const redis = await pidsMatching(/^(\S*\/)?redis-server/);
  return {
    engine: await sum(engine),
    workers: await sum(workerPids),
    services: await sum(servicePids),
    redis: await sum(redis),
    machineBusy: await machineBusySeconds(),
  };
}

/** CPU milliseconds per target between two samples, and the machine's busy cores. */
export function cpuPerTarget(
  before: CpuSample,
  after: CpuSample,
  targets: number,
  wallMs: number,
): string {
  const ms = (key: keyof CpuSample) => Math.round(((after[key] - before[key]) * 1000) / targets);
  const cores = ((after.machineBusy - before.machineBusy) * 1000) / wallMs;
  return (
    `Engine ${ms('engine')}, workers ${ms('workers')}, API and store ${ms('services')}, ` +
    `Redis ${ms('redis')}; machine ${cores.toFixed(2)} cores busy`
  );
}
