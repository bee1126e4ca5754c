import { isCodedError } from '@image-scanner/contracts';
import { FEEDS_USAGE, feedsCommand } from './commands/feeds-command.js';
import { REMOTE_USAGE, remoteCommand } from './commands/remote-command.js';
import { SCAN_USAGE, scanCommand } from './commands/scan-command.js';
import { loadCliConfig } from './config.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

const USAGE = `image-scanner: find known vulnerabilities in Docker images and containers

${SCAN_USAGE}
${REMOTE_USAGE}
${FEEDS_USAGE}

Exit codes: 0 ok, 1 a finding at or above --fail-on, 2 usage, 3 a target could not be
scanned, 4 the scanner failed. See docs/cli.md.`;

async function run(argv: string[]): Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  const config = loadCliConfig();
  if (command === 'scan') return scanCommand(rest, config);
  if (command === 'remote') return remoteCommand(rest, config);
  if (command === 'feeds') return feedsCommand(rest);
  throw new UsageError(`unknown command ${command}`);
}

/** Usage errors exit 2 with the usage; anything else is the scanner failing, exit 4. */
function exitCodeOfError(err: unknown): ExitCode {
  const usage =
    err instanceof UsageError ||
    (err as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
    (err as { code?: unknown }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
    (isCodedError(err) && err.code === 'ERR_VALIDATION');
  if (usage) {
    process.stderr.write(`image-scanner: ${(err as Error).message}\n\n${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const code = isCodedError(err) ? `${err.code}: ` : '';
  process.stderr.write(`image-scanner: ${code}${(err as Error).message ?? String(err)}\n`);
  return EXIT_CODES.failure;
}

process.exitCode = await run(process.argv.slice(2)).catch(exitCodeOfError);
