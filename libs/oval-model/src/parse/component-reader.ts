import type { OvalObject } from '../model/oval-object.js';
import type { OvalState, OvalStateField } from '../model/oval-state.js';
import type { OvalTest } from '../model/oval-test.js';
import type { OvalVariable } from '../model/oval-variable.js';
import type { StringPool } from './string-pool.js';

type Attributes = Readonly<Record<string, string>>;
type Section = 'tests' | 'objects' | 'states' | 'variables';

const OBJECT_TEXT_FIELDS = new Set(['name', 'filepath', 'path', 'filename', 'pattern']);
const STATE_FIELDS: Readonly<Record<string, keyof OvalState>> = {
  evr: 'evr',
  version: 'version',
  release: 'release',
  arch: 'arch',
  name: 'name',
  signature_keyid: 'signatureKeyId',
  subexpression: 'subexpression',
};

/**
 * Reads the `tests`, `objects`, `states` and `variables` sections. Each component sits at
 * depth 2 (oval_definitions/tests/rpminfo_test); its children at depth 3 and below.
 */
export class ComponentReader {
  readonly tests = new Map<string, OvalTest>();
  readonly objects = new Map<string, OvalObject>();
  readonly states = new Map<string, OvalState>();
  readonly variables = new Map<string, OvalVariable>();

  private test: OvalTest | undefined;
  private object: OvalObject | undefined;
  private state: OvalState | undefined;
  private variable: OvalVariable | undefined;
  private fieldAttributes: Attributes = {};

  constructor(private readonly pool: StringPool) {}

  open(section: Section, name: string, attributes: Attributes, depth: number): boolean {
    if (depth === 2) {
      this.start(section, name, attributes);
      return false;
    }
    const varRef = attributes['var_ref'];
    if (section === 'tests') this.openTestChild(name, attributes);
    else if (section === 'objects' && this.object !== undefined) {
      if (varRef !== undefined) this.object.variableRefs.push(this.pool.intern(varRef));
      if (depth === 3 && name === 'name') {
        if (varRef !== undefined) this.object.nameVarRef = this.pool.intern(varRef);
        const operation = attributes['operation'];
        if (operation !== undefined && operation !== 'equals') {
          this.object.nameOperation = this.pool.intern(operation);
        }
      }
      return (depth === 3 && OBJECT_TEXT_FIELDS.has(name)) || isSetReference(name);
    } else if (section === 'states' && this.state !== undefined) {
      if (varRef !== undefined) this.state.variableRefs.push(this.pool.intern(varRef));
      this.fieldAttributes = attributes;
      return depth === 3 && STATE_FIELDS[name] !== undefined;
    } else if (section === 'variables' && this.variable !== undefined) {
      const objectRef = attributes['object_ref'];
      if (objectRef !== undefined) this.variable.objectRefs.push(this.pool.intern(objectRef));
      if (varRef !== undefined) this.variable.variableRefs.push(this.pool.intern(varRef));
      return depth === 3 && name === 'value';
    }
    return false;
  }

  close(section: Section, name: string, text: string | undefined, depth: number): void {
    if (depth === 2) {
      this.finish(section);
      return;
    }
    if (text === undefined) return;
    const value = this.pool.intern(text.trim());
    if (section === 'objects' && this.object !== undefined) this.setObjectField(name, value);
    else if (section === 'states' && this.state !== undefined) {
      const key = STATE_FIELDS[name];
      if (key === undefined) return;
      const field: OvalStateField = { value };
      const operation = this.pool.intern(this.fieldAttributes['operation']);
      const datatype = this.pool.intern(this.fieldAttributes['datatype']);
      if (operation !== undefined) field.operation = operation;
      if (datatype !== undefined) field.datatype = datatype;
      (this.state as unknown as Record<string, OvalStateField>)[key] = field;
    } else if (section === 'variables' && this.variable !== undefined && name === 'value') {
      this.variable.values.push(value);
    }
  }

  private start(section: Section, kind: string, attributes: Attributes): void {
    const id = this.pool.intern(attributes['id'] ?? '');
    const comment = this.pool.intern(attributes['comment']);
    const base = {
      id,
      kind: this.pool.intern(kind),
      ...(comment === undefined ? {} : { comment }),
    };
    if (section === 'tests') {
      this.test = { ...base, stateRefs: [] };
      this.setIfPresent(this.test, 'check', attributes['check']);
      this.setIfPresent(this.test, 'checkExistence', attributes['check_existence']);
      this.setIfPresent(this.test, 'stateOperator', attributes['state_operator']);
    } else if (section === 'objects') {
      this.object = { ...base, variableRefs: [], objectRefs: [], stateRefs: [] };
    } else if (section === 'states') {
      this.state = { ...base, variableRefs: [] };
    } else {
      this.variable = { ...base, values: [], objectRefs: [], variableRefs: [] };
      this.setIfPresent(this.variable, 'datatype', attributes['datatype']);
    }
  }

  private finish(section: Section): void {
    if (section === 'tests' && this.test !== undefined) this.tests.set(this.test.id, this.test);
    if (section === 'objects' && this.object !== undefined) {
      this.objects.set(this.object.id, this.object);
    }
    if (section === 'states' && this.state !== undefined)
      this.states.set(this.state.id, this.state);
    if (section === 'variables' && this.variable !== undefined) {
      this.variables.set(this.variable.id, this.variable);
    }
    this.test = undefined;
    this.object = undefined;
    this.state = undefined;
    this.variable = undefined;
  }

  private openTestChild(name: string, attributes: Attributes): void {
    if (this.test === undefined) return;
    if (name === 'object' && attributes['object_ref'] !== undefined) {
      this.test.objectRef = this.pool.intern(attributes['object_ref']);
    } else if (name === 'state' && attributes['state_ref'] !== undefined) {
      this.test.stateRefs.push(this.pool.intern(attributes['state_ref']));
    }
  }

  private setObjectField(name: string, value: string): void {
    const object = this.object;
    if (object === undefined) return;
    if (name === 'object_reference') object.objectRefs.push(value);
    else if (name === 'filter') object.stateRefs.push(value);
    else if (value === '') return;
    else if (name === 'name') object.name = value;
    else if (name === 'filepath') object.filepath = value;
    else if (name === 'path') object.path = value;
    else if (name === 'filename') object.filename = value;
    else if (name === 'pattern') object.pattern = value;
  }

  private setIfPresent<T extends object>(target: T, key: keyof T, value: string | undefined): void {
    if (value !== undefined) (target as Record<keyof T, unknown>)[key] = this.pool.intern(value);
  }
}

/** OVAL set objects name other objects and filter states by id in element text. */
function isSetReference(name: string): boolean {
  return name === 'object_reference' || name === 'filter';
}
