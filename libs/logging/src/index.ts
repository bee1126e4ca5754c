export { LOG_FIELDS, createLogger, type Logger, type LoggerOptions } from './create-logger.js';
