import { spawn } from 'node:child_process';

/**
 * Distinct images made cheaply from a test image: a label changes the image's configuration,
 * hence its id, without copying a layer, so each counts as a new image to every scanner.
 */
export async function distinctImage(base: string, tag: string, marker: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('docker', ['build', '-q', '-t', tag, '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: 120_000,
    });
    // The legacy builder warns on every build; its stderr is shown only when a build fails.
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(`FROM ${base}\nLABEL image-scanner.bench="${marker}"\n`);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`docker build exited ${code}: ${stderr}`)),
    );
  });
  return tag;
}

/** Creates a container that never runs (the test images have no shell). */
export async function createContainer(image: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['create', '--name', name, image, '/never-run'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`create: ${code}`)),
    );
  });
}

export async function removeAll(kind: 'container' | 'image', ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const args = kind === 'container' ? ['rm', '-f', ...ids] : ['rmi', '-f', ...ids];
  await new Promise<void>((resolve) => {
    const child = spawn('docker', args, { stdio: 'ignore' });
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
}
