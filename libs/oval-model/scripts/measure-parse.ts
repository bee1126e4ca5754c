// Measures parse time and memory of one OVAL feed:
//   node --expose-gc --import tsx scripts/measure-parse.ts [file]
// Prints one JSON line. The default file is the 50 MB RHEL 7 v2 stream (1.7 MB as .bz2).
import { fileURLToPath } from 'node:url';
import { readDefinitionsFile } from '../src/index.js';

const DEFAULT_FILE = fileURLToPath(
  new URL(
    '../../../../shared/data/real/redhat/smart_proxy_openscap__rhel-7-including-unpatched.oval.xml.bz2',
    import.meta.url,
  ),
);

const file = process.argv[2] ?? DEFAULT_FILE;
const started = process.hrtime.bigint();
const document = await readDefinitionsFile(file);
const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
// With --expose-gc, heapUsed is what the parsed model itself keeps alive.
(globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const report = {
  file,
  ms,
  peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
  heapUsedMb: mb(process.memoryUsage().heapUsed),
  definitions: document.definitions.length,
  tests: document.tests.size,
  objects: document.objects.size,
  states: document.states.size,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
