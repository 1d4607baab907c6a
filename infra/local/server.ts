/**
 * The local API Gateway: an HTTP server that turns requests into API Gateway HTTP API (v2)
 * events for the real handlers named in functions/routes.ts, serves the built web app on the
 * same port, and serves the S3 emulator under /s3/ (behind s3-gate.ts, which lets through only
 * presigned links and uploads within their policy) so that a phone on the LAN can upload with
 * the presigned POST. S3 writes to the uploads bucket become S3 events for the processors, and
 * export requests run the export job in a process of its own, as a Lambda function of its own.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, S3Event } from 'aws-lambda';
import type S3rver from 's3rver';
import { clockOffsetMs } from '../../functions/lib/clock.ts';
import { SECURITY_HEADERS } from '../../functions/lib/security-headers.ts';
import {
  exportJobRunners,
  type HttpRoute,
  routes,
  scheduledJobs,
  uploadProcessors,
} from '../../functions/routes.ts';
import { serveClock } from './clock-route.ts';
import { invokeAsync } from './failed-events.ts';
import { invoke, lambdaContext } from './invoke.ts';
import { localS3Gate } from './s3-gate.ts';
import { webStatic } from './web-static.ts';

const FUNCTIONS_DIR = resolve(import.meta.dirname, '../../functions');
/** API Gateway's own payload limit is 10 MB; the handlers refuse far less. */
const MAX_REQUEST_BYTES = 1024 * 1024;

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();

function loadHandler(module: string): Promise<Handler> {
  let h = loaded.get(module);
  if (!h) {
    h = import(pathToFileURL(join(FUNCTIONS_DIR, `${module}.ts`)).href).then((m) => m.handler as Handler);
    loaded.set(module, h);
  }
  return h;
}

