/** Strings longer than this are copied but not pooled: they are rarely repeated. */
const POOL_MAX_LENGTH = 200;

/**
 * Interns parsed strings for the lifetime of one parse.
 *
 * sax builds attribute values one character at a time and text as slices of the input chunk.
 * Kept as they are, V8 holds them as cons or sliced strings, which pin whole 64 KB chunks of
 * the document in memory. Each kept string is copied once into a flat string, and repeated
 * values (ids used as references, "is signed with Red Hat redhatrelease2 key" comments,
 * operations) share one copy.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  intern(value: string): string;
  intern(value: string | undefined): string | undefined;
  intern(value: string | undefined): string | undefined {
    if (value === undefined || value.length === 0) return value;
    if (value.length > POOL_MAX_LENGTH) return flatCopy(value);
    const known = this.pool.get(value);
    if (known !== undefined) return known;
    const copy = flatCopy(value);
    this.pool.set(copy, copy);
    return copy;
  }
}

function flatCopy(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}
