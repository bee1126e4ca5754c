/**
 * Scan progress on standard error, so standard output stays clean for `--json`: a bar
 * redrawn in place on a terminal, one plain line per change otherwise (CI logs).
 */
export class ProgressDisplay {
  private last = '';

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number, total: number): void {
    const fraction = total === 0 ? 1 : done / total;
    const key = `${done}/${total}`;
    if (key === this.last) return;
    this.last = key;
    if (this.stream.isTTY) {
      const bar = '#'.repeat(Math.floor(fraction * 20)).padEnd(20);
      this.stream.write(`\r[${bar}] ${Math.floor(fraction * 100)}%    ${done}/${total}`);
    } else {
      this.stream.write(`progress ${done}/${total} targets\n`);
    }
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (this.stream.isTTY && this.last !== '') this.stream.write('\n');
  }
}
