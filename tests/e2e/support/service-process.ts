import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LogLine {
  msg?: string;
  level?: string;
  [field: string]: unknown;
}

/**
 * One service of the product running as its own process, started from its built entry point,
 * with its JSON log lines kept for assertions.
 */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  private exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        this.logs.push({ msg: line });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) =>
      this.logs.push({ msg: chunk.toString(), level: 'stderr' }),
    );
  }

  static start(name: string, entry: string, env: NodeJS.ProcessEnv): ServiceProcess {
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once the process has exited, whether by itself or by a signal. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the first log line whose message is `msg`; fails if the process exits. */
  async waitForLog(msg: string, timeoutMs = 30_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = this.logs.find((l) => l.msg === msg);
      if (line) return line;
      if (!this.running) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const tail = this.logs
      .slice(-10)
      .map((l) => JSON.stringify(l))
      .join('\n');
    throw new Error(`${this.name} did not log "${msg}" in time; last lines:\n${tail}`);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }
}
