import type { InstalledPackage } from '@image-scanner/contracts';
import { CodedError } from '@image-scanner/contracts';
import { runProgram } from '../evaluate/run-program.js';

const QUERY_FORMAT = '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n';

/**
 * Lists the packages of an rpm database copied into the scratch root, with the host's rpm
 * reading it by path (no chroot, so nothing of the target is executed).
 */
// Known limitation: only sqlite rpm databases are covered by tests; the Berkeley DB format of
// RHEL 7 and 8 images is read by rpm's read-only backend but no test image has one yet.
export async function listRpmPackages(
  dbPath: string,
  home: string,
  timeoutMs: number,
): Promise<InstalledPackage[]> {
  const run = await runProgram('rpm', ['--dbpath', dbPath, '-qa', '--qf', QUERY_FORMAT], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: home, LANG: 'C.UTF-8' },
    timeoutMs,
    maxOutputBytes: 64 * 1024 * 1024,
  });
  if (run.exitCode !== 0 || run.timedOut) {
    throw new CodedError('ERR_TARGET_NO_PACKAGE_DB', 'the rpm database could not be read', {
      stderr: run.stderr.trim().split('\n').pop()?.slice(0, 300),
    });
  }
  const packages: InstalledPackage[] = [];
  for (const line of run.stdout.split('\n')) {
    const [name, version, arch, sourceRpm] = line.split('\t');
    if (!name || !version || name === 'gpg-pubkey') continue;
    const pkg: InstalledPackage = { kind: 'rpm', name, version };
    if (arch && arch !== '(none)') pkg.arch = arch;
    const source = sourceRpm?.replace(/-[^-]+-[^-]+\.src\.rpm$/, '');
    if (source && source !== '(none)' && source !== name) pkg.source = source;
    packages.push(pkg);
  }
  return packages;
}
