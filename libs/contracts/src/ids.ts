/**
 * Shapes of the ids that travel in URLs and Redis keys. Every id that reaches a path, a key
 * or a file name is checked against one of these first, so none can carry `/`, `..` or `:`.
 */
export const SCAN_ID_PATTERN = /^[a-z0-9]{8,64}$/;

/** An evaluation key: `image-<64 hex>` or `container-<64 hex>`. */
export const EVALUATION_KEY_PATTERN = /^(image|container)-[a-f0-9]{64}$/;

export const REPORT_FILES = ['results.xml', 'report.html', 'report.json'] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

export function isScanId(value: string): boolean {
  return SCAN_ID_PATTERN.test(value);
}

export function isEvaluationKey(value: string): boolean {
  return EVALUATION_KEY_PATTERN.test(value);
}

export function isReportFile(value: string): value is ReportFile {
  return (REPORT_FILES as readonly string[]).includes(value);
}
