import { decideFixState } from '../analyze/decide-fix-state.js';
import { collectAdvisoryIds, collectCveIds } from '../analyze/collect-advisory-ids.js';
import type { GeneratorInfo } from '../model/generator-info.js';
import type { OvalDefinition } from '../model/oval-definition.js';
import type { OvalDefinitionsDocument } from '../model/oval-definitions-document.js';
import { ComponentReader } from './component-reader.js';
import type { DefinitionDraft } from './definition-draft.js';
import { DefinitionReader } from './definition-reader.js';
import { GENERATOR_FIELDS, setGeneratorField } from './generator-fields.js';
import type { StringPool } from './string-pool.js';
import type { XmlHandler } from './xml-handler.js';

const COMPONENT_SECTIONS = new Set(['tests', 'objects', 'states', 'variables'] as const);
type ComponentSection = typeof COMPONENT_SECTIONS extends Set<infer T> ? T : never;

/**
 * Builds an OvalDefinitionsDocument from the elements of one `oval_definitions` element,
 * whether it is a feed's root or the copy embedded in an oscap results file.
 */
export class DefinitionsBuilder implements XmlHandler {
  private readonly stack: string[] = [];
  private readonly generator: GeneratorInfo = {};
  private readonly definitionReader: DefinitionReader;
  private readonly componentReader: ComponentReader;

  constructor(private readonly pool: StringPool) {
    this.definitionReader = new DefinitionReader(pool);
    this.componentReader = new ComponentReader(pool);
  }

  open(name: string, attributes: Readonly<Record<string, string>>): boolean {
    this.stack.push(name);
    const depth = this.stack.length - 1;
    const section = this.stack[1];
    if (section === 'generator') return depth === 2 && GENERATOR_FIELDS.has(name);
    if (section === 'definitions' && depth >= 2) {
      return this.definitionReader.open(name, attributes, this.stack);
    }
    const component = asComponentSection(section);
    if (component !== undefined && depth >= 2) {
      return this.componentReader.open(component, name, attributes, depth);
    }
    return false;
  }

  close(name: string, text: string | undefined): void {
    const depth = this.stack.length - 1;
    const section = this.stack[1];
    if (section === 'generator' && depth === 2) {
      setGeneratorField(this.generator, name, text, this.pool);
    } else if (section === 'definitions' && depth >= 2) {
      this.definitionReader.close(name, text, this.stack);
    } else {
      const component = asComponentSection(section);
      if (component !== undefined && depth >= 2) {
        this.componentReader.close(component, name, text, depth);
      }
    }
    this.stack.pop();
  }

  /** The finished document; fix states need the whole document, so they are decided here. */
  finish(): OvalDefinitionsDocument {
    const components = this.componentReader;
    const document: OvalDefinitionsDocument = {
      generator: this.generator,
      definitions: [],
      tests: components.tests,
      objects: components.objects,
      states: components.states,
      variables: components.variables,
    };
    for (const draft of this.definitionReader.drafts) {
      const definition = toDefinition(draft, this.pool);
      definition.fixState = decideFixState(document, definition, draft.resolutionStates);
      document.definitions.push(definition);
    }
    return document;
  }
}

function toDefinition(draft: DefinitionDraft, pool: StringPool): OvalDefinition {
  const definition: OvalDefinition = {
    id: draft.id,
    version: draft.version,
    class: draft.class,
    title: draft.title,
    advisoryIds: collectAdvisoryIds(draft).map((id) => pool.intern(id)),
    cveIds: collectCveIds(draft).map((id) => pool.intern(id)),
    references: draft.references,
    affectedPlatforms: draft.affectedPlatforms,
    fixState: 'unknown',
  };
  if (draft.description !== undefined) definition.description = draft.description;
  if (draft.severity !== undefined) definition.severity = draft.severity;
  if (draft.affectedFamily !== undefined) definition.affectedFamily = draft.affectedFamily;
  if (draft.issued !== undefined) definition.issued = draft.issued;
  if (draft.updated !== undefined) definition.updated = draft.updated;
  if (draft.criteria !== undefined) definition.criteria = draft.criteria;
  return definition;
}

function asComponentSection(section: string | undefined): ComponentSection | undefined {
  return COMPONENT_SECTIONS.has(section as ComponentSection)
    ? (section as ComponentSection)
    : undefined;
}
