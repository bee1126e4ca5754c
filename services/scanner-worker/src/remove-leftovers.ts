import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkerServices } from './worker-services.js';

/**
 * A worker that was killed leaves its reader containers and scratch folders behind. At start
 * a worker removes those older than the longest a job may run: no live worker can still be
 * using them, on this machine or another one sharing the Docker host.
 */
export async function removeLeftovers(services: WorkerServices, maxAgeMs: number): Promise<void> {
  const { docker, logger, config } = services;
  const removedContainers = await docker.removeReaderContainersOlderThan(maxAgeMs);
  let removedFolders = 0;
  const entries = await readdir(config.workDir).catch(() => [] as string[]);
  for (const name of entries.filter((n) => n.startsWith('target-'))) {
    const path = join(config.workDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > maxAgeMs) {
      await rm(path, { recursive: true, force: true });
      removedFolders += 1;
    }
  }
  if (removedContainers + removedFolders > 0) {
    logger.info({ removedContainers, removedFolders }, 'leftovers removed');
  }
}
