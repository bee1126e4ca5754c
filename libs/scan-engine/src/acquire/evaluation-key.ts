import type { TargetKind } from '@image-scanner/contracts';

/** `image-<hex>` or `container-<hex>` from a full Engine id (`sha256:<hex>` or `<hex>`). */
export function evaluationKeyOf(kind: TargetKind, id: string): string {
  return `${kind}-${id.replace(/^sha256:/, '')}`;
}
