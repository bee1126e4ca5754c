import { expect } from 'chai';
import { findAll, parseXml } from '../src/xml-element.js';

describe('parseXml', () => {
  it('builds the element tree with attributes, text and namespaces', () => {
    const root = parseXml(
      '<?xml version="1.0"?><r:oval_results xmlns:r="urn:x"><r:definition id="a" result="true"/>' +
        '<r:definition id="b" result="false"><note> hi </note></r:definition></r:oval_results>',
    );
    expect(root.name).to.equal('r:oval_results');
    const defs = findAll(root, 'definition');
    expect(defs.map((d) => d.attributes)).to.deep.equal([
      { id: 'a', result: 'true' },
      { id: 'b', result: 'false' },
    ]);
    expect(findAll(root, 'note')[0]!.text).to.equal('hi');
  });

  it('refuses a DOCTYPE and a broken document', () => {
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>')).to.throw();
    expect(() => parseXml('<a><b></a>')).to.throw();
  });
});
