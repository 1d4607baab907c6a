/**
 * The local runtime serves the built web app as CloudFront does: brotli or gzip by Accept-Encoding,
 * hashed assets cached for a year and index.html revalidated by ETag, with the security headers
 * and CSP of infra/web-headers.ts. The first load (index.html, its script and stylesheet) fetched
 * as a phone does, with Accept-Encoding: br, stays under the 30 KB budget on the wire.
 */

import { request } from 'node:http';
import { posix } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CACHE_HASHED, CACHE_REVALIDATE, webSecurityHeaders } from '../../infra/web-headers.ts';
import { stack } from '../support/stack.ts';

/** What travels on the wire: status, headers and the body as sent (not decoded). */
function get(path: string, headers: Record<string, string> = {}) {
  const url = new URL(path, stack.baseUrl);
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((ok, fail) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          headers: res.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

const FIRST_LOAD_BUDGET = 30 * 1024;
/** Static `import … from "./x.js"` and `import "./x.js"` (not `import()`): loaded with the module. */
const STATIC_IMPORT =
  /(?:^|[\s;{}])(?:import|export)\s*(?:[\w$*{}\s,]+\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;

describe('the web app, served locally', () => {
  it('sends the first load brotli-compressed, under the 30 KB budget', async () => {
    const index = await get('/', { 'accept-encoding': 'br, gzip' });
    expect(index.status).toBe(200);
    expect(index.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(index.body).toString('utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    let transferred = index.body.length;
    let raw = Buffer.byteLength(html);
    // the entry's static imports load before it runs: a chunk the bundler splits off counts too
    for (let i = 0; i < assets.length; i++) {
      const asset = assets[i] as string;
      const r = await get(asset, { 'accept-encoding': 'gzip, deflate, br' });
      expect(r.status, asset).toBe(200);
      expect(r.headers['content-encoding'], asset).toBe('br');
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      transferred += r.body.length;
      const text = brotliDecompressSync(r.body);
      raw += text.length;
      if (!asset.endsWith('.js')) continue;
      for (const m of text.toString('utf8').matchAll(STATIC_IMPORT)) {
        const dep = posix.join(posix.dirname(asset), m[1] as string);
        if (!assets.includes(dep)) assets.push(dep);
      }
    }
    console.log(
      `first load: ${assets.length + 1} files, ${raw} bytes raw, ${transferred} bytes brotli on the wire (budget ${FIRST_LOAD_BUDGET})`,
    );
    expect(transferred).toBeLessThan(FIRST_LOAD_BUDGET);
  });

  it('falls back to gzip, then to none, by Accept-Encoding', async () => {
    const gz = await get('/', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toContain('<div id="app">');
    const refused = await get('/', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString('utf8')).toContain('<div id="app">');
    expect(gz.headers.vary).toBe('accept-encoding');
  });

  it('caches hashed assets for a year and revalidates index.html by its ETag', async () => {
    const index = await get('/', { 'accept-encoding': 'br' });
    expect(index.headers['cache-control']).toBe(CACHE_REVALIDATE);
    const etag = index.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // another encoding is another representation: no 304 for it
    expect((await get('/', { 'accept-encoding': 'gzip', 'if-none-match': etag })).status).toBe(200);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(
      brotliDecompressSync(index.body).toString('utf8'),
    )?.[1] as string;
    const asset = await get(script, { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe(CACHE_HASHED);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('sends the security headers and CSP CloudFront sends, on the app and its assets', async () => {
    const s3 = new URL(stack.baseUrl).origin;
    const expected = webSecurityHeaders([s3]);
    for (const path of ['/', '/nominations/new', '/assets/missing.js']) {
      const r = await get(path);
      for (const [name, value] of Object.entries(expected))
        expect(r.headers[name], `${path} ${name}`).toBe(value);
    }
    expect(expected['content-security-policy']).not.toContain('unsafe-');
    // an app route is the app shell; a missing file is not
    expect((await get('/nominations/new')).status).toBe(200);
    expect((await get('/assets/missing.js')).status).toBe(404);
  });
});
