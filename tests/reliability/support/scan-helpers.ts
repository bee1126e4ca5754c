import type { ScanStatus, TargetReport } from '@image-scanner/contracts';
import { parseResults } from '@image-scanner/oval-model';
import { expect } from 'chai';
import type { ScannerStack } from '../../e2e/support/scanner-stack.js';

/** Polls a scan until it ends, riding out moments when a dependency is down. */
export async function waitPatiently(
  stack: ScannerStack,
  id: string,
  timeoutMs: number,
): Promise<ScanStatus> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${stack.apiUrl}/scans/${id}`);
      if (response.ok) {
        const status = (await response.json()) as ScanStatus;
        if (['completed', 'failed', 'cancelled'].includes(status.status)) return status;
      }
    } catch {
      // The API or Redis is being restarted by the test; try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`scan ${id} did not finish within ${timeoutMs} ms`);
}

/**
 * A GET that tries again once when a kept-alive connection was closed by the server just as
 * it was reused: that race belongs to HTTP keep-alive, not to the product.
 */
export async function getOnce(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch {
    return fetch(url);
  }
}

/** Every report the status links to must be complete: whole JSON, whole parseable XML. */
export async function expectWholeReports(status: ScanStatus): Promise<TargetReport[]> {
  const reports: TargetReport[] = [];
  for (const target of status.targets) {
    expect(target.reports, `${target.requested} has reports`).to.not.equal(undefined);
    const json = await getOnce(target.reports!.json);
    expect(json.status).to.equal(200);
    reports.push((await json.json()) as TargetReport);
    if (target.reports!.xml) {
      const xml = Buffer.from(await (await getOnce(target.reports!.xml)).arrayBuffer());
      const results = await parseResults(xml);
      expect(results.definitionResults.size).to.be.greaterThan(0);
    }
  }
  return reports;
}
