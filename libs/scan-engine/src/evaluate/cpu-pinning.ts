import { findExecutable } from '@image-scanner/oval-model';
import { allowedCpus, currentCpu } from './proc-cpus.js';

export const CPU_PINNING_MODES = ['auto', 'off'] as const;
export type CpuPinningMode = (typeof CPU_PINNING_MODES)[number];

export interface PinnedCommand {
  file: string;
  args: string[];
  /** The CPU the program is held to; absent when it runs wherever the kernel puts it. */
  cpu?: number;
  /** Gives the CPU back once the program has ended; the next run may take it again. */
  release(): void;
}

/**
 * Holds each oscap run to one CPU. oscap 1.3.7 runs its probes as threads and passes every
 * object between them and its main thread; left to roam, those threads wake each other across
 * CPUs at every hand-off. Measured on a 2-core machine with a RHEL 7-like image's cut feed:
 * a run took 84-88 ms (82-86 ms of CPU) roaming and 76-77 ms (74 ms of CPU) held to one CPU;
 * two streams of runs side by side did 1.71x the work of one roaming, 1.98x held
 * (docs/benchmarks.md).
 *
 * The CPU chosen is the one the calling thread is on when it starts oscap: that thread is
 * about to wait for oscap, and the kernel already keeps several busy workers' threads on
 * different CPUs, so their runs spread too. Runs of this process that overlap (more than one
 * job at a time) are spread by counting them: a CPU one of them holds is taken only when every
 * allowed CPU is held as often.
 */
// Known limitation: a held oscap run cannot move off its CPU when another process keeps that
// CPU busy; it shares that CPU until it ends, even while another one is idle.
export class CpuPinning {
  private readonly held = new Map<number, number>();

  private constructor(private readonly tasksetPath: string) {}

  /**
   * The pinning `mode` asks for, or why there is none: `off`, no `taskset` on PATH, or a
   * process that may run on a single CPU anyway.
   */
  static create(
    mode: CpuPinningMode,
    path = process.env.PATH ?? '',
  ): { pinning?: CpuPinning; reason?: string } {
    if (mode === 'off') return { reason: 'turned off' };
    const taskset = findExecutable('taskset', path);
    if (!taskset) return { reason: 'taskset was not found on PATH' };
    const cpus = allowedCpus();
    if (!cpus) return { reason: 'this system does not say which CPUs the process may use' };
    if (cpus.length < 2) return { reason: 'the process may use a single CPU only' };
    return { pinning: new CpuPinning(taskset) };
  }

  /** `file args` started through taskset on one CPU, or unchanged if none can be chosen. */
  command(file: string, args: readonly string[]): PinnedCommand {
    // Affinity may have shrunk since start-up; a CPU outside it would make taskset fail.
    const allowed = allowedCpus();
    if (!allowed || allowed.length < 2) return { file, args: [...args], release: () => {} };
    const cpu = this.choose(allowed, currentCpu());
    this.held.set(cpu, (this.held.get(cpu) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const count = (this.held.get(cpu) ?? 1) - 1;
      if (count > 0) this.held.set(cpu, count);
      else this.held.delete(cpu);
    };
    const pinned = ['--cpu-list', String(cpu), file, ...args];
    return { file: this.tasksetPath, args: pinned, cpu, release };
  }

  private choose(allowed: readonly number[], current: number | undefined): number {
    const load = (cpu: number) => this.held.get(cpu) ?? 0;
    let best = current !== undefined && allowed.includes(current) ? current : allowed[0];
    for (const cpu of allowed) if (load(cpu) < load(best as number)) best = cpu;
    return best as number;
  }
}
