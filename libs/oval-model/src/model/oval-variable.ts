/** `oval_definitions/variables/*_variable`. */
export interface OvalVariable {
  id: string;
  /** `constant_variable`, `local_variable` or `external_variable`. */
  kind: string;
  datatype?: string;
  comment?: string;
  /** `constant_variable/value` texts: Ubuntu lists a source package's binaries here. */
  values: string[];
  /** `object_component/@object_ref` inside a local_variable. */
  objectRefs: string[];
  /** `variable_component/@var_ref` inside a local_variable. */
  variableRefs: string[];
}
