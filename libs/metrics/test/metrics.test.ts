import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { emptySeverityCounts, type TargetReport } from '@image-scanner/contracts';
import { expect } from 'chai';
import express from 'express';
import {
  createServiceRegistry,
  httpMetricsMiddleware,
  metricsHandler,
  WorkerMetrics,
} from '../src/index.js';

/** The value of the one sample of `name` whose labels include `labels`, in any order. */
function valueOf(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

function report(extra: Partial<TargetReport>): TargetReport {
  return {
    schemaVersion: 1,
    scannerVersion: 'test',
    scanId: 'scan0001',
    evaluationKey: `image-${'a'.repeat(64)}`,
    target: { kind: 'image', id: 'x', names: [], imageId: 'x', containers: [] },
    dockerHost: 'local',
    startedAt: '',
    finishedAt: '',
    phaseDurationsMs: {},
    outcome: 'clean',
    counts: emptySeverityCounts(),
    findings: [],
    packages: [],
    ...extra,
  };
}

describe('metrics', () => {
  describe('the HTTP middleware on a real server', () => {
    let server: Server;
    let url: string;
    const registry = createServiceRegistry('test');

    before(async () => {
      const app = express();
      app.use(httpMetricsMiddleware(registry));
      app.get('/metrics', metricsHandler(registry));
      app.get('/things/:id', (_req, res) => void res.status(204).end());
      server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('labels requests by route pattern and status, never by concrete path', async () => {
      await fetch(`${url}/things/1`);
      await fetch(`${url}/things/2`);
      await fetch(`${url}/nowhere`);
      const text = await (await fetch(`${url}/metrics`)).text();
      const count = 'image_scanner_http_request_duration_seconds_count';
      const things = { method: 'GET', route: '/things/:id', status_code: '204', service: 'test' };
      expect(valueOf(text, count, things)).to.equal(2);
      expect(valueOf(text, count, { route: 'unmatched', status_code: '404' })).to.equal(1);
      expect(text).to.not.include('/things/1');
    });
  });

  describe('the worker metrics', () => {
    it('count a finished report by outcome, phase, severity and oscap failure', async () => {
      const registry = createServiceRegistry('scanner-worker');
      const metrics = new WorkerMetrics(registry, async () => [
        {
          distro: 'debian',
          release: '12',
          file: 'f.xml',
          modifiedAtMs: Date.now() - 5000,
          sizeBytes: 7,
        },
      ]);
      metrics.observeTarget(
        report({
          outcome: 'vulnerable',
          phaseDurationsMs: { acquire: 100, evaluate: 2000 },
          counts: { ...emptySeverityCounts(), high: 2, low: 1 },
        }),
      );
      metrics.observeTarget(
        report({ outcome: 'error', error: { code: 'ERR_OSCAP_TIMEOUT', message: 'slow' } }),
      );
      const text = await registry.metrics();
      const w = (labels: Record<string, string>) => ({ service: 'scanner-worker', ...labels });
      const expected: [string, Record<string, string>, number][] = [
        ['image_scanner_targets_scanned_total', w({ outcome: 'vulnerable' }), 1],
        ['image_scanner_targets_scanned_total', w({ outcome: 'error' }), 1],
        ['image_scanner_scan_phase_duration_seconds_count', w({ phase: 'acquire' }), 1],
        ['image_scanner_scan_phase_duration_seconds_sum', w({ phase: 'evaluate' }), 2],
        ['image_scanner_findings_total', w({ severity: 'high' }), 2],
        ['image_scanner_findings_total', w({ severity: 'critical' }), 0],
        ['image_scanner_oscap_failures_total', w({ code: 'ERR_OSCAP_TIMEOUT' }), 1],
        ['image_scanner_feed_size_bytes', w({ distro: 'debian', release: '12' }), 7],
      ];
      for (const [name, labels, value] of expected) {
        expect(valueOf(text, name, labels), `${name} ${JSON.stringify(labels)}`).to.equal(value);
      }
      expect(text).to.match(/image_scanner_feed_age_seconds\{[^}]*\} [5-9]/);
    });

    it('keep two registries apart, so two services in one process do not clash', () => {
      const feeds = async () => [];
      new WorkerMetrics(createServiceRegistry('a'), feeds);
      expect(() => new WorkerMetrics(createServiceRegistry('b'), feeds)).to.not.throw();
    });
  });
});
