import type { ScanStatus, TargetStatus } from '@image-scanner/contracts';

/** One target as the original `/scan` answered it, keyed by its Docker id. */
export interface LegacyTargetResult {
  Critical: number;
  Important: number;
  Moderate: number;
  Low: number;
  /** The original's later versions used lower-case keys; both are sent. */
  critical: number;
  important: number;
  moderate: number;
  low: number;
  os?: string;
  /** Short (12-character) ids of the containers that share this result. */
  cids: string[];
  xml_url?: string;
  http_url?: string;
  json_url?: string;
  /** Why there are no counts: unsupported OS or an error, as the original's `msg`. */
  msg?: string;
  outcome?: string;
  code?: string;
}

function osName(target: TargetStatus): string | undefined {
  if (!target.os) return undefined;
  return target.os.prettyName ?? `${target.os.distro} ${target.os.version}`;
}

// Known limitation: the original shape has only severity counts, so an old client that reads
// nothing but counts sees an error or unsupported target as zero findings; the `msg`, `code`
// and `outcome` fields say why, and new clients should use GET /scans/:id instead.
/**
 * The original `/scan` answer's `results`: one entry per target id with Red Hat's four
 * severity counts, the OS, the containers of the image and links to the XML and HTML
 * reports (`hostContainers`: every container of the host, so `cids` lists them all, as the
 * original did). `reportUrl` turns a stored report's path into a URL under the legacy API.
 */
export function toLegacyResults(
  status: ScanStatus,
  reportUrl: (evaluationKey: string, file: string) => string,
  hostContainers: readonly { id: string; imageId: string }[] = [],
): Record<string, LegacyTargetResult> {
  const results: Record<string, LegacyTargetResult> = {};
  const containersOf = (imageId: string | undefined): string[] => {
    const scanned = status.targets
      .filter((t) => t.kind === 'container' && t.imageId === imageId && t.id)
      .map((t) => t.id ?? '');
    const onHost = hostContainers.filter((c) => c.imageId === imageId).map((c) => c.id);
    return [...new Set([...scanned, ...onHost])].map((id) => id.slice(0, 12));
  };
  for (const target of status.targets) {
    const key = target.id ?? target.requested;
    const c = target.counts;
    const entry: LegacyTargetResult = {
      Critical: c?.critical ?? 0,
      Important: c?.high ?? 0,
      Moderate: c?.medium ?? 0,
      Low: c?.low ?? 0,
      critical: c?.critical ?? 0,
      important: c?.high ?? 0,
      moderate: c?.medium ?? 0,
      low: c?.low ?? 0,
      cids: target.kind === 'image' ? containersOf(target.id) : [],
      ...(target.outcome ? { outcome: target.outcome } : {}),
    };
    const os = osName(target);
    if (os) entry.os = os;
    if (target.evaluationKey && target.reports?.xml) {
      entry.xml_url = reportUrl(target.evaluationKey, 'results.xml');
    }
    if (target.evaluationKey && target.reports?.html) {
      entry.http_url = reportUrl(target.evaluationKey, 'report.html');
    }
    if (target.evaluationKey && target.reports?.json) {
      entry.json_url = reportUrl(target.evaluationKey, 'report.json');
    }
    if (target.error) {
      entry.msg = target.error.message;
      entry.code = target.error.code;
    }
    results[key] = entry;
  }
  return results;
}
