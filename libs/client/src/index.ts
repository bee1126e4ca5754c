// The image-scanner API client: the original Python client's calls, typed, in camelCase.
export {
  ImageScannerClient,
  MIN_PARALLEL_SCANS,
  type ImageScannerClientOptions,
} from './image-scanner-client.js';
export type { ScanResult } from './scan-result.js';
export { findAll, parseXml, type XmlElement } from './xml-element.js';
