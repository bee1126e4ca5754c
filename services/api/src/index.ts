export { loadConfig, type ApiConfig } from './config.js';
export { createApp } from './create-app.js';
export { ScanService } from './scan-service.js';
