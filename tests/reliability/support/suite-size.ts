/**
 * The suite runs reduced by default (as CI runs it) and in full with RELIABILITY_FULL=1.
 * Every figure is printed either way.
 */
export const FULL = process.env.RELIABILITY_FULL === '1';

export function size(reduced: number, full: number): number {
  return FULL ? full : reduced;
}

/** Prints one figure of the suite in a line that is easy to collect from the output. */
export function figure(name: string, value: unknown): void {
  console.log(`reliability figure ${name}: ${JSON.stringify(value)}`);
}
