export const SECTION_NAMES = ['definitions', 'tests', 'objects', 'states', 'variables'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/**
 * A feed's XML cut into its top-level sections, each element kept verbatim by id. The texts
 * hold the feed's bytes one character per byte (latin1), so they go back out byte for byte.
 */
export interface FeedSections {
  /** Everything before the first section: XML declaration, root element, generator. */
  head: string;
  /** The root element's closing tag and whatever follows it (signatures are dropped). */
  tail: string;
  /** Section name to its elements, in document order, each with its exact source text. */
  elements: Map<SectionName, Map<string, string>>;
  /** The section's opening tag as written (attributes included) and its element name. */
  tags: Map<SectionName, { open: string; name: string }>;
}

const OPEN_TAG = /<((?:[\w.-]+:)?[\w.-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ID_ATTRIBUTE = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/**
 * Cuts the feed with a small tag scanner rather than a whole-document tree: a 50 MB feed stays
 * one string plus slices. The bytes are read one character each (latin1): the markup scanned
 * is ASCII, and UTF-8 text passes through as the bytes it was, never matching markup, while
 * the string stays one byte a character (decoded as UTF-8, one non-ASCII character would make
 * all 50 MB two bytes each). Returns undefined when the text does not have the plain shape
 * real feeds have (sections in order, children with ids, no same-name nesting), so the caller
 * can fall back to the whole feed instead of guessing.
 */
export function cutFeedSections(bytes: Buffer): FeedSections | undefined {
  const xml = bytes.toString('latin1');
  const elements = new Map<SectionName, Map<string, string>>();
  const tags = new Map<SectionName, { open: string; name: string }>();
  let head: string | undefined;
  let position = 0;
  let lastEnd = 0;
  for (const name of SECTION_NAMES) {
    const open = new RegExp(`<((?:[\\w.-]+:)?${name})(\\s[^>]*)?>`, 'g');
    open.lastIndex = position;
    const found = open.exec(xml);
    if (!found) continue;
    const tag = found[1] as string;
    if (head === undefined) head = xml.slice(0, found.index);
    else if (xml.slice(lastEnd, found.index).trim() !== '') return undefined;
    const body = readChildren(xml, found.index + found[0].length, tag);
    if (!body) return undefined;
    elements.set(name, body.children);
    tags.set(name, { open: found[0], name: tag });
    position = body.end;
    lastEnd = body.end;
  }
  if (head === undefined) return undefined;
  const rest = xml.slice(lastEnd);
  const close = /<\/((?:[\w.-]+:)?oval_definitions)\s*>/.exec(rest);
  if (!close) return undefined;
  return { head, tail: rest.slice(close.index), elements, tags };
}

function readChildren(
  xml: string,
  start: number,
  sectionTag: string,
): { children: Map<string, string>; end: number } | undefined {
  const children = new Map<string, string>();
  let at = start;
  for (;;) {
    while (at < xml.length && /\s/.test(xml[at] as string)) at += 1;
    if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('-->', at);
      if (end < 0) return undefined;
      at = end + 3;
      continue;
    }
    if (xml.startsWith(`</${sectionTag}`, at)) {
      const end = xml.indexOf('>', at);
      return end < 0 ? undefined : { children, end: end + 1 };
    }
    OPEN_TAG.lastIndex = at;
    const tag = OPEN_TAG.exec(xml);
    if (!tag) return undefined;
    const id = ID_ATTRIBUTE.exec(tag[2] ?? '');
    const elementId = id?.[1] ?? id?.[2];
    if (elementId === undefined || children.has(elementId)) return undefined;
    let end = at + tag[0].length;
    if (tag[3] !== '/') {
      const closeTag = `</${tag[1] as string}>`;
      const close = xml.indexOf(closeTag, end);
      if (close < 0) return undefined;
      const inner = xml.slice(end, close);
      // OVAL never nests an element in one of its own name; if it did, the cut would be wrong.
      if (new RegExp(`<${escapeRegExp(tag[1] as string)}[\\s/>]`).test(inner)) return undefined;
      end = close + closeTag.length;
    }
    children.set(elementId, xml.slice(at, end));
    at = end;
  }
}

/**
 * The feed holding only the given elements of each section, in their original order, as bytes.
 * `extra` elements are the scanner's own and must be ASCII.
 */
export function joinFeedSections(
  sections: FeedSections,
  keep: ReadonlyMap<SectionName, ReadonlySet<string>>,
  extra: ReadonlyMap<SectionName, readonly string[]> = new Map(),
): Buffer {
  const parts: string[] = [sections.head];
  for (const name of SECTION_NAMES) {
    const kept = keep.get(name) ?? new Set<string>();
    const texts = [...(sections.elements.get(name) ?? new Map<string, string>())]
      .filter(([id]) => kept.has(id))
      .map(([, text]) => text)
      .concat(extra.get(name) ?? []);
    // The schema wants at least one child in a section that is present: drop empty ones.
    if (texts.length === 0) continue;
    const tag = sections.tags.get(name) ?? { open: `<${name}>`, name };
    parts.push(`${tag.open}\n`, texts.join('\n'), `\n</${tag.name}>\n`);
  }
  parts.push(sections.tail);
  return Buffer.from(parts.join(''), 'latin1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
