/**
 * What integration tests use to talk to the running local stack: the HTTP API as a client
 * would, and DynamoDB and S3 directly through the real AWS SDK to check what was stored.
 */
import { request as httpRequest } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import type { Role } from '#shared/roles';
import { checkContract } from './contract.ts';

export const stack = inject('stack');

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: 'cn-north-1', credentials }),
);
export const s3 = new S3Client({
  endpoint: stack.s3Endpoint,
  region: 'cn-north-1',
  credentials,
  forcePathStyle: true,
});

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Call the API; `body` objects are sent as JSON, strings as they are. */
export async function api<T = any>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const r = await fetch(`${stack.baseUrl}${path}`, { method, headers, body });
  const text = await r.text();
  const answer = { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
  checkContract(method, path, answer.status, answer.body);
  return answer;
}

/** A demo account's code, picked by role and (for units) by position or region. */
export function demoCode(role: Role, which: { index?: number; regionId?: string } = {}): string {
  const found = stack.demo.filter(
    (a) => a.role === role && (!which.regionId || a.regionId === which.regionId),
  );
  const a = found[which.index ?? 0];
  if (!a) throw new Error(`no demo ${role} account ${JSON.stringify(which)}`);
  return a.code;
}

const tokens = new Map<string, string>();

/** A token for a demo account (logged in once per test file). */
export async function tokenFor(
  role: Role,
  which: { index?: number; regionId?: string } = {},
): Promise<string> {
  const code = demoCode(role, which);
  const cached = tokens.get(code);
  if (cached) return cached;
  const r = await api('POST', '/api/auth/login', { body: { code } });
  if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
  tokens.set(code, r.body.token);
  return r.body.token as string;
}

/** A raw HTTP call from another loopback address, to act as a different client. */
export function callFrom(
  localAddress: string,
  method: string,
  path: string,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(path, stack.baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((ok, fail) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        localAddress,
        headers: { 'content-type': 'application/json', ...extraHeaders },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          const answer = {
            status: res.statusCode ?? 0,
            headers: new Headers(res.headers as Record<string, string>),
            body: text ? JSON.parse(text) : undefined,
          };
          try {
            checkContract(method, path, answer.status, answer.body);
            ok(answer);
          } catch (e) {
            fail(e);
          }
        });
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

/** Every audit event of a record's chain, in order. */
export async function chainEvents(chain: string): Promise<Record<string, any>[]> {
  const out = await ddb.send(
    new QueryCommand({
      TableName: stack.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${chain}` },
    }),
  );
  return out.Items ?? [];
}

/**
 * Verify the caller's campaign as the auditor's page does: start the verification job, poll it
 * until it ends, and answer its report (with the job's own answers, for tests of the job).
 */
export async function verifyAudit(token: string): Promise<Record<string, any>> {
  const started = await api('POST', '/api/audit/verifications', { token });
  if (started.status !== 202) throw new Error(`verification not started: ${JSON.stringify(started.body)}`);
  for (;;) {
    const job = await api('GET', `/api/audit/verifications/${started.body.verificationId}`, { token });
    if (job.body.status === 'done') return job.body.result;
    if (job.body.status === 'failed' || job.status !== 200)
      throw new Error(`verification failed: ${JSON.stringify(job.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Upload bytes with a presigned POST, as a phone would (fields first, the file last). */
export async function postUpload(
  upload: { url: string; fields: Record<string, string> },
  bytes: Uint8Array,
  contentType: string,
): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'photo');
  const r = await fetch(upload.url, { method: 'POST', body: form });
  return r.status;
}

/** Poll a nomination until the processor has judged this photo. */
export async function waitForVerdict(token: string, nominationId: string, photoId: string): Promise<any> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await api('GET', `/api/nominations/${nominationId}`, { token });
    const v = r.body.photos?.find((p: { photoId: string }) => p.photoId === photoId);
    if (v && v.status !== 'pending') return { nomination: r.body, verdict: v };
    if (Date.now() > deadline) throw new Error(`no verdict for photo ${photoId}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}
