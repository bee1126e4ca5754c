import { CodedError, parseScanRequest, type ScanRequest } from '@image-scanner/contracts';

type LegacyBody = Record<string, unknown>;

function list(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new CodedError('ERR_VALIDATION', `${field}: must be a list of names or ids`, { field });
  }
  return value as string[];
}

/**
 * Turns the original tool's scan body into a scan request. Its clients sent either boolean
 * keys (`allcontainers`, `onlyactive`, `images`, `allimages`) or `scan` with a list of
 * names, and later versions a `scan_type` naming one of those; `images` could also be the
 * list. `number` (parallel scans) is accepted; the workers' concurrency decides instead.
 */
// Known limitation: the original `number` (parallel scans) is accepted and ignored on the legacy
// path; the workers' WORKER_CONCURRENCY decides how many of its targets run at once.
export function parseLegacyScanRequest(raw: unknown, host: string): ScanRequest {
  const body: LegacyBody = typeof raw === 'object' && raw !== null ? (raw as LegacyBody) : {};
  const type = typeof body.scan_type === 'string' ? body.scan_type : undefined;
  const yes = (key: string): boolean => body[key] === true || body[key] === 'true' || type === key;
  let request: unknown;
  if (type === 'list' || Array.isArray(body.scan)) {
    request = { targets: list(body.scan, 'scan') };
  } else if (Array.isArray(body.images)) {
    request = { targets: list(body.images, 'images') };
  } else if (yes('onlyactive')) {
    request = { containers: { onlyActive: true } };
  } else if (yes('allcontainers')) {
    request = { containers: { onlyActive: false } };
  } else if (yes('allimages')) {
    request = { images: { all: true } };
  } else if (yes('images')) {
    request = { images: { all: false } };
  } else {
    throw new CodedError(
      'ERR_VALIDATION',
      'scan_type: give one of allcontainers, onlyactive, images, allimages, or scan: [names]',
      { field: 'scan_type' },
    );
  }
  return parseScanRequest({ ...(request as object), host });
}
