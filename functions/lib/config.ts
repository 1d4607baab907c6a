/**
 * Configuration comes from the environment, read once and checked at cold start: a function
 * that is missing a variable fails at once with its name, never later with an obscure error.
 */
const cache = new Map<string, string>();

export function requireEnv(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  cache.set(name, value);
  return value;
}

export function optionalEnv(name: string): string | undefined {
  return process.env[name] || undefined;
}
