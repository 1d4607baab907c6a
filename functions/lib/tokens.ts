/**
 * Short-lived signed tokens (HS256 JWT) that a login hands out for an access code. The signing
 * key comes from Secrets Manager in the cloud (TOKEN_SECRET_ARN) and from a generated file
 * locally (TOKEN_SECRET_FILE); it is read once per cold start.
 */
import { readFile } from 'node:fs/promises';
import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '#shared/roles';
import { optionalEnv } from './config.ts';
import { traced } from './observability.ts';

/** How long a token lives. A revoked account is also refused at once on every request. */
export const TOKEN_TTL_SECONDS = 8 * 60 * 60;
const ISSUER = 'pingxuan';

let key: Promise<Uint8Array> | undefined;

function signingKey(): Promise<Uint8Array> {
  key ??= loadSecret().then((s) => new TextEncoder().encode(s));
  return key;
}

async function loadSecret(): Promise<string> {
  const arn = optionalEnv('TOKEN_SECRET_ARN');
  if (arn) {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const out = await traced(new SecretsManagerClient({})).send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error('token secret is empty');
    return out.SecretString;
  }
  const file = optionalEnv('TOKEN_SECRET_FILE');
  if (!file) throw new Error('missing environment variable TOKEN_SECRET_ARN or TOKEN_SECRET_FILE');
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error('token secret is shorter than 32 characters');
  return secret;
}

/** Sign a token for an account; it never outlives the account. */
export async function signToken(accountId: string, role: Role, accountExpiresAt: string, now: Date) {
  const exp = Math.min(
    Math.floor(now.getTime() / 1000) + TOKEN_TTL_SECONDS,
    Math.floor(Date.parse(accountExpiresAt) / 1000),
  );
  const token = await new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setSubject(accountId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(exp)
    .sign(await signingKey());
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The account id and role a token names, or null when it is forged, malformed or expired. */
export async function verifyToken(token: string): Promise<{ accountId: string; role: Role } | null> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(), { issuer: ISSUER, algorithms: ['HS256'] });
    const role = payload.role as Role;
    if (!payload.sub || !ROLES.includes(role)) return null;
    return { accountId: payload.sub, role };
  } catch {
    return null;
  }
}
