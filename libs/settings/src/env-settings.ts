/**
 * Readers for settings given as environment variables. Each one names the variable and the
 * value it got when the value is wrong, so a service refuses to start with a message an
 * operator can act on. An empty variable counts as unset.
 */
export class SettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingError';
  }
}

type Env = NodeJS.ProcessEnv;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function envInteger(env: Env, name: string, fallback: number, min: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new SettingError(
      name,
      `${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

export function envPort(env: Env, name: string, fallback: number): number {
  const port = envInteger(env, name, fallback, 0);
  if (port > 65535) throw new SettingError(name, `${name} must be a TCP port, got ${port}`);
  return port;
}

export function envFlag(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new SettingError(name, `${name} must be true or false, got ${JSON.stringify(value)}`);
}

/** One of a fixed set of words. */
export function envChoice<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new SettingError(
    name,
    `${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`,
  );
}

export function envRequired(env: Env, name: string): string {
  const value = raw(env, name);
  if (value === undefined) throw new SettingError(name, `${name} must be set`);
  return value;
}

export function envOptional(env: Env, name: string): string | undefined {
  return raw(env, name);
}

/** A comma-separated list, items trimmed, empty items dropped. */
export function envList(env: Env, name: string): string[] {
  return (raw(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
