import {
  ApiMetrics,
  createServiceRegistry,
  httpMetricsMiddleware,
  ReportStoreMetrics,
  WorkerMetrics,
} from '@image-scanner/metrics';

/**
 * Every series name the three services export, read from the same registries the services
 * build (histograms as their _bucket, _sum and _count series).
 */
export async function exportedMetricNames(): Promise<Set<string>> {
  const registries = [
    new ApiMetrics(createServiceRegistry('api'), async () => []).registry,
    new ReportStoreMetrics(createServiceRegistry('report-store')).registry,
    new WorkerMetrics(createServiceRegistry('scanner-worker'), async () => []).registry,
  ];
  const names = new Set<string>();
  for (const registry of registries) {
    httpMetricsMiddleware(registry);
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram') {
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
      }
    }
  }
  return names;
}
