import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import unbzip2Stream from 'unbzip2-stream';
import { OvalParseError } from '../oval-parse-error.js';
import { findExecutable } from './find-executable.js';

let bzip2Binary: string | null | undefined;

/**
 * Decompresses bzip2 bytes. The system `bzip2 -dc` is preferred: on the 50 MB RHEL 7 stream
 * the pure-JS unbzip2-stream takes about 4 s and, since it builds each 900 kB block as a JS
 * array of numbers, pushes peak RSS past 400 MB; `bzip2` takes under a second in its own
 * small process. Without the binary, unbzip2-stream is the fallback.
 */
export function bunzip2(
  compressed: AsyncIterable<Buffer>,
  binary: string | null = systemBzip2(),
): AsyncGenerator<Buffer> {
  return binary === null ? bunzip2InProcess(compressed) : bunzip2Child(compressed, binary);
}

function systemBzip2(): string | null {
  if (bzip2Binary === undefined) bzip2Binary = findExecutable('bzip2') ?? null;
  return bzip2Binary;
}

async function* bunzip2Child(
  compressed: AsyncIterable<Buffer>,
  binary: string,
): AsyncGenerator<Buffer> {
  const child = spawn(binary, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  exited.catch(() => undefined);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 500) stderr += text;
  });
  // A failed write (EPIPE when bzip2 rejects the data) shows up as bzip2's exit status.
  const feeding = pipeline(Readable.from(compressed), child.stdin).catch(() => undefined);
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const code = await exited;
    if (code !== 0) {
      throw new OvalParseError(
        'ERR_OVAL_READ_FAILED',
        `failed to decompress bzip2 input: bzip2 exited with ${code}: ${stderr.trim()}`,
      );
    }
  } finally {
    if (child.exitCode === null) child.kill();
    await feeding;
  }
}

async function* bunzip2InProcess(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const source = Readable.from(compressed);
  const inflater = unbzip2Stream();
  // unbzip2-stream is a classic `through` stream that emits 'close' right after 'end';
  // Readable.wrap() would turn that into a premature close, legacy pipe() does not.
  const output = new PassThrough();
  source.on('error', (err) => output.destroy(err));
  inflater.on('error', (err) => output.destroy(err));
  source.pipe(inflater).pipe(output);
  try {
    for await (const chunk of output) yield chunk as Buffer;
  } finally {
    source.destroy();
    output.destroy();
  }
}
