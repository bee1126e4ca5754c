/** What a path inside a target is, from the mode the Engine reports for it. */
export type PathKind = 'file' | 'directory' | 'symlink' | 'other';

// The Engine reports Go's os.FileMode, whose type bits sit above the permission bits.
const DIRECTORY_BIT = 31;
const SYMLINK_BIT = 27;
/** Device, named pipe, socket, character device and irregular file. */
const OTHER_TYPE_BITS = [26, 25, 24, 21, 19];

function hasBit(mode: number, bit: number): boolean {
  // Division, not `&`: JavaScript's bitwise operators are signed 32-bit and bit 31 is the sign.
  return Math.floor(mode / 2 ** bit) % 2 === 1;
}

export function pathKindOf(mode: number): PathKind {
  if (hasBit(mode, DIRECTORY_BIT)) return 'directory';
  if (hasBit(mode, SYMLINK_BIT)) return 'symlink';
  if (OTHER_TYPE_BITS.some((bit) => hasBit(mode, bit))) return 'other';
  return 'file';
}
