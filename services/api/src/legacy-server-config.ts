import { existsSync, readFileSync } from 'node:fs';
import { parseIni } from '@image-scanner/contracts';

/** Where the original daemon read its settings; `IMAGE_SCANNER_CONF` overrides it. */
export const DEFAULT_LEGACY_CONFIG_PATH = '/etc/image-scanner/image-scanner.conf';

/** `[main] port, hostip, dockerhost` of the original `image-scanner.conf`. */
export interface LegacyServerConfig {
  port?: string;
  hostip?: string;
  dockerhost?: string;
}

/**
 * Reads the original daemon's config file when it exists; an absent file is no settings.
 * A file that exists but cannot be parsed stops start-up with the reason.
 */
// Known limitation: only the API reads image-scanner.conf; a `dockerhost` socket URL there is
// not used by the worker, which takes its Engine from DOCKER_SOCKET.
export function readLegacyServerConfig(path: string): LegacyServerConfig {
  if (!existsSync(path)) return {};
  let main: Map<string, string> | undefined;
  try {
    main = parseIni(readFileSync(path, 'utf8')).get('main');
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const pick = (key: string): Partial<LegacyServerConfig> => {
    const value = main?.get(key);
    return value ? { [key]: value } : {};
  };
  return { ...pick('port'), ...pick('hostip'), ...pick('dockerhost') };
}
