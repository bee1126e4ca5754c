import { expect } from 'chai';
import { CodedError } from '../src/coded-error.js';
import { ERROR_CODES } from '../src/error-codes.js';
import { parseScanRequest } from '../src/scan-request.js';

describe('scan request validation', () => {
  it('fills the defaults of the scopes', () => {
    expect(parseScanRequest({ images: {} })).to.deep.equal({ images: { all: false } });
    expect(parseScanRequest({ containers: {} })).to.deep.equal({
      containers: { onlyActive: false },
    });
  });

  it('accepts names, tags, digests and id prefixes', () => {
    const targets = ['debian:12', 'registry.local:5000/team/app:1.2', 'app@sha256:ab12', '3f2a1b'];
    expect(parseScanRequest({ targets }).targets).to.deep.equal(targets);
  });

  it('rejects a webhook, which is not delivered yet, instead of ignoring it', () => {
    try {
      parseScanRequest({ targets: ['a'], webhook: 'https://ci.example/hook' });
      expect.fail('accepted');
    } catch (err) {
      expect(err).to.be.instanceOf(CodedError);
      expect((err as CodedError).details.field).to.equal('webhook');
    }
  });
});

describe('error code catalogue', () => {
  it('gives every code an HTTP status in the 4xx or 5xx range', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(entry.httpStatus, code).to.be.within(400, 599);
      expect(code).to.match(/^ERR_[A-Z_]+$/);
    }
  });
});
