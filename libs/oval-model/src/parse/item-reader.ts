import type { InstalledPackage } from '../model/installed-package.js';
import type { StringPool } from './string-pool.js';

const PACKAGE_ITEMS: Readonly<Record<string, 'rpm' | 'dpkg'>> = {
  rpminfo_item: 'rpm',
  dpkginfo_item: 'dpkg',
};
const ITEM_FIELDS = new Set([
  'name',
  'epoch',
  'version',
  'release',
  'arch',
  'evr',
  'signature_keyid',
]);

/** Reads `system_data/*_item` elements, keeping installed packages. */
export class ItemReader {
  readonly packages: InstalledPackage[] = [];
  itemCount = 0;
  private fields: Record<string, string> | undefined;
  private kind: 'rpm' | 'dpkg' | undefined;

  constructor(private readonly pool: StringPool) {}

  /** `relativeDepth` 0 is the item itself, 1 its fields. */
  open(name: string, attributes: Readonly<Record<string, string>>, relativeDepth: number): boolean {
    if (relativeDepth === 0) {
      this.itemCount += 1;
      this.kind = PACKAGE_ITEMS[name];
      this.fields = this.kind !== undefined && attributes['status'] === 'exists' ? {} : undefined;
      return false;
    }
    return relativeDepth === 1 && this.fields !== undefined && ITEM_FIELDS.has(name);
  }

  close(name: string, text: string | undefined, relativeDepth: number): void {
    if (relativeDepth === 1 && this.fields !== undefined && text !== undefined) {
      this.fields[name] = text.trim();
      return;
    }
    if (relativeDepth !== 0 || this.fields === undefined || this.kind === undefined) return;
    const item = toInstalledPackage(this.kind, this.fields, this.pool);
    if (item !== undefined) this.packages.push(item);
    this.fields = undefined;
  }
}

function toInstalledPackage(
  packageKind: 'rpm' | 'dpkg',
  fields: Readonly<Record<string, string>>,
  pool: StringPool,
): InstalledPackage | undefined {
  const name = fields['name'];
  const version = fields['version'];
  if (name === undefined || version === undefined) return undefined;
  // rpm prints "(none)" for a package without an epoch.
  const rawEpoch = fields['epoch'];
  const epoch = rawEpoch === undefined || rawEpoch === '(none)' ? undefined : rawEpoch;
  const release = fields['release'];
  const item: InstalledPackage = { packageKind, name: pool.intern(name), version };
  if (epoch !== undefined) item.epoch = epoch;
  if (release !== undefined && release !== '') item.release = release;
  if (fields['arch'] !== undefined) item.arch = pool.intern(fields['arch']);
  const evr = fields['evr'] ?? `${epoch ?? '0'}:${version}${release ? `-${release}` : ''}`;
  item.evr = pool.intern(evr);
  if (fields['signature_keyid'] !== undefined) {
    item.signatureKeyId = pool.intern(fields['signature_keyid']);
  }
  return item;
}
