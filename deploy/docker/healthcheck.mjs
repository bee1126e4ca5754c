// Container health check: GET http://127.0.0.1:$HEALTH_PORT/healthz must answer 200 in 3 s.
// Node's own fetch is used because the images carry no curl or wget.
const port = process.env.HEALTH_PORT ?? '5001';
fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
