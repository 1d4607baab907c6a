/**
 * The local API Gateway: an HTTP server that turns requests into API Gateway HTTP API (v2)
 * events for the real handlers named in functions/routes.ts, serves the built web app on the
 * same port, and serves the S3 emulator under /s3/ so that a phone on the LAN can upload with
 * the presigned POST. S3 writes to the uploads bucket become S3 events for the processors, and
 * export requests run the export job in a process of its own, as a Lambda function of its own.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, S3Event } from 'aws-lambda';
import type S3rver from 's3rver';
import { clockOffsetMs } from '../../functions/lib/clock.ts';
import { exportJobRunners, type HttpRoute, routes, uploadProcessors } from '../../functions/routes.ts';
import { serveClock } from './clock-route.ts';

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

function lambdaContext(name: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    functionName: name,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => deadline - Date.now(),
  } as Context;
}

/** A job runner's handler called in a process of its own (see job-process.mjs); resolves when it is done. */
function runInProcess(module: string, event: unknown, name: string, timeoutSeconds: number): Promise<void> {
  const job = fork(fileURLToPath(new URL('./job-process.mjs', import.meta.url)), [], {
    stdio: 'inherit',
    execArgv: [],
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
): { route: HttpRoute; params: Record<string, string> } | 'wrong-method' | null {
  let pathKnown = false;
  for (const c of compiled) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] as string);
    });
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
  /** Called when a processor fails, so the console shows it. */
  onProcessorError?: (error: unknown) => void;
}

export function startLocalServer(opts: LocalServerOptions): Promise<Server> {
  const s3 = opts.s3.callback();
  opts.s3.on('event', (event: S3Event) => void dispatchS3Event(event, opts));

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname.startsWith('/s3/')) return proxyS3(req, res, url, s3);
      if (url.pathname.startsWith('/api/')) return await serveApi(req, res, url);
      if (url.pathname === '/_local/clock') {
        const body = await readBody(req, 4096);
        const answer = serveClock(req.method ?? 'GET', body === 'too-large' ? Buffer.from('') : body);
        return sendJson(res, answer.status, answer.body);
      }
      return serveStatic(req, res, url, opts.webDir);
    } catch (e) {
      console.error(e);
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
    try {
      if (bucket === opts.uploadsBucket)
        for (const p of uploadProcessors.filter((u) => key.startsWith(u.prefix)))
          await (await loadHandler(p.handler))(event, lambdaContext(p.id));
      if (bucket === opts.exportsBucket)
        for (const p of exportJobRunners.filter((r) => key.startsWith(r.prefix)))
          await runInProcess(p.handler, event, p.id, p.timeoutSeconds);
    } catch (e) {
      (opts.onProcessorError ?? console.error)(e);
    }
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
  const result = (await handler(event, lambdaContext(found.route.id))) as APIGatewayProxyStructuredResultV2;
  res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
  res.end(result.body ?? '');
}

function proxyS3(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  s3: (q: IncomingMessage, s: ServerResponse) => void,
) {
  // Local only: the desktop page may open from 127.0.0.1 while uploads are signed for the LAN address.
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, PUT, HEAD',
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
      'access-control-max-age': '600',
    });
    res.end();
    return;
  }
  req.url = `${url.pathname.slice(3)}${url.search}`;
  s3(req, res);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, webDir: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const root = resolve(webDir);
  let file = normalize(join(root, decodeURIComponent(url.pathname)));
  if (!file.startsWith(root)) {
    res.writeHead(404).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end('网页尚未构建：请运行 npm run build:web');
    return;
  }
  const hashed = /\/assets\//.test(file);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy':
      "default-src 'self'; img-src 'self' blob: data: http: https:; connect-src 'self' http: https:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
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
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function normaliseIp(ip: string | undefined): string {
  return (ip ?? 'unknown').replace(/^::ffff:/, '');
}
