import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The field names every service logs with. Messages are constant strings; anything that
 * varies goes into one of these fields, so logs can be searched and aggregated.
 */
export const LOG_FIELDS = [
  'service',
  'scanId',
  'jobId',
  'evaluationKey',
  'target',
  'imageId',
  'containerId',
  'err',
  'durationMs',
  'phase',
  'outcome',
  'code',
] as const;

export interface LoggerOptions {
  service: string;
  /** @defaultValue `info` */
  level?: string;
  /** Where lines go; standard output when absent. */
  destination?: DestinationStream;
}

/** Paths that may hold credentials; they never reach a log line. */
const REDACTED_PATHS = [
  'authorization',
  'token',
  '*.authorization',
  '*.token',
  'req.headers.authorization',
  'headers.authorization',
];

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

export type { Logger };
