/** A package a definition's criteria test, with the fix the feed names. */
export interface AffectedPackage {
  name: string;
  packageKind: 'rpm' | 'dpkg';
  /** EVR from a `less than` state; absent when the feed names no fix (e.g. Debian `0:0`). */
  fixedVersion?: string;
  /** Red Hat's signing key the criteria require, e.g. 199e2f91fd431d51. */
  signatureKeyId?: string;
}
