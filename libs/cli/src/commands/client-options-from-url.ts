import type { ImageScannerClientOptions } from '@image-scanner/client';
import { UsageError } from '../usage-error.js';

/** Host, port and protocol of an API URL such as `http://scanner.example:5001`. */
export function clientOptionsFromUrl(
  raw: string,
): Pick<ImageScannerClientOptions, 'host' | 'port' | 'protocol'> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`not an API URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the API URL must be http or https: ${raw}`);
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port ? Number(url.port) : protocol === 'https' ? 443 : 80;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, protocol };
}
