/**
 * The built web app, served by the local runtime as CloudFront serves it: brotli or gzip by the
 * browser's Accept-Encoding (compressed once per file and kept in memory until the file changes),
 * hashed assets cached for a year, index.html revalidated with its ETag (a 304 when unchanged),
 * and the security headers and CSP of infra/web-headers.ts. Paths without an extension are app
 * routes and get index.html (the CloudFront function's rule); a missing file is a 404.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CACHE_HASHED, CACHE_REVALIDATE, webSecurityHeaders } from '../web-headers.ts';

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
/** What CloudFront compresses; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.webmanifest']);

type Encoding = 'br' | 'gzip' | 'identity';
interface Entry {
  mtimeMs: number;
  size: number;
  etag: string;
  bodies: Partial<Record<Encoding, Buffer>>;
}

/** The encoding to send for an Accept-Encoding header: brotli, then gzip, then none. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** A static file server for `webDir`; `s3Origins` are allowed in the CSP (uploads and photos). */
export function webStatic(webDir: string, s3Origins: readonly string[]) {
  const root = resolve(webDir);
  const security = webSecurityHeaders(s3Origins);
  const cache = new Map<string, Entry>();

  const load = (file: string): Entry => {
    const { mtimeMs, size } = statSync(file);
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached;
    const raw = readFileSync(file);
    const entry: Entry = {
      mtimeMs,
      size,
      etag: createHash('sha256').update(raw).digest('base64url').slice(0, 27),
      bodies: { identity: raw },
    };
    if (COMPRESSIBLE.has(extname(file))) {
      entry.bodies.br = brotliCompressSync(raw, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
      });
      entry.bodies.gzip = gzipSync(raw, { level: 9 });
    }
    cache.set(file, entry);
    return entry;
  };

  return function serve(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end(); // a malformed %-escape names no file
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(404).end();
      return;
    }
    const isFile = (f: string) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    };
    if (!isFile(file)) {
      if (extname(url.pathname) !== '') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...security }).end('未找到');
        return;
      }
      file = join(root, 'index.html');
    }
    if (!isFile(file)) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('网页尚未构建：请运行 npm run build:web');
      return;
    }
    const entry = load(file);
    const wanted = chooseEncoding(req.headers['accept-encoding']);
    const encoding: Encoding = entry.bodies[wanted] ? wanted : 'identity';
    const body = entry.bodies[encoding] as Buffer;
    const etag = `"${entry.etag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.startsWith(join(root, 'assets')) ? CACHE_HASHED : CACHE_REVALIDATE,
      etag,
      vary: 'accept-encoding',
      ...security,
    };
    const match = req.headers['if-none-match'];
    if (match?.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
