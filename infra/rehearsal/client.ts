/**
 * The rehearsal's only way into the system: the public HTTP API, as the web app calls it
 * (JSON bodies, bearer tokens, presigned POST uploads). Counts every request it sends.
 */

/** An answer from the API. */
export interface Answer<T = any> {
  status: number;
  body: T;
}

/** How a call is made: the caller's token and role (for the counts), and a JSON body. */
export interface CallOptions {
  token?: string;
  body?: unknown;
  role?: string;
}

/** A refused step: which call, what the API said. */
export class StepFailed extends Error {}

export class ApiClient {
  /** Requests sent, by route shape (method and path with ids replaced). */
  readonly counts = new Map<string, number>();
  /** Requests sent, by the role that sent them (`public`, `local` for the clock). */
  readonly byRole = new Map<string, number>();

  constructor(readonly baseUrl: string) {}

  get requests(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  private count(method: string, path: string, role = 'public') {
    this.byRole.set(role, (this.byRole.get(role) ?? 0) + 1);
    const shape = `${method} ${path.replace(/\?.*$/, '').replace(/[0-9A-HJKMNP-TV-Z]{26}/g, '{id}')}`;
    this.counts.set(shape, (this.counts.get(shape) ?? 0) + 1);
  }

  /** Call the API; JSON in, JSON out. */
  async call<T = any>(method: string, path: string, opts: CallOptions = {}) {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    this.count(method, path, opts.role);
    const r = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await r.text();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: r.status, body } as Answer<T>;
  }

  /** A call that must succeed (any 2xx); anything else stops the rehearsal with what the API said. */
  async must<T = any>(method: string, path: string, opts: CallOptions = {}) {
    const a = await this.call<T>(method, path, opts);
    if (a.status < 200 || a.status > 299) {
      throw new StepFailed(`${method} ${path} → ${a.status} ${JSON.stringify(a.body)}`);
    }
    return a.body;
  }

  /** Upload with a presigned POST, as the phone does (fields first, the file last). */
  async upload(
    upload: { url: string; fields: Record<string, string> },
    bytes: Uint8Array,
    type: string,
    role = 'unit',
  ) {
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'upload.jpg');
    const url = new URL(upload.url, this.baseUrl);
    this.count('POST', '/s3/<upload>', role);
    const r = await fetch(url, { method: 'POST', body: form });
    if (r.status >= 300) throw new StepFailed(`upload → ${r.status} ${await r.text()}`);
  }
}

/** Run `work` over `items`, `limit` at a time (the rehearsal's users act in parallel, as real ones do). */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