/** A job runner's handler called in a process of its own (see job-process.mjs); resolves when it is done. */
function runInProcess(module: string, event: unknown, name: string, timeoutSeconds: number): Promise<void> {
  // one invocation per process, as a Lambda function without multi-concurrency
  const { AWS_LAMBDA_MAX_CONCURRENCY: _, ...env } = process.env;
  const job = fork(fileURLToPath(new URL('./job-process.mjs', import.meta.url)), [], {
    stdio: 'inherit',
    execArgv: [],
    env,
  });
  job.send({
    module: pathToFileURL(join(FUNCTIONS_DIR, `${module}.ts`)).href,
    event,
    name,
    requestId: randomUUID(),
    deadline: Date.now() + timeoutSeconds * 1000,
    // the job reads the same (possibly moved) clock as the API
    clock: { module: pathToFileURL(join(FUNCTIONS_DIR, 'lib/clock.ts')).href, offsetMs: clockOffsetMs() },
  });
  // the cloud ends a function at its timeout; so does this (and for good, if it will not stop)
  const timeout = setTimeout(() => {
    job.kill();
    setTimeout(() => job.kill('SIGKILL'), 5000).unref();
  }, timeoutSeconds * 1000);
  return new Promise((ok, fail) => {
    job.once('error', fail);
    job.once('exit', (code, signal) => {
      clearTimeout(timeout);
      if (code === 0) ok();
      else fail(new Error(`${name} ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}

const compiled = routes.map((r) => ({
  route: r,
  names: [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
  pattern: new RegExp(`^${r.path.replace(/\{\w+\}/g, '([^/]+)')}$`),
}));

function match(
  method: string,
  path: string,
): { route: HttpRoute; params: Record<string, string> } | 'wrong-method' | 'bad-path' | null {
  let pathKnown = false;
  for (const c of compiled) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    try {
      c.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1] as string);
      });
    } catch {
      return 'bad-path'; // a malformed %-escape, e.g. /api/nominations/%
    }
    return { route: c.route, params };
  }
  return pathKnown ? 'wrong-method' : null;
}

export interface LocalServerOptions {
  port: number;
  host: string;
  webDir: string;
  s3: S3rver;
  uploadsBucket: string;
  exportsBucket: string;
  /** Where events that still fail after their retries are kept for `npm run redrive`. */
  failedEventsDir: string;
}

export async function startLocalServer(opts: LocalServerOptions): Promise<Server> {
  // the emulator checks no signature: only what S3 itself would let through reaches it
  const s3Gate = await localS3Gate();
  opts.s3.on('event', (event: S3Event) => void dispatchS3Event(event, opts));

  // the page may be opened on 127.0.0.1 while uploads are signed for the LAN address
  const s3Public = process.env.S3_PUBLIC_ENDPOINT;
  const serveStatic = webStatic(opts.webDir, s3Public ? [new URL(s3Public).origin] : []);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname.startsWith('/s3/')) return await s3Gate(req, res, url);
      if (url.pathname.startsWith('/api/')) return await serveApi(req, res, url);
      if (url.pathname === '/_local/clock') {
        const body = await readBody(req, 4096);
        const answer = serveClock(req.method ?? 'GET', body === 'too-large' ? Buffer.from('') : body);
        return sendJson(res, answer.status, answer.body);
      }
      if (url.pathname.startsWith('/_local/invoke/')) return await serveInvoke(req, res, url);
      return serveStatic(req, res, url);
    } catch (e) {
      process.stderr.write(
        `${JSON.stringify({ level: 'ERROR', message: 'local runtime error', error: String(e) })}\n`,
      );
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'internal', message: '服务器内部错误，请稍后重试' } });
    }
  });
  return new Promise((ok) => server.listen(opts.port, opts.host, () => ok(server)));
}

/** S3 notifications as the stack configures them: upload processors on uploads, export jobs on exports. */
async function dispatchS3Event(event: S3Event, opts: LocalServerOptions): Promise<void> {
  for (const record of event.Records) {
    if (!record.eventName.startsWith('ObjectCreated')) continue;
    const bucket = record.s3.bucket.name;
    const key = record.s3.object.key;
    const event = { Records: [record] };
    // each function logs its own failure; what still fails after the retries is kept
    if (bucket === opts.uploadsBucket)
      for (const p of uploadProcessors.filter((u) => key.startsWith(u.prefix)))
        await invokeAsync(p.id, event, () => runFunction(p.id, event), opts.failedEventsDir);
    if (bucket === opts.exportsBucket)
      for (const p of exportJobRunners.filter((r) => key.startsWith(r.prefix)))
        await invokeAsync(p.id, event, () => runFunction(p.id, event), opts.failedEventsDir);
  }
}

/** One invocation of an event-driven function by id, as Lambda would run it. */
async function runFunction(functionId: string, event: unknown): Promise<unknown> {
  const runner = exportJobRunners.find((r) => r.id === functionId);
  if (runner) return runInProcess(runner.handler, event, runner.id, runner.timeoutSeconds);
  const fn = [...uploadProcessors, ...scheduledJobs].find((f) => f.id === functionId);
  if (!fn) throw new Error(`no function ${functionId}`);
  return invoke(await loadHandler(fn.handler), event, lambdaContext(fn.id));
}

/**
 * POST /_local/invoke/<function id>: one synchronous invocation with the request body as the
 * event, as `aws lambda invoke` does; `npm run redrive` replays failed events through it. From
 * this machine only.
 */
async function serveInvoke(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const local = ['127.0.0.1', '::1'].includes(normaliseIp(req.socket.remoteAddress));
  if (req.method !== 'POST' || !local)
    return sendJson(res, 404, { error: { code: 'route_not_found', message: '接口不存在' } });
  const body = await readBody(req, MAX_REQUEST_BYTES);
  if (body === 'too-large')
    return sendJson(res, 413, { error: { code: 'payload_too_large', message: '请求内容过大' } });
  try {
    const out = await runFunction(
      decodeURIComponent(url.pathname.slice('/_local/invoke/'.length)),
      JSON.parse(body.toString('utf8')),
    );
    sendJson(res, 200, out ?? null);
  } catch (e) {
    sendJson(res, 500, {
      errorType: e instanceof Error ? e.name : 'Error',
      errorMessage: e instanceof Error ? e.message : String(e),
    });
  }
}

async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, { allow: 'GET, POST, PATCH, DELETE' }).end();
    return;
  }
  const found = match(method, url.pathname);
  if (found === null)
    return sendJson(res, 404, { error: { code: 'route_not_found', message: '接口不存在' } });
  if (found === 'bad-path')
    return sendJson(res, 400, { error: { code: 'bad_path', message: '请求路径无效', field: 'path' } });
  if (found === 'wrong-method')
    return sendJson(res, 405, { error: { code: 'method_not_allowed', message: '不支持该请求方法' } });

  const body = await readBody(req, MAX_REQUEST_BYTES);
  if (body === 'too-large')
    return sendJson(res, 413, { error: { code: 'payload_too_large', message: '请求内容过大' } });
  const contentType = String(req.headers['content-type'] ?? '');
  const textual = /json|text|x-www-form-urlencoded/i.test(contentType) || body.length === 0;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const now = Date.now();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${found.route.method} ${found.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(Object.keys(found.params).length ? { pathParameters: found.params } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: String(req.headers.host ?? 'localhost'),
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: normaliseIp(req.socket.remoteAddress),
        userAgent: String(req.headers['user-agent'] ?? ''),
      },
      requestId: randomUUID(),
      routeKey: `${found.route.method} ${found.route.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: !textual,
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
  };
  const handler = await loadHandler(found.route.handler);
  const result = (await invoke(
    handler,
    event,
    lambdaContext(found.route.id),
  )) as APIGatewayProxyStructuredResultV2;
  res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
  res.end(result.body ?? '');
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => ok(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, SECURITY_HEADERS);
  res.end(JSON.stringify(body));
}

function normaliseIp(ip: string | undefined): string {
  return (ip ?? 'unknown').replace(/^::ffff:/, '');
}
