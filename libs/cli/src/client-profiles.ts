import { readFile } from 'node:fs/promises';
import { parseIni } from '@image-scanner/contracts';

/** Where the original client looked for its profiles; `--config` or an env var overrides. */
export const DEFAULT_CLIENT_CONFIG_PATH = '/etc/image-scanner/image-scanner-client.conf';

/** One `[profile]` of `image-scanner-client.conf`: where an image-scanner API runs. */
export interface ClientProfile {
  name: string;
  host: string;
  port: number;
  /** Parallel scans; the original's `threads` (or `number`), at least 2. */
  threads: number;
}

/**
 * Reads the client config in the original INI shape: one section per profile with `host`
 * (or `hostname`), `port` and an optional `threads` (or `number`).
 */
export async function readClientProfiles(path: string): Promise<ClientProfile[]> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new Error(`cannot read the client config ${path}: ${(err as Error).message}`);
  });
  const profiles: ClientProfile[] = [];
  for (const [name, values] of parseIni(text)) {
    const host = values.get('host') ?? values.get('hostname');
    if (!host) throw new Error(`${path}: profile [${name}] has no host`);
    const port = Number(values.get('port') ?? '5001');
    const threads = Number(values.get('threads') ?? values.get('number') ?? '2');
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${path}: profile [${name}] has a bad port`);
    }
    if (!Number.isInteger(threads) || threads < 2) {
      throw new Error(`${path}: profile [${name}]: threads must be an integer >= 2`);
    }
    profiles.push({ name, host, port, threads });
  }
  return profiles;
}
