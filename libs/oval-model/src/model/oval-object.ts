/**
 * `oval_definitions/objects/*_object`, reduced to the fields this project reads: package names
 * and file locations. Other children are dropped to keep a 50 MB feed's model small.
 */
export interface OvalObject {
  id: string;
  /** Element name, e.g. `rpminfo_object`, `dpkginfo_object`. */
  kind: string;
  comment?: string;
  /** `name` text: the package name for rpminfo/dpkginfo objects. */
  name?: string;
  /** `name/@operation` when not plain equality (e.g. `pattern match`). */
  nameOperation?: string;
  /** `name/@var_ref`: the names come from a variable (Ubuntu's binary-package lists). */
  nameVarRef?: string;
  filepath?: string;
  path?: string;
  filename?: string;
  pattern?: string;
  /** Every `@var_ref` in the object, for reference validation. */
  variableRefs: string[];
  /** `set/object_reference` ids, for reference validation. */
  objectRefs: string[];
  /** `set/filter` state ids, for reference validation. */
  stateRefs: string[];
}
