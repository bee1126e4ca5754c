import sax from 'sax';

/** One element of a parsed XML document: enough to walk oscap's results file. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, trimmed; text of children is on the children. */
  text: string;
}

/**
 * Parses an XML document into a tree of elements. The whole document is held in memory, so
 * this is for the per-target results files, not for whole feeds; DOCTYPEs are refused
 * because nothing the scanner writes has one.
 */
export function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true, { trim: false, normalize: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.onerror = (err) => {
    failure ??= err;
    parser.resume();
  };
  parser.ondoctype = () => {
    failure ??= new Error('the document has a DOCTYPE');
  };
  parser.onopentag = (tag) => {
    const element: XmlElement = {
      name: tag.name,
      attributes: Object.fromEntries(
        Object.entries(tag.attributes).map(([k, v]) => [k, typeof v === 'string' ? v : v.value]),
      ),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  };
  const addText = (text: string): void => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  parser.onclosetag = () => {
    const element = stack.pop();
    if (element) element.text = element.text.trim();
  };
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error('the document has no root element');
  return root;
}

/** Every descendant of `element` (itself included) whose local name is `localName`. */
export function findAll(element: XmlElement, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    if (e.name === localName || e.name.endsWith(`:${localName}`)) found.push(e);
    for (const child of e.children) visit(child);
  };
  visit(element);
  return found;
}
