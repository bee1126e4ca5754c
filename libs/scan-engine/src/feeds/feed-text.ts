import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { CodedError } from '@image-scanner/contracts';

/** Largest feed rewritten in memory. */
const MAX_FEED_BYTES = 1024 * 1024 * 1024;
const BUNZIP2_TIMEOUT_MS = 120_000;

/** A feed file's XML text, decompressing a .bz2 feed (recognised by its magic bytes). */
export async function readFeedText(path: string): Promise<string> {
  return (await readFeedBytes(path)).toString('utf8');
}

/** A feed file's XML bytes, decompressing a .bz2 feed. */
export async function readFeedBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(3);
  await handle.read(head, 0, 3, 0).finally(() => handle.close());
  if (head.toString('latin1') !== 'BZh') return readFile(path);
  return bunzip2File(path);
}

/** `bzip2 -dc FILE` with an argument list, a time limit and an output limit. */
function bunzip2File(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('bzip2', ['-dc', path], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: BUNZIP2_TIMEOUT_MS,
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_FEED_BYTES) child.kill('SIGKILL');
      else chunks.push(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && bytes <= MAX_FEED_BYTES) {
        resolve(Buffer.concat(chunks));
        return;
      }
      reject(
        new CodedError('ERR_FEED_INVALID', 'the feed could not be decompressed', {
          reason: bytes > MAX_FEED_BYTES ? 'too large' : `bzip2 exited with ${code}`,
        }),
      );
    });
  });
}
