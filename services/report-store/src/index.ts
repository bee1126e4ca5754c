export { loadConfig, type ReportStoreConfig } from './config.js';
export { createApp } from './create-app.js';
export { FilesystemReportStore, parseReportAddress } from './filesystem-report-store.js';
