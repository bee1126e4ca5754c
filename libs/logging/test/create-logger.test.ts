import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../src/create-logger.js';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('structured logger', () => {
  it('writes one JSON object per line with the service, level and a constant message', () => {
    const { lines, stream } = capture();
    createLogger({ service: 'api', destination: stream }).info({ scanId: 's1' }, 'scan created');
    expect(lines[0]).to.include({
      service: 'api',
      level: 'info',
      msg: 'scan created',
      scanId: 's1',
    });
  });

  it('never writes a token or an authorization header', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'api', destination: stream });
    logger.info({ token: 'secret-1', headers: { authorization: 'Bearer secret-2' } }, 'request');
    logger.info({ req: { headers: { authorization: 'Bearer secret-3' } } }, 'request');
    const text = JSON.stringify(lines);
    expect(text).to.not.match(/secret-[123]/);
    expect(text).to.include('[redacted]');
  });
});
