/**
 * Receives the elements of one document from `walkXml`. Names are local names (the namespace
 * prefix is dropped: feeds spell the same element `red-def:rpminfo_test`, `lin-def:…` or bare).
 */
export interface XmlHandler {
  /** Returns true to get the element's text content on `close`. */
  open(name: string, attributes: Readonly<Record<string, string>>): boolean;
  close(name: string, text: string | undefined): void;
}
