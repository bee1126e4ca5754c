import type { TargetSummary } from '../target-summary.js';

const INDENT = ' '.repeat(5);

/**
 * The per-target block the original `docker_scanner.py` printed after a scan: kind and id,
 * OS, the containers that share an image's result, the four Red Hat severity counts, and
 * where the reports went. Unscanned targets say why instead of showing counts.
 */
export function formatSummaryBlock(target: TargetSummary): string {
  const kind = target.kind === 'container' ? 'Container' : 'Image';
  const lines = [`${INDENT}${kind}: ${target.id ?? target.requested}`];
  if (target.names.length > 0) lines.push(`${INDENT}Names: ${target.names.join(', ')}`);
  if (target.os) lines.push(`${INDENT}OS: ${target.os}`);
  if (target.kind !== 'container') {
    const list = target.containers.join(', ');
    lines.push(`${INDENT}Containers affected (${target.containers.length}): ${list}`.trimEnd());
  }
  if (target.outcome === 'vulnerable' || target.outcome === 'clean') {
    const c = target.counts;
    // Debian's and Ubuntu's CVE definitions often carry no severity; they still count.
    const unrated = (c?.negligible ?? 0) + (c?.unknown ?? 0);
    lines.push(
      `${INDENT}Results: Critical(${c?.critical ?? 0}) Important(${c?.high ?? 0}) ` +
        `Moderate(${c?.medium ?? 0}) Low(${c?.low ?? 0})` +
        (unrated > 0 ? ` Unrated(${unrated})` : ''),
    );
  } else {
    const why = target.error ? ` (${target.error.code}: ${target.error.message})` : '';
    lines.push(`${INDENT}Results: ${target.outcome}${why}`);
  }
  if (target.reportDir) lines.push(`${INDENT}Reports: ${target.reportDir}`);
  return lines.join('\n');
}
