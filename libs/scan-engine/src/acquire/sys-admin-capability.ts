import { readFile } from 'node:fs/promises';

/** CAP_SYS_ADMIN's bit in the capability sets of /proc/<pid>/status. */
const CAP_SYS_ADMIN_BIT = 21n;

/**
 * Whether this process holds CAP_SYS_ADMIN, which the kernel requires to read `trusted.*`
 * extended attributes. Without it `getfattr` does not fail: it answers as if no folder were
 * opaque, which would let a deleted folder's old files show through. So a worker without it
 * (an unprivileged user, or a container without that capability) must not read layers.
 *
 * @param statusPath the status file to read; tests point it elsewhere
 */
export async function holdsSysAdmin(statusPath = '/proc/self/status'): Promise<boolean> {
  const status = await readFile(statusPath, 'utf8').catch(() => '');
  const match = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(status);
  if (!match?.[1]) return false;
  return ((BigInt(`0x${match[1]}`) >> CAP_SYS_ADMIN_BIT) & 1n) === 1n;
}
