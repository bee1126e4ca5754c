/** `oval_definitions/tests/*_test`. */
export interface OvalTest {
  id: string;
  /** Element name, e.g. `rpminfo_test`, `dpkginfo_test`, `textfilecontent54_test`. */
  kind: string;
  check?: string;
  checkExistence?: string;
  stateOperator?: string;
  comment?: string;
  objectRef?: string;
  stateRefs: string[];
}
