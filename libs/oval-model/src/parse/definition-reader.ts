import type { CriteriaOperator, OvalCriteria } from '../model/oval-criteria.js';
import { newDefinitionDraft, type DefinitionDraft } from './definition-draft.js';
import type { StringPool } from './string-pool.js';

type Attributes = Readonly<Record<string, string>>;

/** Metadata children whose text is kept, keyed by parent element. */
const TEXT_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  metadata: new Set(['title', 'description']),
  affected: new Set(['platform']),
  advisory: new Set(['severity', 'cve', 'public_date']),
  debian: new Set(['dsa', 'date']),
};

/**
 * Reads `definitions/definition` subtrees. `stack` holds the local names of the open elements
 * from the document root; a definition sits at depth 2 (oval_definitions/definitions/definition).
 */
export class DefinitionReader {
  readonly drafts: DefinitionDraft[] = [];
  private draft: DefinitionDraft | undefined;

  constructor(private readonly pool: StringPool) {}

  open(name: string, attributes: Attributes, stack: readonly string[]): boolean {
    const depth = stack.length - 1;
    if (depth === 2) {
      if (name === 'definition') this.draft = newDefinitionDraft(this.internAll(attributes));
      return false;
    }
    const draft = this.draft;
    if (draft === undefined) return false;
    const parent = stack[depth - 1] ?? '';
    if (name === 'criteria' || name === 'criterion' || name === 'extend_definition') {
      this.openCriteriaNode(draft, name, attributes);
      return false;
    }
    if (stack[3] !== 'metadata') return false;
    if (name === 'reference' && parent === 'metadata') {
      const url = this.pool.intern(attributes['ref_url']);
      draft.references.push({
        source: this.pool.intern(attributes['source'] ?? ''),
        refId: this.pool.intern(attributes['ref_id'] ?? ''),
        ...(url === undefined ? {} : { url }),
      });
    } else if (name === 'affected' && parent === 'metadata') {
      draft.affectedFamily = this.pool.intern(attributes['family']);
    } else if (parent === 'advisory' && (name === 'issued' || name === 'updated')) {
      draft[name] = this.pool.intern(attributes['date']);
    } else if (name === 'resolution' || name === 'res') {
      // Red Hat v2: advisory/affected/resolution[@state] says why a CVE has no fix yet.
      const state = attributes['state'];
      if (state !== undefined) draft.resolutionStates.push(this.pool.intern(state));
    }
    return TEXT_FIELDS[parent]?.has(name) ?? false;
  }

  close(name: string, text: string | undefined, stack: readonly string[]): void {
    const depth = stack.length - 1;
    const draft = this.draft;
    if (draft === undefined) return;
    if (depth === 2) {
      if (name === 'definition') this.drafts.push(draft);
      this.draft = undefined;
      return;
    }
    if (name === 'criteria') {
      const done = draft.criteriaStack.pop();
      if (draft.criteriaStack.length === 0 && done !== undefined) draft.criteria ??= done;
      return;
    }
    if (text === undefined) return;
    this.setTextField(draft, name, stack[depth - 1] ?? '', text);
  }

  private setTextField(draft: DefinitionDraft, name: string, parent: string, text: string): void {
    const value = text.trim();
    if (parent === 'metadata' && name === 'title') draft.title = this.pool.intern(value);
    else if (parent === 'metadata' && name === 'description') {
      if (value !== '') draft.description = this.pool.intern(value);
    } else if (parent === 'affected' && value !== '') {
      draft.affectedPlatforms.push(this.pool.intern(value));
    } else if (parent === 'advisory' && name === 'severity')
      draft.severity = this.pool.intern(value);
    else if (parent === 'advisory' && name === 'cve') draft.advisoryCves.push(value);
    else if (parent === 'advisory' && name === 'public_date')
      draft.issued ??= this.pool.intern(value);
    else if (parent === 'debian' && name === 'dsa') draft.debianAdvisories.push(value);
    else if (parent === 'debian' && name === 'date') draft.issued ??= this.pool.intern(value);
  }

  private openCriteriaNode(draft: DefinitionDraft, name: string, attributes: Attributes): void {
    const parent = draft.criteriaStack[draft.criteriaStack.length - 1];
    const negate = attributes['negate'] === 'true';
    const comment = this.pool.intern(attributes['comment']);
    const withComment = comment === undefined ? {} : { comment };
    if (name === 'criteria') {
      const node: OvalCriteria = {
        kind: 'criteria',
        operator: toOperator(attributes['operator']),
        negate,
        ...withComment,
        children: [],
      };
      parent?.children.push(node);
      draft.criteriaStack.push(node);
    } else if (name === 'criterion') {
      const testRef = this.pool.intern(attributes['test_ref'] ?? '');
      parent?.children.push({ kind: 'criterion', testRef, negate, ...withComment });
    } else {
      parent?.children.push({
        kind: 'extend',
        definitionRef: this.pool.intern(attributes['definition_ref'] ?? ''),
        negate,
        ...withComment,
        applicabilityCheck: attributes['applicability_check'] === 'true',
      });
    }
  }

  private internAll(attributes: Attributes): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes)) out[key] = this.pool.intern(value);
    return out;
  }
}

function toOperator(value: string | undefined): CriteriaOperator {
  // OVAL's default operator is AND.
  return value === 'OR' || value === 'ONE' || value === 'XOR' ? value : 'AND';
}
