/** A package the interpreter saw on the system (`rpminfo_item` or `dpkginfo_item`). */
export interface InstalledPackage {
  packageKind: 'rpm' | 'dpkg';
  name: string;
  /** Absent when the item says `(none)`. */
  epoch?: string;
  version: string;
  release?: string;
  arch?: string;
  /** `epoch:version-release`, from the item's evr or built from its parts. */
  evr?: string;
  signatureKeyId?: string;
}
