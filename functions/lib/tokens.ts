/**
 * Short-lived signed tokens (HS256 JWT) that a login hands out for an access code. The signing
 * key comes from Secrets Manager in the cloud (TOKEN_SECRET_ARN) and from a generated file
 * locally (TOKEN_SECRET_FILE); it is kept once it has loaded. A failed load is not kept, and it
 * is a 503 (ServiceUnavailableError), never a refused token: an outage must not sign anyone out.
 */
import { readFile } from 'node:fs/promises';
import { jwtVerify, SignJWT } from 'jose';
import { ServiceUnavailableError } from '#shared/errors';
import { ROLES, type Role } from '#shared/roles';
import { cacheSuccess } from './cache-success.ts';
import { optionalEnv } from './config.ts';
import { traced } from './observability.ts';

/** How long a token lives. A revoked account is also refused at once on every request. */
export const TOKEN_TTL_SECONDS = 8 * 60 * 60;
const ISSUER = 'pingxuan';

const signingKey = cacheSuccess(() =>
  loadSecret().then(
    (s) => new TextEncoder().encode(s),
    (cause) => {
      throw Object.assign(new ServiceUnavailableError(), { cause });
    },
  ),
);

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

/**
 * What a token names: the account, its role, the campaign it works on, and the account's session
 * epoch when it was issued (revoking the account or reissuing its code advances the epoch, ending
 * every earlier token, whatever its campaign).
 */
export interface TokenClaims {
  accountId: string;
  role: Role;
  sessionEpoch: number;
  /** The one campaign the token acts in; absent on tokens signed before campaigns ran side by side (the account's own). */
  campaignId?: string;
}

/** Sign a token for an account in one campaign; it never outlives the account. */
export async function signToken(
  accountId: string,
  role: Role,
  sessionEpoch: number,
  accountExpiresAt: string,
  now: Date,
  campaignId: string,
) {
  const exp = Math.min(
    Math.floor(now.getTime() / 1000) + TOKEN_TTL_SECONDS,
    Math.floor(Date.parse(accountExpiresAt) / 1000),
  );
  const token = await new SignJWT({ role, ep: sessionEpoch, cid: campaignId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setSubject(accountId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(exp)
    .sign(await signingKey());
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * The claims a token carries, or null when it is forged, malformed, expired, or lacks any claim we
 * sign (exp, iat, iss, sub, role, ep; cid when present must be a string): only HS256 with our
 * key is accepted, never `none`.
 */
export async function verifyToken(token: string): Promise<TokenClaims | null> {
  // outside the try: a key that cannot be loaded is a 503, not a verdict on the token
  const key = await signingKey();
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'iss', 'sub'],
    });
    const role = payload.role as Role;
    const ep = payload.ep;
    if (!payload.sub || !ROLES.includes(role)) return null;
    if (typeof ep !== 'number' || !Number.isSafeInteger(ep) || ep < 0) return null;
    const cid = payload.cid;
    if (cid !== undefined && (typeof cid !== 'string' || !cid)) return null;
    return { accountId: payload.sub, role, sessionEpoch: ep, ...(cid ? { campaignId: cid } : {}) };
  } catch {
    return null;
  }
}
