export { createJobRouter, type JobHandler } from './job-router.js';
export { createWorkerServices, type WorkerServices } from './worker-services.js';
