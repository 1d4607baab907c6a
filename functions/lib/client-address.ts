/**
 * The client's address, for the limits that count clients (failed logins, objections). In the
 * cloud, /api/* reaches API Gateway through CloudFront, so the socket address (sourceIp) is a
 * CloudFront edge's, shared by thousands of viewers. CloudFront adds the viewer's address
 * (CloudFront-Viewer-Address, and X-Forwarded-For) and a secret origin header generated at
 * deploy time (ORIGIN_SECRET_ARN, Secrets Manager). Those headers are believed only when the
 * secret matches: a request sent to the execute-api endpoint directly, with any headers it
 * likes, is counted by its own socket address, which is then the caller's true one. Locally
 * (no ORIGIN_SECRET_ARN) the socket address is the client's.
 */
import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ServiceUnavailableError } from '#shared/errors';
import { cacheSuccess } from './cache-success.ts';
import { optionalEnv } from './config.ts';

/** The header CloudFront adds to every origin request for /api/* (see infra/constructs/web.ts). */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

const originSecret = cacheSuccess(async () => {
  try {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const out = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: optionalEnv('ORIGIN_SECRET_ARN') }),
    );
    if (!out.SecretString) throw new Error('origin secret is empty');
    return out.SecretString;
  } catch (cause) {
    throw Object.assign(new ServiceUnavailableError(), { cause });
  }
});

/** The address to count this request's client by. */
export async function clientAddress(event: APIGatewayProxyEventV2): Promise<string> {
  const headers = event.headers ?? {};
  const presented = optionalEnv('ORIGIN_SECRET_ARN') ? headers[ORIGIN_SECRET_HEADER] : undefined;
  return clientAddressWith(event, presented ? await originSecret() : undefined);
}

/**
 * The same with the origin secret at hand (none: nothing but the socket is believed). Pure, for
 * the tests: CloudFront-Viewer-Address first (`1.2.3.4:port`, `2001:db8::1:port`), else the
 * X-Forwarded-For entry CloudFront appended: the last one, or the one before it when API
 * Gateway appended the edge's own. Entries before it are whatever the client sent.
 */
export function clientAddressWith(event: APIGatewayProxyEventV2, secret: string | undefined): string {
  const socket = event.requestContext?.http?.sourceIp ?? 'unknown';
  const headers = event.headers ?? {};
  const presented = headers[ORIGIN_SECRET_HEADER];
  if (!secret || !presented || !sameSecret(presented, secret)) return socket;
  const viewer = headers['cloudfront-viewer-address']?.trim();
  if (viewer) return viewer.replace(/^\[/, '').replace(/\]?:\d+$/, '') || socket;
  const hops = (headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length > 1 && hops.at(-1) === socket) hops.pop();
  return hops.at(-1) ?? socket;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
