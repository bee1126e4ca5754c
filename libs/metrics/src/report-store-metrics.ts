import { Counter, type Registry } from 'prom-client';

/** The report store's metrics: what it wrote, and what it failed to read or write. */
export class ReportStoreMetrics {
  readonly bytesWritten: Counter<'file'>;
  readonly errors: Counter<'operation' | 'code'>;

  constructor(readonly registry: Registry) {
    this.bytesWritten = new Counter({
      name: 'image_scanner_report_store_bytes_written_total',
      help: 'Bytes of reports written to storage, by report file',
      labelNames: ['file'] as const,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'image_scanner_report_store_errors_total',
      help: 'Report store requests that ended in an error, by operation and error code',
      labelNames: ['operation', 'code'] as const,
      registers: [registry],
    });
  }
}
