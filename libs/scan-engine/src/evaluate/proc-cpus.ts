import { readFileSync } from 'node:fs';

/**
 * CPU facts of this process from Linux's /proc: which CPUs it may run on and which one its
 * calling thread last ran on. Each answer is undefined where /proc does not say.
 */

/** Parses a kernel CPU list such as `0-3,8,10-11` into CPU numbers. */
export function parseCpuList(list: string): number[] | undefined {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match?.[1]) return undefined;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first || last - first > 65_535) return undefined;
    for (let cpu = first; cpu <= last; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

/** The CPUs named by the `Cpus_allowed_list` line of a /proc status file. */
export function allowedCpusFromStatus(status: string): number[] | undefined {
  const line = /^Cpus_allowed_list:\s*(\S+)\s*$/m.exec(status);
  return line?.[1] ? parseCpuList(line[1]) : undefined;
}

/**
 * The `processor` field (the 39th) of a /proc stat line. The command name in parentheses may
 * hold spaces and parentheses itself, so fields are counted from its last closing one.
 */
export function processorFromStat(stat: string): number | undefined {
  const end = stat.lastIndexOf(')');
  if (end < 0) return undefined;
  // The fields after the name start with the 3rd (state), so the 39th is the 37th of these.
  const value = stat
    .slice(end + 1)
    .trim()
    .split(/\s+/)[36];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** CPUs this process may run on now (cpusets and affinity can change while it runs). */
export function allowedCpus(): number[] | undefined {
  return allowedCpusFromStatus(readProc('/proc/self/status') ?? '');
}

/** The CPU the calling thread last ran on: the one it is running on, as it is running. */
export function currentCpu(): number | undefined {
  const stat = readProc('/proc/thread-self/stat');
  return stat === undefined ? undefined : processorFromStat(stat);
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
