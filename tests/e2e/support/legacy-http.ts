import { request } from 'node:http';

/**
 * A GET with a JSON body, exactly as the original Python client sent its requests
 * (`requests.get(url, data=json.dumps(params), headers={'content-type': 'application/json'})`);
 * fetch cannot send a body on GET.
 */
export function getWithJsonBody(
  url: string,
  body: unknown,
): Promise<{ status: number; json: any; text: string }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': payload.length }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
