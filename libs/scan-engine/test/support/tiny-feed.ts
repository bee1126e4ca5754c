/**
 * Writes a minimal OVAL 5.11.1 definitions document with one "<package> is earlier than
 * <evr>" definition per entry, for tests that need oscap to look at specific packages. The
 * shape follows Debian's and Red Hat's feeds (dpkginfo or rpminfo test with an evr state).
 */
export interface TinyDefinition {
  id: number;
  packageName: string;
  lessThan: string;
}

export function tinyFeed(
  kind: 'dpkg' | 'rpm',
  definitions: TinyDefinition[],
  schemaVersion = '5.11.1',
): string {
  const prefix = kind === 'dpkg' ? 'dpkginfo' : 'rpminfo';
  const datatype = kind === 'dpkg' ? 'debian_evr_string' : 'evr_string';
  const defs = definitions
    .map(
      (d) => `    <definition id="oval:test.tiny:def:${d.id}" version="1" class="vulnerability">
      <metadata>
        <title>CVE-2099-${1000 + d.id}: ${d.packageName}</title>
        <reference source="CVE" ref_id="CVE-2099-${1000 + d.id}"/>
        <description>test definition</description>
      </metadata>
      <criteria>
        <criterion test_ref="oval:test.tiny:tst:${d.id}" comment="${d.packageName} is earlier than ${d.lessThan}"/>
      </criteria>
    </definition>`,
    )
    .join('\n');
  const tests = definitions
    .map(
      (
        d,
      ) => `    <${prefix}_test xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux" id="oval:test.tiny:tst:${d.id}" version="1" check="all" check_existence="at_least_one_exists" comment="${d.packageName}">
      <object object_ref="oval:test.tiny:obj:${d.id}"/>
      <state state_ref="oval:test.tiny:ste:${d.id}"/>
    </${prefix}_test>`,
    )
    .join('\n');
  const objects = definitions
    .map(
      (
        d,
      ) => `    <${prefix}_object xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux" id="oval:test.tiny:obj:${d.id}" version="1">
      <name>${d.packageName}</name>
    </${prefix}_object>`,
    )
    .join('\n');
  const states = definitions
    .map(
      (
        d,
      ) => `    <${prefix}_state xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux" id="oval:test.tiny:ste:${d.id}" version="1">
      <evr datatype="${datatype}" operation="less than">${d.lessThan}</evr>
    </${prefix}_state>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">
  <generator>
    <oval:product_name>image-scanner tests</oval:product_name>
    <oval:schema_version>${schemaVersion}</oval:schema_version>
    <oval:timestamp>2026-01-01T00:00:00</oval:timestamp>
  </generator>
  <definitions>
${defs}
  </definitions>
  <tests>
${tests}
  </tests>
  <objects>
${objects}
  </objects>
  <states>
${states}
  </states>
</oval_definitions>
`;
}

/**
 * Three dpkg definitions for the Debian 12 test image: bash older than 99:0 (true), bash older
 * than 0:1 (false), and a package no image has (false).
 */
export function bashTinyFeed(): string {
  return tinyFeed('dpkg', [
    { id: 1, packageName: 'bash', lessThan: '99:0' },
    { id: 2, packageName: 'bash', lessThan: '0:1' },
    { id: 3, packageName: 'not-installed-anywhere', lessThan: '99:0' },
  ]);
}
