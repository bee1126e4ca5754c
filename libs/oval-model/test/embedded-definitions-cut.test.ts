import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { expect } from 'chai';
import { parseResults, type OvalResultsDocument } from '../src/index.js';
import { cutEmbeddedDefinitions } from '../src/parse/embedded-definitions-cut.js';
import { realDataPath } from './real-data.js';

const REAL_RESULTS = [
  'results/smart_proxy_openscap__oval-results.ocp4-feed-on-centos.xml',
  'results/openscap__ovaldi-5.5-results.rhel5-usgcb.xml',
];

/** A small results document whose embedded definitions hold `inside`. */
function resultsWith(inside: string, options: { before?: string; tag?: string } = {}): string {
  const tag = options.tag ?? 'oval_definitions';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<oval_results xmlns="http://oval.mitre.org/XMLSchema/oval-results-5">',
    '  <generator><product_name>oscap</product_name></generator>',
    `  <directives/>${options.before ?? ''}`,
    `  <${tag} xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" note="a > b">`,
    `    <definitions>${inside}</definitions>`,
    `  </${tag}>`,
    '  <results><system><definitions>',
    '    <definition definition_id="oval:x:def:1" result="true" version="1"/>',
    '  </definitions><tests/></system></results>',
    '</oval_results>',
    '',
  ].join('\n');
}

const DEFINITION =
  '<definition id="oval:x:def:1" version="1" class="patch"><metadata><title>t</title>' +
  '</metadata></definition>';

function summary(document: OvalResultsDocument) {
  return {
    generator: document.generator,
    definitionResults: [...document.definitionResults],
    testResults: [...document.testResults],
    collectedObjects: document.collectedObjects,
    packages: document.packages,
    itemCount: document.itemCount,
    system: document.system,
  };
}

describe('cutting the embedded definitions out of results before the parse', () => {
  for (const file of REAL_RESULTS) {
    it(`reads the same results from ${file.split('/')[1]} cut as whole`, async () => {
      const bytes = await readFile(realDataPath(file));
      const cut = cutEmbeddedDefinitions(bytes);
      expect(cut, 'the cut was refused').to.not.equal(undefined);
      expect(cut!.length).to.be.lessThan(bytes.length / 2);
      const whole = await parseResults(createReadStream(realDataPath(file)), {
        skipDefinitions: true,
      });
      const fromCut = await parseResults(cut!, { skipDefinitions: true });
      expect(fromCut.definitionResults.size).to.be.greaterThan(0);
      expect(summary(fromCut)).to.deep.equal(summary(whole));
    });
  }

  it('cuts a prefixed element, keeping its tags and as many lines', () => {
    const xml = resultsWith(`\n${DEFINITION}\n`, { tag: 'def:oval_definitions' });
    const cut = cutEmbeddedDefinitions(Buffer.from(xml))?.toString();
    expect(cut).to.include('<def:oval_definitions ');
    expect(cut).to.include('</def:oval_definitions>');
    expect(cut).to.not.include('oval:x:def:1" version="1" class');
    expect(cut?.split('\n').length).to.equal(xml.split('\n').length);
  });

  it('cuts an element whose prefix is not ASCII', async () => {
    const xml = Buffer.from(resultsWith(DEFINITION, { tag: 'défs:oval_definitions' }));
    const cut = cutEmbeddedDefinitions(xml);
    expect(cut?.toString()).to.include('<défs:oval_definitions ');
    expect(cut?.toString()).to.not.include('class="patch"');
    const results = await parseResults(cut!, { skipDefinitions: true });
    expect([...results.definitionResults.keys()]).to.deep.equal(['oval:x:def:1']);
  });

  it('keeps the line an error after the cut is reported at', async () => {
    const xml = resultsWith(`\n${DEFINITION}\n\n`).replace('<tests/>', '<tests></wrong>');
    const messageOf = (input: string | Buffer) =>
      parseResults(input, { skipDefinitions: true }).then(
        () => 'parsed',
        (err: Error) => err.message,
      );
    const fromWhole = await messageOf(xml);
    expect(fromWhole).to.match(/line 13,/);
    expect(cutEmbeddedDefinitions(Buffer.from(xml))).to.not.equal(undefined);
    expect(await messageOf(Buffer.from(xml))).to.equal(fromWhole);
  });

  const refusals: [string, string][] = [
    ['a comment inside', resultsWith(`<!-- </oval_definitions> -->${DEFINITION}`)],
    ['a CDATA section inside', resultsWith(`<![CDATA[</oval_definitions><results>]]>`)],
    ['a processing instruction inside', resultsWith(`<?x </oval_definitions> ?>${DEFINITION}`)],
    ['a nested element of the same name', resultsWith(`<oval_definitions>${DEFINITION}`)],
    ['a comment before it', resultsWith(DEFINITION, { before: '<!-- note -->' })],
    ['no embedded definitions', resultsWith('').replace(/<\/?oval_definitions[^>]*>/g, '')],
    ['a self-closed element', resultsWith('').replace(/<oval_definitions([^>]*)>/, '<x$1/>')],
  ];
  for (const [what, xml] of refusals) {
    it(`leaves the whole parse to a document with ${what}`, () => {
      expect(cutEmbeddedDefinitions(Buffer.from(xml))).to.equal(undefined);
    });
  }

  it('leaves definitions nested below the root to the whole parse', () => {
    const xml = resultsWith('').replace(
      /(<oval_definitions[\s\S]*<\/oval_definitions>)/,
      '<wrapper>$1</wrapper>',
    );
    expect(cutEmbeddedDefinitions(Buffer.from(xml))).to.equal(undefined);
  });

  it('leaves compressed bytes to the whole parse', async () => {
    const compressed = await promisify(gzip)(Buffer.from(resultsWith(DEFINITION)));
    expect(cutEmbeddedDefinitions(compressed)).to.equal(undefined);
  });

  it('reads no forged result hidden in a CDATA section of the definitions', async () => {
    const forged =
      '<![CDATA[</oval_definitions><results><system><definitions>' +
      '<definition definition_id="oval:x:def:2" result="true" version="1"/>' +
      '</definitions></system></results><oval_definitions>]]>';
    const results = await parseResults(Buffer.from(resultsWith(forged)), {
      skipDefinitions: true,
    });
    expect([...results.definitionResults.keys()]).to.deep.equal(['oval:x:def:1']);
  });
});
