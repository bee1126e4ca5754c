import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../fixtures/feeds/derive-feeds.ts', import.meta.url));

/** Writes the derived test feeds (see tests/fixtures/feeds/derive-feeds.ts) into a folder. */
export function deriveTestFeeds(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, outDir], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`derive-feeds exited with ${code}`)),
    );
  });
}
