import type { ErrorBody, Finding, NormalizedSeverity } from '@image-scanner/contracts';
import type { TargetSummary } from '../target-summary.js';

/** One scanned target of a remote host, with what the printout needs beyond the summary. */
export interface RemoteTarget {
  summary: TargetSummary;
  baseImage?: string | undefined;
  /** Full ids of the containers based on the same image. */
  containers: string[];
  findings: Finding[];
}

export interface RemoteHostResult {
  profile: string;
  api: string;
  dockerHost?: string;
  scannedAt?: string;
  targets: RemoteTarget[];
  /** Why the host could not be scanned at all. */
  error?: ErrorBody;
}

/**
 * Red Hat's words for the normalized scale, in the order they are printed; Debian's and
 * Ubuntu's CVE definitions often carry no severity and are listed as unrated.
 */
const GROUPS: readonly [string, readonly NormalizedSeverity[]][] = [
  ['Critical', ['critical']],
  ['Important', ['high']],
  ['Moderate', ['medium']],
  ['Low', ['low']],
  ['Unrated', ['negligible', 'unknown']],
];

const short = (id: string | undefined): string => (id ?? '').replace(/^sha256:/, '').slice(0, 12);

/** The printout of one host: time of scan, Docker host, and per image its advisories. */
export function formatRemoteHost(host: RemoteHostResult): string {
  const lines = [`Profile: ${host.profile} (${host.api})`];
  if (host.error) {
    lines.push(`  Error: ${host.error.code}: ${host.error.message}`, '');
    return lines.join('\n');
  }
  lines.push(`  Time of scan: ${host.scannedAt ?? ''}`, `  Docker host: ${host.dockerHost ?? ''}`);
  for (const target of host.targets) {
    const s = target.summary;
    const names = s.names.length > 0 ? ` (${s.names.join(', ')})` : '';
    const kind = s.kind === 'container' ? 'Scanned container' : 'Scanned image';
    lines.push('', `  ${kind}: ${short(s.id) || s.requested}${names}`);
    lines.push(`    Base image: ${target.baseImage ? short(target.baseImage) : '(none recorded)'}`);
    const cids = target.containers.map(short);
    lines.push(
      `    Containers based on the same image (${cids.length}): ${cids.join(', ')}`.trimEnd(),
    );
    if (s.os) lines.push(`    OS: ${s.os}`);
    if (s.outcome !== 'vulnerable' && s.outcome !== 'clean') {
      const why = s.error ? ` (${s.error.code}: ${s.error.message})` : '';
      lines.push(`    Result: ${s.outcome}${why}`);
      continue;
    }
    if (target.findings.length === 0) lines.push('    Susceptible advisories: none');
    for (const [label, severities] of GROUPS) {
      const found = target.findings.filter((f) => severities.includes(f.severity.normalized));
      if (found.length === 0) continue;
      lines.push(`    ${label} (${found.length}):`);
      for (const f of found) lines.push(`      ${f.advisoryId}  ${f.title}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** One row per host: how many targets, and advisories by severity across them. */
export function formatHostsTable(hosts: readonly RemoteHostResult[]): string {
  const header = [
    'PROFILE',
    'DOCKER HOST',
    'TARGETS',
    'CRITICAL',
    'IMPORTANT',
    'MODERATE',
    'LOW',
    'UNRATED',
  ];
  const rows = hosts.map((h) => {
    const sum = (...keys: NormalizedSeverity[]): string =>
      h.error
        ? '-'
        : String(
            h.targets.reduce(
              (n, t) => n + keys.reduce((m, k) => m + (t.summary.counts?.[k] ?? 0), 0),
              0,
            ),
          );
    return [
      h.profile,
      h.error ? `error: ${h.error.code}` : (h.dockerHost ?? ''),
      h.error ? '-' : String(h.targets.length),
      sum('critical'),
      sum('high'),
      sum('medium'),
      sum('low'),
      sum('negligible', 'unknown'),
    ];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
