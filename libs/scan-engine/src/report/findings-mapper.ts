import type { Finding } from '@image-scanner/contracts';
import type { Finding as OvalFinding } from '@image-scanner/oval-model';

/** Maps the OVAL model's findings to the report's shape, most severe first. */
export function toReportFindings(findings: readonly OvalFinding[]): Finding[] {
  const order = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'];
  return findings
    .map((f): Finding => ({
      advisoryId: f.advisoryId,
      definitionId: f.definitionId,
      title: f.title,
      severity: f.severity,
      cveIds: f.cveIds,
      references: f.references.map((r) => ({
        source: r.source,
        id: r.refId,
        ...(r.url ? { url: r.url } : {}),
      })),
      packages: f.packages,
      fixState: f.fixState,
    }))
    .sort(
      (a, b) =>
        order.indexOf(a.severity.normalized) - order.indexOf(b.severity.normalized) ||
        a.advisoryId.localeCompare(b.advisoryId),
    );
}
