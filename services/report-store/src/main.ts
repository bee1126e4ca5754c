import { startHttpService } from '@image-scanner/http-common';
import { createLogger } from '@image-scanner/logging';
import { createServiceRegistry, ReportStoreMetrics } from '@image-scanner/metrics';
import { loadConfig } from './config.js';
import { createApp } from './create-app.js';
import { FilesystemReportStore } from './filesystem-report-store.js';

const config = loadConfig();
const logger = createLogger({ service: 'report-store', level: config.logLevel });
logger.info({ dataDir: config.dataDir }, 'starting');

const store = new FilesystemReportStore(config.dataDir);
await store.init();
await startHttpService({
  app: createApp(
    config,
    store,
    logger,
    new ReportStoreMetrics(createServiceRegistry('report-store')),
  ),
  host: config.host,
  port: config.port,
  logger,
  readiness: () => store.checkWritable(),
  onShutdown: async () => {},
});
