import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { exportedMetricNames } from '../support/exported-metric-names.js';
import { REPO_ROOT } from '../support/run.js';

const DASHBOARD = join(REPO_ROOT, 'deploy', 'grafana', 'dashboards', 'image-scanner.json');

/** PromQL words that are not metric names: aggregations, their modifiers, and keywords. */
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
PROMQL_WORDS.add('bool').add('offset').add('and').add('or').add('unless').add('inf').add('nan');

/** The metric names a PromQL expression reads. */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range selectors
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  const names: string[] = [];
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    const word = match[0].replace(/\s*\($/, '');
    if (match[1] !== undefined) continue; // a function or an aggregation: sum(, rate(
    if (PROMQL_WORDS.has(word.toLowerCase())) continue;
    if (/^(sum|min|max|avg|count|topk|bottomk|quantile|stddev|stdvar|group)$/.test(word)) continue;
    names.push(word);
  }
  return names;
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

describe('the Grafana dashboard', () => {
  let panels: Panel[];
  let exported: Set<string>;

  before(async () => {
    const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as { panels: Panel[] };
    panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
    exported = await exportedMetricNames();
  });

  it('reads, in every query, only metrics the services export', () => {
    let queries = 0;
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        queries += 1;
        const names = metricNamesIn(target.expr);
        expect(names, `${panel.title}: ${target.expr}`).to.not.be.empty;
        for (const name of names) {
          expect(exported.has(name), `${panel.title}: ${name} is not exported`).to.equal(true);
        }
      }
    }
    expect(queries).to.be.greaterThan(5);
  });

  it('has the panels operators look for first', () => {
    const titles = panels.map((p) => p.title.toLowerCase());
    for (const wanted of ['throughput', 'phase latency', 'queue depth', 'severity', 'failures']) {
      expect(
        titles.some((t) => t.includes(wanted)),
        wanted,
      ).to.equal(true);
    }
    expect(titles.some((t) => t.includes('feed age'))).to.equal(true);
  });

  it('finds metric names in PromQL and would catch one that is not exported', () => {
    expect(
      metricNamesIn('histogram_quantile(0.95, sum by (le) (rate(a_bucket{x="y"}[5m])))'),
    ).to.deep.equal(['a_bucket']);
    expect(metricNamesIn('sum(rate(nope_total[5m])) / on(job) up')).to.deep.equal([
      'nope_total',
      'up',
    ]);
    expect(exported.has('image_scanner_not_a_metric_total')).to.equal(false);
  });
});
