import { readFile } from 'node:fs/promises';

/** One definition the fixture's author checked by hand and with the vendor's own comparison. */
export interface ExpectedDefinition {
  id: string;
  advisoryId: string;
  package: string;
  installed: string;
  fixed: string | null;
  why: string;
}

export interface Expectations {
  image: string;
  feed: string;
  definitionCount: number;
  trueDefinitions: ExpectedDefinition[];
  epochCase: ExpectedDefinition & { expected: boolean };
  equalCase: ExpectedDefinition & { expected: boolean };
  noFixCase?: ExpectedDefinition & { expected: boolean };
  alsoFalse?: ExpectedDefinition[];
}

/** The expected results written down in tests/fixtures/expected (see the README there). */
export async function loadExpectations(name: string): Promise<Expectations> {
  const url = new URL(`../../fixtures/expected/${name}.json`, import.meta.url);
  return JSON.parse(await readFile(url, 'utf8')) as Expectations;
}
