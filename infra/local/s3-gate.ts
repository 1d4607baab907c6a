/**
 * The S3 emulator's door on the local API port (`/s3/…`). s3rver checks no signature and no
 * policy, and the embedded stack is how people try the system on a LAN with real phones, so
 * this gate keeps S3's promises in front of it:
 *
 * - a GET or HEAD of an object passes only with a valid query-string SigV4 signature (the
 *   links the handlers sign: X-Amz-Signature over the method, path, query and host, with the
 *   local credentials, within X-Amz-Date + X-Amz-Expires);
 * - a POST upload passes only with a valid POST policy: its signature (SigV4 of the base64
 *   policy), its expiration, and every one of its conditions checked on the form's actual
 *   fields and the file's actual size; every field must be covered by a condition, as in S3;
 * - nothing lists a bucket or the buckets, and nothing else (PUT, DELETE, …) passes;
 * - a photo kept in the records bucket is served only while its bytes still hash to the
 *   SHA-256 recorded for its version;
 * - CORS answers the web app's own origins only.
 *
 * Refusals are S3's XML errors (403 AccessDenied, 403 SignatureDoesNotMatch, 400
 * EntityTooLarge, …) with a Chinese message.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the gate checks against: the credentials the handlers sign with, and what may be served. */
export interface S3GateOptions {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Whether a browser origin is the web app's (the same rule the API answers CORS with). */
  isWebOrigin: (origin: string) => boolean;
  /** The largest upload body accepted at all (the largest policy range plus the form's fields). */
  maxPostBytes: number;
  /**
   * The SHA-256 a stored object must have to be served, when it is one whose hash is recorded
   * (a kept photo); undefined for objects without one, null for a photo with no accepted version.
   */
  recordedSha256: (bucket: string, key: string) => Promise<string | null | undefined>;
  /** The stored object's bytes (read from the emulator directly), for the integrity check. */
  readObject: (bucket: string, key: string) => Promise<Uint8Array>;
  /** The emulator's own address (loopback only): what passes is sent on to it. */
  emulator: string;
}

/** An S3-style refusal. */
class S3Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const denied = (message: string) => new S3Refusal(403, 'AccessDenied', message);
/** The longest X-Amz-Expires S3 accepts: seven days. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
/** How far a signer's clock may run ahead of ours (S3 allows 15 minutes). */
const CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Build the gate: call it with each `/s3/…` request and the emulator's own request handler. */
export function s3Gate(opts: S3GateOptions) {
  const emulator = new URL(opts.emulator);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    try {
      const origin = req.headers.origin;
      const corsAllowed = origin !== undefined && opts.isWebOrigin(origin);
      if (corsAllowed) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('vary', 'origin');
      }
      if (req.method === 'OPTIONS') {
        if (!corsAllowed) throw denied('不允许该来源跨域访问');
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, HEAD, POST',
          'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
      const path = url.pathname.slice('/s3'.length);
      const { bucket, key } = splitPath(path);
      if (req.method === 'POST' && bucket && !key && !url.search) {
        const body = await readCapped(req, opts.maxPostBytes);
        await checkPostPolicy(opts, bucket, String(req.headers['content-type'] ?? ''), body, new Date());
        await forward(emulator, req, res, `${path}${url.search}`, body);
        return;
      }
      if (!bucket || !key) throw denied('不允许列出存储桶或对象');
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw denied('只接受签名链接的读取和按上传策略的上传');
      checkQuerySignature(opts, req, url, new Date());
      const expected = await opts.recordedSha256(bucket, key);
      if (expected === null) throw new S3Refusal(404, 'NoSuchKey', '照片不存在');
      if (expected !== undefined) {
        const actual = createHash('sha256')
          .update(await opts.readObject(bucket, key))
          .digest('hex');
        if (actual !== expected) {
          console.error(
            JSON.stringify({
              level: 'error',
              message: 'stored photo no longer matches its recorded SHA-256',
              bucket,
              key,
            }),
          );
          throw new S3Refusal(
            500,
            'ObjectIntegrityMismatch',
            '照片与登记的校验值不符，已停止提供，请联系管理员',
          );
        }
      }
      await forward(emulator, req, res, `${path}${url.search}`);
    } catch (e) {
      refuse(res, e);
    }
  };
}

