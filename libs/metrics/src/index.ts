export { ApiMetrics, type QueueSnapshot } from './api-metrics.js';
export { createServiceRegistry } from './create-service-registry.js';
export { httpMetricsMiddleware } from './http-metrics-middleware.js';
export { HTTP_DURATION_BUCKETS_SECONDS, PHASE_DURATION_BUCKETS_SECONDS } from './metric-buckets.js';
export { metricsHandler } from './metrics-handler.js';
export { ReportStoreMetrics } from './report-store-metrics.js';
export { WorkerMetrics, type FeedFileStat } from './worker-metrics.js';
export type { Registry } from 'prom-client';
