import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstalledPackage } from '@image-scanner/contracts';
import { readFeedText } from './feed-text.js';
import type { LoadedFeed } from './loaded-feed.js';

const VARIABLE_NS = 'oval:is.binaries:var:';

/**
 * Debian's OVAL names source packages (`glibc`), while oscap's dpkginfo probe looks up binary
 * packages (`libc6`, `libc-bin`), so without help a vulnerable binary whose source has another
 * name is never matched. For a Debian feed this writes a per-target copy where each dpkginfo
 * object naming such a source asks instead for the binaries the target's dpkg status says
 * were built from it (`Source:` field), through a constant variable, and its tests pass when
 * at least one of them is affected. oscap still does every comparison. Returns the feed to
 * hand oscap: the original when nothing needs rewriting.
 */
// Known limitation: the rewritten copy of a Debian feed is made for every target (about 0.3 s
// per 50 MB of XML, plus bzip2); caching it by feed digest and source map would remove that.
// Known limitation: a finding from a source-named Debian definition lists the source with its
// fixed version but not the installed binaries' versions; mapping them in the findings fixes it.
export async function binaryNameFeed(
  feed: LoadedFeed,
  packages: readonly InstalledPackage[],
  workDir: string,
): Promise<string> {
  if (feed.document.generator.productName !== 'Debian') return feed.path;
  const binaries = binariesBySource(packages);
  const targets = new Map<string, string[]>();
  for (const object of feed.document.objects.values()) {
    if (object.kind !== 'dpkginfo_object' || object.nameOperation !== undefined) continue;
    if (object.nameVarRef !== undefined || object.name === undefined) continue;
    const built = binaries.get(object.name);
    if (built) targets.set(object.id, built);
  }
  if (targets.size === 0) return feed.path;

  let xml = await readFeedText(feed.path);
  const variables: string[] = [];
  const rewritten = new Set<string>();
  xml = xml.replace(
    /(<dpkginfo_object\b[^>]*\bid="([^"]+)"[^>]*>\s*)<name>([^<]*)<\/name>/g,
    (match: string, head: string, id: string) => {
      const names = targets.get(id);
      if (!names) return match;
      const variableId = `${VARIABLE_NS}${rewritten.size + 1}`;
      rewritten.add(id);
      const values = names.map((n) => `<value>${escapeXml(n)}</value>`).join('');
      variables.push(
        `<constant_variable id="${variableId}" version="1" datatype="string" ` +
          `comment="binary packages of the target built from the source of ${id}">` +
          `${values}</constant_variable>`,
      );
      return `${head}<name var_ref="${variableId}" var_check="at least one"/>`;
    },
  );
  if (rewritten.size === 0) return feed.path;
  // A source's binaries may differ in version (binNMUs, split packages): any affected one counts.
  xml = xml.replace(
    /<dpkginfo_test\b[^>]*>\s*<object object_ref="([^"]+)"\/>/g,
    (match: string, objectRef: string) =>
      rewritten.has(objectRef) ? match.replace(/\bcheck="all"/, 'check="at least one"') : match,
  );
  const block = variables.join('\n    ');
  if (/<\/variables>/.test(xml)) {
    xml = xml.replace(/<\/variables>/, `  ${block}\n  </variables>`);
  } else {
    xml = xml.replace(
      /<\/states>/,
      '</states>\n  <variables xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5">\n' +
        `    ${block}\n  </variables>`,
    );
  }
  const out = join(workDir, 'feed-binary-names.xml');
  await writeFile(out, xml);
  return out;
}

/**
 * Source name to the installed binaries built from it, for sources whose name is not itself
 * an installed binary's only name; the binary of the same name, when installed, is included.
 */
function binariesBySource(packages: readonly InstalledPackage[]): Map<string, string[]> {
  const installed = new Set(packages.filter((p) => p.kind === 'dpkg').map((p) => p.name));
  const map = new Map<string, Set<string>>();
  for (const pkg of packages) {
    if (pkg.kind !== 'dpkg' || !pkg.source || pkg.source === pkg.name) continue;
    const set = map.get(pkg.source) ?? new Set<string>();
    set.add(pkg.name);
    if (installed.has(pkg.source)) set.add(pkg.source);
    map.set(pkg.source, set);
  }
  return new Map([...map].map(([source, names]) => [source, [...names].sort()]));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
