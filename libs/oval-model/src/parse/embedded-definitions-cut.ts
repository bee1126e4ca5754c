const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const LOCAL_NAME = 'oval_definitions';

/**
 * An `oval_results` document with the content of its embedded `oval_definitions` left out,
 * for readers told to skip that content (`skipDefinitions`), which never look at it. sax
 * tokenizes every byte it is given, and the embedded feed is most of a results file: 700 KB of
 * a 1 MB result for a RHEL 7-like image, which took 26 ms to parse whole and 9 ms cut.
 *
 * The element itself stays, emptied, with as many line breaks as its content had, so any
 * error after it still names the line it would have named.
 *
 * Answers undefined, and the caller parses the whole document, unless the cut is sure to keep
 * everything outside that content: the element must be a child of the root, and neither
 * before it nor inside it may there be a comment, CDATA section, processing instruction (all
 * of which could hide a closing tag) or a nested element of the same name. The content left
 * out is not checked for well-formedness; the rest of the document is, by the parse.
 */
export function cutEmbeddedDefinitions(xml: Buffer): Buffer | undefined {
  // Compressed bytes, or text with a byte order mark, are left to the whole parse.
  if (xml[0] !== LT) return undefined;
  const open = findOpenTag(xml);
  if (open === undefined) return undefined;
  const { start, end, qualifiedName } = open;
  if (!isPlainMarkup(xml, 0, start, true) || depthBefore(xml, start) !== 1) return undefined;
  const close = findCloseTag(xml, end, qualifiedName);
  if (close === undefined || !isPlainMarkup(xml, end, close, false)) return undefined;
  if (hasOpenTag(xml, end, close, qualifiedName)) return undefined;
  const lineBreaks = Buffer.alloc(countLineBreaks(xml, end, close), NEWLINE);
  return Buffer.concat([xml.subarray(0, end), lineBreaks, xml.subarray(close)]);
}

interface OpenTag {
  /** Offset of its `<`. */
  start: number;
  /** Offset just after its `>`. */
  end: number;
  qualifiedName: string;
}

/**
 * The first `<oval_definitions ...>` or `<prefix:oval_definitions ...>` tag, unless it closes
 * itself. An occurrence not right after `<` is text or an attribute value and is passed over:
 * neither may hold a raw `<`, so one that follows `<` is a tag.
 */
function findOpenTag(xml: Buffer): OpenTag | undefined {
  for (let at = xml.indexOf(LOCAL_NAME); at > 0; at = xml.indexOf(LOCAL_NAME, at + 1)) {
    let start = at - 1;
    if (xml[start] === COLON) {
      while (start > 0 && isNameByte(xml[start - 1] as number)) start -= 1;
      start -= 1;
    }
    const nameEnd = at + LOCAL_NAME.length;
    if (start < 0 || xml[start] !== LT || !isTagNameEnd(xml[nameEnd])) continue;
    const end = tagEnd(xml, nameEnd);
    if (end === undefined || xml[end - 2] === SLASH) return undefined;
    return { start, end, qualifiedName: xml.toString('latin1', start + 1, nameEnd) };
  }
  return undefined;
}

/** Offset just after the `>` that ends the tag, skipping `>` inside quoted attribute values. */
function tagEnd(xml: Buffer, from: number): number | undefined {
  let quote = 0;
  for (let i = from; i < xml.length; i += 1) {
    const byte = xml[i] as number;
    if (quote !== 0) {
      if (byte === quote) quote = 0;
    } else if (byte === 0x22 || byte === 0x27) {
      quote = byte;
    } else if (byte === GT) {
      return i + 1;
    } else if (byte === LT) {
      return undefined;
    }
  }
  return undefined;
}

/**
 * True when [from, to) has no comment, CDATA section, DOCTYPE or processing instruction; the
 * XML declaration at offset 0 is allowed when `atStart`.
 */
function isPlainMarkup(xml: Buffer, from: number, to: number, atStart: boolean): boolean {
  const bang = xml.indexOf('<!', from);
  if (bang !== -1 && bang < to) return false;
  let question = xml.indexOf('<?', from);
  if (atStart && question === 0) question = xml.indexOf('<?', 2);
  return question === -1 || question >= to;
}

/** How many elements are open at `offset`, counting the tags before it. */
function depthBefore(xml: Buffer, offset: number): number | undefined {
  let depth = 0;
  for (let i = xml.indexOf(LT); i !== -1 && i < offset; i = xml.indexOf(LT, i + 1)) {
    const next = xml[i + 1];
    if (next === 0x3f) continue;
    if (next === SLASH) {
      depth -= 1;
      continue;
    }
    const end = tagEnd(xml, i + 1);
    if (end === undefined || end > offset) return undefined;
    if (xml[end - 2] !== SLASH) depth += 1;
    i = end - 1;
  }
  return depth;
}

/**
 * Offset of the first `</qualifiedName>` from `from`, allowing spaces before the `>`. The name
 * was read as latin1, one character a byte, so it is searched for the same way.
 */
function findCloseTag(xml: Buffer, from: number, qualifiedName: string): number | undefined {
  const needle = `</${qualifiedName}`;
  for (
    let at = xml.indexOf(needle, from, 'latin1');
    at !== -1;
    at = xml.indexOf(needle, at + 1, 'latin1')
  ) {
    let i = at + needle.length;
    while (isSpace(xml[i])) i += 1;
    if (xml[i] === GT) return at;
    if (!isNameByte(xml[at + needle.length] as number)) return undefined;
  }
  return undefined;
}

function hasOpenTag(xml: Buffer, from: number, to: number, qualifiedName: string): boolean {
  const needle = `<${qualifiedName}`;
  for (let at = xml.indexOf(needle, from, 'latin1'); at !== -1 && at < to;) {
    if (isTagNameEnd(xml[at + needle.length])) return true;
    at = xml.indexOf(needle, at + 1, 'latin1');
  }
  return false;
}

function countLineBreaks(xml: Buffer, from: number, to: number): number {
  let count = 0;
  for (
    let at = xml.indexOf(NEWLINE, from);
    at !== -1 && at < to;
    at = xml.indexOf(NEWLINE, at + 1)
  ) {
    count += 1;
  }
  return count;
}

function isTagNameEnd(byte: number | undefined): boolean {
  return byte === GT || byte === SLASH || isSpace(byte);
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === NEWLINE || byte === 0x0d;
}

function isNameByte(byte: number): boolean {
  return (
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x5f ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte >= 0x80
  );
}
