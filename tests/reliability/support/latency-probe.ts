/**
 * A second process that polls scan statuses on loopback while the load runs, as a client
 * would, and prints latency percentiles as one JSON line. Bounded in count and time.
 *
 * Usage: node --import tsx latency-probe.ts API_URL MAX_REQUESTS MAX_MS SCAN_ID...
 */
const [apiUrl, maxRequestsArg, maxMsArg, ...scanIds] = process.argv.slice(2);
const maxRequests = Number(maxRequestsArg);
const deadline = Date.now() + Number(maxMsArg);
const samples: number[] = [];
let errors = 0;
const finished = new Set<string>();

// Polls until every scan has finished (or a bound is hit), like a client waiting on them.
while (samples.length + errors < maxRequests && Date.now() < deadline) {
  const pending = scanIds.filter((id) => !finished.has(id));
  if (pending.length === 0) break;
  const id = pending[samples.length % pending.length]!;
  const started = performance.now();
  try {
    const response = await fetch(`${apiUrl}/scans/${id}`);
    const body = (await response.json()) as { status?: string };
    if (response.ok) samples.push(performance.now() - started);
    else errors += 1;
    if (body.status === 'completed' || body.status === 'failed') finished.add(id);
  } catch {
    errors += 1;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}

samples.sort((a, b) => a - b);
const at = (q: number) =>
  Math.round((samples[Math.floor(q * (samples.length - 1))] ?? 0) * 10) / 10;
process.stdout.write(
  `${JSON.stringify({ requests: samples.length, errors, p50: at(0.5), p99: at(0.99), max: at(1) })}\n`,
);
