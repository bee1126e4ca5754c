import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import {
  parseDefinitions,
  parseResults,
  readDefinitionsFile,
  OvalParseError,
  type OvalParseErrorCode,
} from '../src/index.js';
import { realDataPath } from './real-data.js';

async function rejection(promise: Promise<unknown>): Promise<OvalParseError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(OvalParseError);
    return err as OvalParseError;
  }
  throw new Error('expected the promise to reject');
}

function expectCode(err: OvalParseError, code: OvalParseErrorCode): void {
  expect(err.code, err.message).to.equal(code);
  expect(err.message[0]).to.equal(err.message[0]?.toLowerCase());
}

/** The classic "billion laughs": ten levels of ten references, about 3 GB if expanded. */
function billionLaughs(): string {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level <= 9; level += 1) {
    entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
  }
  return `<?xml version="1.0"?>\n<!DOCTYPE oval_definitions [\n${entities.join('\n')}\n]>\n<oval_definitions>&lol9;</oval_definitions>`;
}

describe('when a feed references a component it does not define', () => {
  it('names the missing object of the claircore rhel-8 unpatched file', async () => {
    const err = await rejection(
      readDefinitionsFile(realDataPath('redhat/claircore__rhel-8-rpm-unpatched.xml')),
    );
    expectCode(err, 'ERR_OVAL_DANGLING_REFERENCE');
    expect(err.details.missingId).to.equal('oval:com.redhat.rhsa:obj:20191167027');
    expect(err.details.referencedFrom).to.equal('oval:com.redhat.rhsa:var:20191167001');
    expect(err.message).to.contain('oval:com.redhat.rhsa:obj:20191167027');
  });

  it('names the missing extend_definition target of the vulnerablecode bionic file', async () => {
    const err = await rejection(
      readDefinitionsFile(realDataPath('ubuntu/vulnerablecode__ubuntu_oval_data.bionic.xml')),
    );
    expectCode(err, 'ERR_OVAL_DANGLING_REFERENCE');
    expect(err.details.missingId).to.equal('oval:com.ubuntu.bionic:def:100');
  });

  it('still reads the file when the caller allows dangling references', async () => {
    const document = await readDefinitionsFile(
      realDataPath('ubuntu/vulnerablecode__ubuntu_oval_data.bionic.xml'),
      { allowDanglingReferences: true },
    );
    expect(document.definitions.map((d) => d.cveIds[0])).to.deep.equal([
      'CVE-2016-8703',
      'CVE-2016-8860',
    ]);
  });
});

describe('when the XML is not a whole OVAL document', () => {
  it('rejects a real feed cut in the middle, with the position', async () => {
    const bytes = await readFile(realDataPath('redhat/claircore__com.redhat.rhsa-20201980.xml'));
    const err = await rejection(parseDefinitions(bytes.subarray(0, bytes.length / 2)));
    expectCode(err, 'ERR_OVAL_MALFORMED_XML');
    expect(err.details.position?.line).to.be.greaterThan(1);
  });

  it('rejects mismatched tags with the line they are on', async () => {
    const err = await rejection(parseDefinitions('<oval_definitions>\n<definitions></tests>'));
    expectCode(err, 'ERR_OVAL_MALFORMED_XML');
    expect(err.message).to.match(/^failed to parse XML at line 2/);
  });

  it('rejects a document whose root is not oval_definitions', async () => {
    expectCode(await rejection(parseDefinitions('<foo/>')), 'ERR_OVAL_NOT_OVAL');
    const html = '<html><head><title>OpenSCAP Evaluation Report</title></head></html>';
    expectCode(await rejection(parseDefinitions(html)), 'ERR_OVAL_NOT_OVAL');
  });

  it('rejects definitions where results are expected', async () => {
    const feed = realDataPath('debian/vulnerablecode__debian_oval_data.xml');
    const err = await rejection(parseResults(await readFile(feed)));
    expectCode(err, 'ERR_OVAL_NOT_OVAL');
    expect(err.message).to.contain('expected <oval_results>');
  });

  it('rejects empty input', async () => {
    expectCode(await rejection(parseDefinitions('')), 'ERR_OVAL_MALFORMED_XML');
  });
});

describe('when the input is hostile', () => {
  it('refuses a billion-laughs DOCTYPE quickly, without expanding it', async () => {
    const started = Date.now();
    const err = await rejection(parseDefinitions(billionLaughs()));
    expectCode(err, 'ERR_OVAL_DOCTYPE_FORBIDDEN');
    expect(Date.now() - started).to.be.lessThan(1000);
  });

  it('refuses an external entity declaration', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      '<oval_definitions>&x;</oval_definitions>';
    expectCode(await rejection(parseDefinitions(xxe)), 'ERR_OVAL_DOCTYPE_FORBIDDEN');
  });

  it('refuses an undeclared entity instead of guessing', async () => {
    const err = await rejection(parseDefinitions('<oval_definitions>&lol9;</oval_definitions>'));
    expectCode(err, 'ERR_OVAL_MALFORMED_XML');
  });

  it('refuses input over maxBytes', async () => {
    const bytes = await readFile(realDataPath('redhat/claircore__com.redhat.rhsa-20201980.xml'));
    const err = await rejection(parseDefinitions(bytes, { maxBytes: 10_000 }));
    expectCode(err, 'ERR_OVAL_TOO_LARGE');
    expect(err.details.limit).to.equal(10_000);
  });

  it('counts maxBytes after decompression, so a small .bz2 cannot expand without bound', async () => {
    const path = realDataPath(
      'redhat/smart_proxy_openscap__rhel-7-including-unpatched.oval.xml.bz2',
    );
    const err = await rejection(readDefinitionsFile(path, { maxBytes: 5_000_000 }));
    expectCode(err, 'ERR_OVAL_TOO_LARGE');
  });

  it('refuses elements nested deeper than maxDepth', async () => {
    const deep = `<oval_definitions>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</oval_definitions>`;
    const err = await rejection(parseDefinitions(deep, { maxDepth: 20 }));
    expectCode(err, 'ERR_OVAL_TOO_DEEP');
  });
});

describe('when the caller aborts', () => {
  it('rejects at once if the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(
      parseDefinitions('<oval_definitions/>', { signal: controller.signal }),
    );
    expectCode(err, 'ERR_OVAL_ABORTED');
  });

  it('stops a stream that never ends', async () => {
    const controller = new AbortController();
    const stalled = new Readable({ read() {} });
    stalled.push('<oval_definitions><definitions>');
    const parsing = parseDefinitions(stalled, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('scan cancelled')), 20);
    const err = await rejection(parsing);
    expectCode(err, 'ERR_OVAL_ABORTED');
    expect((err.cause as Error).message).to.equal('scan cancelled');
  });

  it('stops reading the 50 MB stream part-way', async () => {
    const controller = new AbortController();
    const path = realDataPath(
      'redhat/smart_proxy_openscap__rhel-7-including-unpatched.oval.xml.bz2',
    );
    const reading = readDefinitionsFile(path, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expectCode(await rejection(reading), 'ERR_OVAL_ABORTED');
  });
});