function refuse(res: ServerResponse, e: unknown): void {
  if (!(e instanceof S3Refusal)) {
    console.error(e);
    e = new S3Refusal(500, 'InternalError', '存储服务内部错误');
  }
  const r = e as S3Refusal;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${r.code}</Code><Message>${escapeXml(r.message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`;
  // a refused upload may still be streaming: answer, then close instead of reading it all
  res.writeHead(r.status, { 'content-type': 'application/xml; charset=utf-8', connection: 'close' });
  res.end(xml);
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `/bucket/key…` → the bucket and the key (decoded); either may be empty. */
function splitPath(path: string): { bucket: string; key: string } {
  const m = /^\/([^/]*)\/?(.*)$/.exec(path);
  try {
    return { bucket: decodeURIComponent(m?.[1] ?? ''), key: decodeURIComponent(m?.[2] ?? '') };
  } catch {
    throw new S3Refusal(400, 'InvalidURI', '路径编码有误');
  }
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** SigV4's signing key for a day, region and service. */
function signingKey(secret: string, day: string, region: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 20261206T044538Z → its time, or NaN. */
function amzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

/** The credential scope must name our key, the signing day, our region and S3. */
function checkCredential(opts: S3GateOptions, credential: string, date: string): string {
  const [keyId, day, region, service, terminal, ...rest] = credential.split('/');
  if (keyId !== opts.accessKeyId) throw denied('访问密钥无效');
  if (rest.length || service !== 's3' || terminal !== 'aws4_request' || region !== opts.region)
    throw denied('签名范围无效');
  if (!day || day !== date.slice(0, 8)) throw denied('签名日期与签名范围不符');
  return day;
}

/** RFC 3986 encoding as SigV4 uses it. */
const uriEscape = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A presigned URL's signature, scope and lifetime (query-string SigV4, as the SDK's presigner signs). */
function checkQuerySignature(opts: S3GateOptions, req: IncomingMessage, url: URL, now: Date): void {
  const q = url.searchParams;
  const signature = q.get('X-Amz-Signature');
  if (!signature || q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    throw denied('缺少有效签名，拒绝匿名访问');
  const date = q.get('X-Amz-Date') ?? '';
  const signedAt = amzDate(date);
  const expires = Number(q.get('X-Amz-Expires'));
  if (Number.isNaN(signedAt) || !Number.isInteger(expires) || expires < 1 || expires > MAX_EXPIRES_SECONDS)
    throw denied('签名的时间或有效期无效');
  if (signedAt - CLOCK_SKEW_MS > now.getTime()) throw denied('签名时间晚于当前时间');
  if (now.getTime() > signedAt + expires * 1000) throw denied('链接已过期');
  const day = checkCredential(opts, q.get('X-Amz-Credential') ?? '', date);
  const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (!signedHeaders.includes('host')) throw denied('签名须包含主机名');
  const payload = q.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  if (payload !== 'UNSIGNED-PAYLOAD') throw denied('只接受不签内容的签名链接');

  const query = [...q]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signedHeaders.map((h) => {
    const value = req.headers[h];
    if (value === undefined) throw denied(`签名的请求头 ${h} 缺失`);
    return `${h}:${String(value).trim().replace(/\s+/g, ' ')}\n`;
  });
  // S3 signs the path as sent (the SDK does not encode it a second time)
  const canonical = [
    req.method,
    url.pathname,
    query,
    headers.join(''),
    signedHeaders.join(';'),
    payload,
  ].join('\n');
  const scope = `${day}/${opts.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join(
    '\n',
  );
  const expected = hmac(signingKey(opts.secretAccessKey, day, opts.region), toSign).toString('hex');
  if (!sameHex(expected, signature))
    throw new S3Refusal(403, 'SignatureDoesNotMatch', '签名无效：链接被改动或不属于本系统');
}

/** Read a request body whole, refusing one larger than `limit` before it is all read. */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        fail(tooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

const tooLarge = () => new S3Refusal(400, 'EntityTooLarge', '上传的文件超过允许的大小');

/** A policy condition as S3 writes them: `{field: value}` or `[op, a, b]`. */
type Condition = Record<string, unknown> | unknown[];

/**
 * A POST upload's policy: the signature over the base64 policy, its expiration, and each
 * condition on the actual fields and file size. Every field but the policy, the signature, the
 * file and x-ignore-* ones must be named by a condition.
 */
async function checkPostPolicy(
  opts: S3GateOptions,
  bucket: string,
  contentType: string,
  body: Buffer,
  now: Date,
): Promise<void> {
  if (!/^multipart\/form-data\b/i.test(contentType)) throw denied('上传须为 multipart/form-data 表单');
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new S3Refusal(400, 'MalformedPOSTRequest', '上传表单格式有误');
  }
  const fields = new Map<string, string>();
  let file: Blob | undefined;
  for (const [name, value] of form) {
    const lower = name.toLowerCase();
    if (fields.has(lower) || (lower === 'file' && file))
      throw new S3Refusal(400, 'InvalidArgument', `表单字段重复：${name}`);
    if (lower === 'file') file = typeof value === 'string' ? new Blob([value]) : value;
    else if (typeof value === 'string') fields.set(lower, value);
    else throw new S3Refusal(400, 'InvalidArgument', `表单字段 ${name} 不应是文件`);
  }
  if (!file) throw new S3Refusal(400, 'InvalidArgument', '上传表单缺少文件');
  const policyB64 = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  if (!policyB64 || !signature) throw denied('上传缺少上传策略或签名，拒绝匿名上传');
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') throw denied('签名算法无效');
  const date = fields.get('x-amz-date') ?? '';
  if (Number.isNaN(amzDate(date))) throw denied('签名时间无效');
  const day = checkCredential(opts, fields.get('x-amz-credential') ?? '', date);
  const expected = hmac(signingKey(opts.secretAccessKey, day, opts.region), policyB64).toString('hex');
  if (!sameHex(expected, signature)) throw new S3Refusal(403, 'SignatureDoesNotMatch', '上传策略的签名无效');

  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8'));
  } catch {
    throw new S3Refusal(400, 'InvalidPolicyDocument', '上传策略格式有误');
  }
  const expiration = Date.parse(String(policy.expiration));
  if (Number.isNaN(expiration) || !Array.isArray(policy.conditions))
    throw new S3Refusal(400, 'InvalidPolicyDocument', '上传策略格式有误');
  if (now.getTime() > expiration) throw denied('上传策略已过期');

  const covered = new Set(['policy', 'x-amz-signature', 'file']);
  const value = (name: string) => (name === 'bucket' ? bucket : fields.get(name));
  const failed = (what: string) => denied(`上传不符合上传策略：${what}`);
  let sized = false;
  for (const c of policy.conditions as Condition[]) {
    if (Array.isArray(c)) {
      const [op, a, b] = c;
      if (op === 'content-length-range') {
        const size = file.size;
        if (size > Number(b)) throw tooLarge();
        if (size < Number(a)) throw new S3Refusal(400, 'EntityTooSmall', '上传的文件小于允许的大小');
        sized = true;
        continue;
      }
      const name = String(a).replace(/^\$/, '').toLowerCase();
      covered.add(name);
      const actual = value(name) ?? '';
      if (op === 'eq' && actual !== String(b)) throw failed(name);
      else if (op === 'starts-with' && !actual.startsWith(String(b))) throw failed(name);
      else if (op !== 'eq' && op !== 'starts-with')
        throw new S3Refusal(400, 'InvalidPolicyDocument', '上传策略格式有误');
    } else if (c && typeof c === 'object') {
      for (const [k, v] of Object.entries(c)) {
        const name = k.toLowerCase();
        covered.add(name);
        if (value(name) !== String(v)) throw failed(name);
      }
    } else throw new S3Refusal(400, 'InvalidPolicyDocument', '上传策略格式有误');
  }
  // S3 requires the key to be fixed by the policy; ours always fix it exactly
  if (!covered.has('key') || !fields.get('key')) throw failed('key');
  if (!sized) throw failed('content-length-range');
  if (fields.has('bucket') && fields.get('bucket') !== bucket) throw failed('bucket');
  for (const name of fields.keys())
    if (!covered.has(name) && !name.startsWith('x-ignore-')) throw failed(`${name} 未在上传策略中`);
}

/** Send a request that passed on to the emulator, and its answer back (a body already read is sent whole). */
function forward(
  emulator: URL,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body?: Buffer,
): Promise<void> {
  const headers = { ...req.headers, host: emulator.host };
  delete headers.connection;
  if (body) {
    delete headers['transfer-encoding'];
    headers['content-length'] = String(body.length);
  }
  return new Promise((ok, fail) => {
    const upstream = httpRequest(
      { host: emulator.hostname, port: emulator.port, method: req.method, path, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', ok);
        answer.on('error', fail);
      },
    );
    upstream.on('error', fail);
    if (body) upstream.end(body);
    else req.pipe(upstream);
  });
}

/** Where a kept photo lives in the records bucket: photos/<campaign>/<nomination>/<photo>.jpg. */
const KEPT_PHOTO = /^photos\/[^/]+\/([0-9A-HJKMNP-TV-Z]{26})\/([0-9A-HJKMNP-TV-Z]{26})\.jpg$/;

/**
 * The gate as the local runtime runs it: the credentials and region the handlers sign with,
 * the web app's origins, and each kept photo checked against its version's recorded SHA-256.
 */
export async function localS3Gate() {
  const [
    { db, tableName },
    { photoKey },
    storage,
    { isWebOrigin },
    { UPLOAD_MAX_BYTES },
    { SCAN_MAX_BYTES },
  ] = await Promise.all([
    import('#lib/db'),
    import('#lib/keys'),
    import('#lib/storage'),
    import('#lib/web-origin'),
    import('#shared/photo-rules'),
    import('#shared/scan-rules'),
  ]);
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`missing environment variable ${name}`);
    return v;
  };
  return s3Gate({
    accessKeyId: env('AWS_ACCESS_KEY_ID'),
    secretAccessKey: env('AWS_SECRET_ACCESS_KEY'),
    region: env('AWS_REGION'),
    isWebOrigin,
    // the form's fields and boundaries come on top of the largest file a policy allows
    maxPostBytes: Math.max(UPLOAD_MAX_BYTES, SCAN_MAX_BYTES) + 64 * 1024,
    async recordedSha256(bucket, key) {
      const m = KEPT_PHOTO.exec(key);
      if (bucket !== storage.recordsBucket() || !m) return undefined;
      const got = await db().send(
        new GetCommand({ TableName: tableName(), Key: photoKey(m[1] as string, m[2] as string) }),
      );
      if (got.Item?.status !== 'accepted') return null;
      return typeof got.Item.sha256 === 'string' ? got.Item.sha256 : undefined;
    },
    emulator: env('AWS_ENDPOINT_URL_S3'),
    async readObject(bucket, key) {
      const out = await storage.s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
    },
  });
}
