import type { GeneratorInfo } from './generator-info.js';
import type { OvalDefinition } from './oval-definition.js';
import type { OvalObject } from './oval-object.js';
import type { OvalState } from './oval-state.js';
import type { OvalTest } from './oval-test.js';
import type { OvalVariable } from './oval-variable.js';

/** `oval_definitions`: a vendor feed, or the copy embedded in an oscap results file. */
export interface OvalDefinitionsDocument {
  generator: GeneratorInfo;
  /** Document order. */
  definitions: OvalDefinition[];
  tests: Map<string, OvalTest>;
  objects: Map<string, OvalObject>;
  states: Map<string, OvalState>;
  variables: Map<string, OvalVariable>;
}
