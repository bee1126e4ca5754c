export { detectOs } from './detect/os-detector.js';
export { parseOsRelease } from './detect/os-release-parser.js';
export { parseDpkgStatus } from './inventory/dpkg-status-parser.js';
