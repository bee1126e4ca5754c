/** One request of the generated bad-input set, aimed at the API or the report store. */
export interface MalformedRequest {
  service: 'api' | 'store';
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/** Values of every JSON type, each wrong for at least one field. */
const WRONG_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  '',
  'x'.repeat(300),
  [],
  [null],
  [1, 2],
  {},
  { all: 'yes' },
  '../../etc/passwd',
  'a b',
  '\u0000',
  '%2e%2e%2f',
];

const ID_TRICKS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '..',
  'AAAAAAAAAAAAAAAAAAAA',
  'a'.repeat(65),
  '%00',
  'scan%0d%0aSet-Cookie:x',
  '%ff%fe',
  '*',
  'abc:def',
];

/**
 * Builds the bad-input set: wrong types for every field of every body, unknown fields,
 * broken JSON and UTF-8, wrong media types, huge bodies, path tricks in ids and report
 * paths, odd methods. Deterministic, so a failure names the same request every run.
 */
export function malformedRequests(evaluationKey: string): MalformedRequest[] {
  const list: MalformedRequest[] = [];
  const post = (name: string, body: Buffer, headers: Record<string, string> = JSON_HEADERS) =>
    list.push({ service: 'api', name, method: 'POST', path: '/scans', headers, body });

  for (const field of ['targets', 'images', 'containers', 'host', 'priority']) {
    for (const [i, value] of WRONG_VALUES.entries()) {
      const body =
        field === 'targets' ? { targets: value } : { targets: ['debian:12'], [field]: value };
      post(`${field} wrong #${i}`, json(body));
    }
  }
  for (const [i, value] of WRONG_VALUES.entries()) {
    post(`targets element wrong #${i}`, json({ targets: [value] }));
    // A boolean is the right type for these two; every other value is wrong.
    if (typeof value === 'boolean') continue;
    post(`images.all wrong #${i}`, json({ images: { all: value } }));
    post(`containers.onlyActive wrong #${i}`, json({ containers: { onlyActive: value } }));
  }
  post('unknown top-level field', json({ targets: ['a'], webhook: 'http://x' }));
  post('unknown nested field', json({ images: { all: true, extra: 1 } }));
  post('prototype pollution', Buffer.from('{"targets":["a"],"__proto__":{"admin":true}}'));
  post('constructor key', Buffer.from('{"targets":["a"],"constructor":{"prototype":{}}}'));
  post('truncated JSON', Buffer.from('{"targets": ["a"'));
  post('not JSON', Buffer.from('targets=a'));
  post('bad UTF-8', Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  post('lone surrogate escape', Buffer.from('{"targets":["\\ud800"]}'));
  post('deep nesting', Buffer.from('['.repeat(20_000) + ']'.repeat(20_000)));
  post('huge body', json({ targets: ['a'.repeat(2_000_000)] }));
  post('form media type', json({ targets: ['a'] }), { 'content-type': 'text/plain' });
  post('no media type', json({ targets: ['a'] }), {});
  post('wrong charset', json({ targets: ['a'] }), {
    'content-type': 'application/json; charset=x-no-such-charset',
  });
  post('empty body', Buffer.alloc(0));
  post('JSON string body', json('targets'));
  post('JSON number body', json(42));
  post('number beyond double range', Buffer.from('{"targets":["a"],"priority":1e309}'));

  for (const id of ID_TRICKS) {
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/report'],
      ['DELETE', ''],
    ] as const) {
      list.push({
        service: 'api',
        name: `${method} id ${id}${suffix}`,
        method,
        path: `/scans/${id}${suffix}`,
        headers: {},
      });
    }
    for (const method of ['GET', 'PUT']) {
      list.push({
        service: 'store',
        name: `${method} store scan id ${id}`,
        method,
        path: `/reports/${id}/${evaluationKey}/report.json`,
        headers: {},
        body: method === 'PUT' ? Buffer.from('{}') : undefined,
      });
      list.push({
        service: 'store',
        name: `${method} store key ${id}`,
        method,
        path: `/reports/abcdefghij234567abcd/${id}/report.json`,
        headers: {},
        body: method === 'PUT' ? Buffer.from('{}') : undefined,
      });
      list.push({
        service: 'store',
        name: `${method} store file ${id}`,
        method,
        path: `/reports/abcdefghij234567abcd/${evaluationKey}/${id}`,
        headers: {},
        body: method === 'PUT' ? Buffer.from('{}') : undefined,
      });
    }
  }
  for (const [method, path] of [
    ['PATCH', '/scans'],
    ['PUT', '/scans/abcdefghij234567abcd'],
    ['OPTIONS', '/scans'],
    ['GET', '/'],
    ['GET', '/scans'],
    ['POST', '/scans/abcdefghij234567abcd'],
    ['GET', '/%'],
    ['GET', '//etc/passwd'],
  ] as const) {
    list.push({ service: 'api', name: `${method} ${path}`, method, path, headers: {} });
    list.push({ service: 'store', name: `${method} ${path}`, method, path, headers: {} });
  }
  list.push({
    service: 'store',
    name: 'PUT without token',
    method: 'PUT',
    path: `/reports/abcdefghij234567abcd/${evaluationKey}/report.json`,
    headers: {},
    body: Buffer.from('{"overwritten":true}'),
  });
  list.push({
    service: 'store',
    name: 'PUT with a wrong token',
    method: 'PUT',
    path: `/reports/abcdefghij234567abcd/${evaluationKey}/report.json`,
    headers: { authorization: 'Bearer not-the-worker' },
    body: Buffer.from('{"overwritten":true}'),
  });
  return list;
}
