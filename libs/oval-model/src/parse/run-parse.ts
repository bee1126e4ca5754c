import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type ReadOptions } from '../read-options.js';
import { OvalParseError } from '../oval-parse-error.js';
import { openXmlBytes, type OvalInput } from './open-xml-bytes.js';
import { throwIfAborted, walkXml } from './walk-xml.js';
import type { XmlHandler } from './xml-handler.js';

/**
 * Runs one parse of `input` into `handler` with the caller's limits. Every failure leaves as
 * an OvalParseError; an abort wins over whatever error the interrupted read produced.
 */
export async function runParse(
  input: OvalInput,
  handler: XmlHandler,
  roots: readonly string[],
  options: ReadOptions = {},
): Promise<void> {
  const signal = options.signal;
  throwIfAborted(signal);
  // A stream that stops sending would otherwise hold the parse forever after an abort.
  const stopStream = (): void => {
    const stream = input as Partial<{ destroy: (err?: Error) => void }>;
    if (typeof input === 'object' && !Buffer.isBuffer(input)) stream.destroy?.();
  };
  signal?.addEventListener('abort', stopStream, { once: true });
  try {
    await walkXml(openXmlBytes(input), handler, {
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      roots,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (err) {
    throwIfAborted(signal);
    if (err instanceof OvalParseError) throw err;
    throw new OvalParseError(
      'ERR_OVAL_READ_FAILED',
      'failed to read OVAL input',
      {},
      {
        cause: err,
      },
    );
  } finally {
    signal?.removeEventListener('abort', stopStream);
  }
}
