/** One child of a state, e.g. `<evr datatype="evr_string" operation="less than">0:1-2</evr>`. */
export interface OvalStateField {
  value: string;
  operation?: string;
  datatype?: string;
}

/** `oval_definitions/states/*_state`, reduced to the fields package matching reads. */
export interface OvalState {
  id: string;
  /** Element name, e.g. `rpminfo_state`. */
  kind: string;
  comment?: string;
  evr?: OvalStateField;
  version?: OvalStateField;
  release?: OvalStateField;
  arch?: OvalStateField;
  name?: OvalStateField;
  signatureKeyId?: OvalStateField;
  subexpression?: OvalStateField;
  /** Every `@var_ref` in the state, for reference validation. */
  variableRefs: string[];
}
