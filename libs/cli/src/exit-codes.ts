/**
 * The CLI's exit codes, for CI gates. Documented in docs/cli.md; never renumbered.
 */
export const EXIT_CODES = {
  /** Every target was scanned and none reached `--fail-on`. */
  ok: 0,
  /** A target has a finding at or above the `--fail-on` severity. */
  findings: 1,
  /** The command line or a config file is wrong. */
  usage: 2,
  /** A target could not be scanned (`error` or `unsupported`): nothing vouches for it. */
  notScanned: 3,
  /** The scanner itself failed: Docker, the API or a worker did not answer. */
  failure: 4,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
