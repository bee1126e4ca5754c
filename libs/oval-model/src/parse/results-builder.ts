import type { GeneratorInfo } from '../model/generator-info.js';
import type {
  CollectedObject,
  OvalResultsDocument,
  OvalResultValue,
  SystemInfo,
} from '../model/oval-results-document.js';
import { DefinitionsBuilder } from './definitions-builder.js';
import { GENERATOR_FIELDS, setGeneratorField } from './generator-fields.js';
import { ItemReader } from './item-reader.js';
import type { StringPool } from './string-pool.js';
import type { XmlHandler } from './xml-handler.js';

const RESULT_VALUES: ReadonlySet<string> = new Set([
  'true',
  'false',
  'unknown',
  'error',
  'not evaluated',
  'not applicable',
]);
const SYSTEM_INFO_FIELDS: Readonly<Record<string, keyof SystemInfo>> = {
  os_name: 'osName',
  os_version: 'osVersion',
  architecture: 'architecture',
  primary_host_name: 'hostName',
};

/*
 * Element depths under the root:
 *   oval_results/generator/*                                     1/2
 *   oval_results/oval_definitions/…                              1/… (embedded feed)
 *   oval_results/results/system/definitions/definition           4
 *   oval_results/results/system/tests/test                       4
 *   …/system/oval_system_characteristics/system_info/*           5
 *   …/system/oval_system_characteristics/collected_objects/object/{reference,message}  5/6
 *   …/system/oval_system_characteristics/system_data/*_item/*    5/6
 */
/** Builds an OvalResultsDocument from the elements of an `oval_results` document. */
export class ResultsBuilder implements XmlHandler {
  private readonly stack: string[] = [];
  private readonly generator: GeneratorInfo = {};
  private readonly definitionResults = new Map<string, OvalResultValue>();
  private readonly testResults = new Map<string, OvalResultValue>();
  private readonly collectedObjects: CollectedObject[] = [];
  private readonly items: ItemReader;
  private system: SystemInfo | undefined;
  private embedded: DefinitionsBuilder | undefined;

  /** `skipDefinitions`: ignore the embedded feed (the caller has it parsed already). */
  constructor(
    private readonly pool: StringPool,
    private readonly skipDefinitions = false,
  ) {
    this.items = new ItemReader(pool);
  }

  open(name: string, attributes: Readonly<Record<string, string>>): boolean {
    this.stack.push(name);
    const depth = this.stack.length - 1;
    if (depth === 1 && name === 'oval_definitions' && !this.skipDefinitions) {
      this.embedded = new DefinitionsBuilder(this.pool);
    }
    if (this.stack[1] === 'oval_definitions') return this.embedded?.open(name, attributes) ?? false;
    if (this.stack[1] === 'generator') return depth === 2 && GENERATOR_FIELDS.has(name);
    if (this.stack[1] !== 'results' || this.stack[2] !== 'system') return false;
    const section = this.stack[3];
    if (depth === 4 && section === 'definitions' && name === 'definition') {
      this.setResult(this.definitionResults, attributes['definition_id'], attributes['result']);
    } else if (depth === 4 && section === 'tests' && name === 'test') {
      this.setResult(this.testResults, attributes['test_id'], attributes['result']);
    } else if (section === 'oval_system_characteristics') {
      return this.openCharacteristics(name, attributes, depth);
    }
    return false;
  }

  close(name: string, text: string | undefined): void {
    const depth = this.stack.length - 1;
    if (this.stack[1] === 'oval_definitions') {
      this.embedded?.close(name, text);
    } else if (this.stack[1] === 'generator' && depth === 2) {
      setGeneratorField(this.generator, name, text, this.pool);
    } else if (this.stack[3] === 'oval_system_characteristics') {
      this.closeCharacteristics(name, text, depth);
    }
    this.stack.pop();
  }

  finish(): OvalResultsDocument {
    const document: OvalResultsDocument = {
      generator: this.generator,
      definitionResults: this.definitionResults,
      testResults: this.testResults,
      collectedObjects: this.collectedObjects,
      packages: this.items.packages,
      itemCount: this.items.itemCount,
    };
    if (this.system !== undefined) document.system = this.system;
    if (this.embedded !== undefined) document.definitions = this.embedded.finish();
    return document;
  }

  private openCharacteristics(
    name: string,
    attributes: Readonly<Record<string, string>>,
    depth: number,
  ): boolean {
    const part = this.stack[4];
    if (part === 'system_info') return depth === 5 && SYSTEM_INFO_FIELDS[name] !== undefined;
    if (part === 'system_data' && depth >= 5) return this.items.open(name, attributes, depth - 5);
    if (part !== 'collected_objects') return false;
    if (depth === 5 && name === 'object') {
      this.collectedObjects.push({
        id: this.pool.intern(attributes['id'] ?? ''),
        flag: this.pool.intern(attributes['flag'] ?? ''),
        itemRefs: [],
        messages: [],
      });
    } else if (depth === 6 && name === 'reference' && attributes['item_ref'] !== undefined) {
      this.collectedObjects.at(-1)?.itemRefs.push(this.pool.intern(attributes['item_ref']));
    }
    return depth === 6 && name === 'message';
  }

  private closeCharacteristics(name: string, text: string | undefined, depth: number): void {
    const part = this.stack[4];
    if (part === 'system_data' && depth >= 5) {
      this.items.close(name, text, depth - 5);
    } else if (part === 'system_info' && depth === 5 && text !== undefined) {
      const key = SYSTEM_INFO_FIELDS[name];
      if (key !== undefined) (this.system ??= {})[key] = this.pool.intern(text.trim());
    } else if (part === 'collected_objects' && name === 'message' && text !== undefined) {
      this.collectedObjects.at(-1)?.messages.push(this.pool.intern(text.trim()));
    }
  }

  private setResult(
    into: Map<string, OvalResultValue>,
    id: string | undefined,
    result: string | undefined,
  ): void {
    if (id === undefined || result === undefined) return;
    const value = RESULT_VALUES.has(result) ? (result as OvalResultValue) : 'unknown';
    into.set(this.pool.intern(id), value);
  }
}
