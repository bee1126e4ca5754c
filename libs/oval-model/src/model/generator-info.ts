/** `<generator>`: who wrote the document and when. */
export interface GeneratorInfo {
  productName?: string;
  productVersion?: string;
  schemaVersion?: string;
  timestamp?: string;
  contentVersion?: string;
}
