import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { OvalParseError } from '../oval-parse-error.js';
import { bunzip2 } from './bunzip2.js';

/** What the parse entry points accept: XML text, XML bytes (maybe compressed) or a stream. */
export type OvalInput = string | Buffer | NodeJS.ReadableStream;

/** Slice size for in-memory input, so limits and aborts are checked as parsing goes. */
const SLICE_BYTES = 64 * 1024;
/** Longest magic number recognised (bzip2's "BZh"). */
const MAGIC_BYTES = 3;

/**
 * Yields the uncompressed XML bytes of `input`. bzip2 (Red Hat and Ubuntu publish .bz2) and
 * gzip are recognised by their magic bytes, not by a file name, so a stream or Buffer of a
 * compressed feed works too.
 */
export async function* openXmlBytes(input: OvalInput): AsyncGenerator<Buffer> {
  if (typeof input === 'string') {
    yield* slices(Buffer.from(input, 'utf8'));
    return;
  }
  const source: AsyncIterable<unknown> = Buffer.isBuffer(input) ? slices(input) : toReadable(input);
  const iterator = source[Symbol.asyncIterator]();
  const head = await readHead(iterator);
  if (head.length === 0) return;
  const rest = prepend(head, iterator);
  const decompressor = pickDecompressor(head);
  if (decompressor === undefined) {
    yield* rest;
    return;
  }
  yield* decompress(rest, decompressor);
}

/** Reads until the magic bytes can be told apart (a stream may start with a 1-byte chunk). */
async function readHead(iterator: AsyncIterator<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < MAGIC_BYTES) {
    const next = await iterator.next();
    if (next.done === true) break;
    const chunk = toBuffer(next.value);
    parts.push(chunk);
    length += chunk.length;
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}

type Decompressor = 'bzip2' | 'gzip';

function pickDecompressor(head: Buffer): Decompressor | undefined {
  // "BZh" + block size digit.
  if (head.length >= 3 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return undefined;
}

async function* decompress(
  compressed: AsyncIterable<Buffer>,
  kind: Decompressor,
): AsyncGenerator<Buffer> {
  try {
    if (kind === 'bzip2') {
      yield* bunzip2(compressed);
    } else {
      const gunzip = createGunzip();
      const source = Readable.from(compressed);
      source.on('error', (err) => gunzip.destroy(err));
      for await (const chunk of source.pipe(gunzip)) yield chunk as Buffer;
    }
  } catch (err) {
    if (err instanceof OvalParseError) throw err;
    throw new OvalParseError(
      'ERR_OVAL_READ_FAILED',
      `failed to decompress ${kind} input`,
      {},
      {
        cause: err,
      },
    );
  }
}

async function* prepend(head: Buffer, rest: AsyncIterator<unknown>): AsyncGenerator<Buffer> {
  yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield toBuffer(next.value);
  }
}

async function* slices(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
    yield bytes.subarray(offset, offset + SLICE_BYTES);
  }
}

function toReadable(stream: NodeJS.ReadableStream): AsyncIterable<unknown> {
  return stream instanceof Readable ? stream : new Readable().wrap(stream);
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  throw new OvalParseError('ERR_OVAL_READ_FAILED', 'failed to read input: stream yields non-bytes');
}
