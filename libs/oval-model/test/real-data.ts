import { fileURLToPath } from 'node:url';

/** Real vendor data lives beside the repository, never inside it (see SOURCES.md there). */
const REAL_DATA = new URL('../../../../shared/data/real/', import.meta.url);

export function realDataPath(relative: string): string {
  return fileURLToPath(new URL(relative, REAL_DATA));
}
