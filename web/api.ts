/**
 * The API client: same origin, JSON, `Authorization: Bearer <token>`. Every failure becomes an
 * ApiFailure carrying the server's zh-CN message (and the field it concerns); a dropped
 * connection is status 0. A 401 on any call but login ends the session (local drafts stay); a
 * 503 (the server could not reach its secret or key) keeps it and shows the retry message.
 */
import type { Campaign, Category, QuotaUse } from '#shared/campaign';
import type { NominationView } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import type { ShareUse } from '#shared/share-rules';
import { type CampaignChoice, loadSession, readLocal, saveSession, writeLocal } from './storage.ts';

export class ApiFailure extends Error {
  // `declare`: plain assignments, no class-field helpers in the bundle for pre-Chrome-72 engines.
  declare readonly status: number;
  declare readonly code: string;
  declare readonly field?: string;
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    Object.assign(this, { status, code, field });
  }
}

export const OFFLINE_MESSAGE = '网络连接失败，请检查网络后重试';
const TIMEOUT_MS = 20_000;

let serverOffsetMs = 0;
/** The server's clock as of its last answer (it may be moved on the local runtime): "today" comes from here. */
export const serverNow = () => new Date(Date.now() + serverOffsetMs);

let onUnauthorized: () => void = () => {};
/** Called when the server refuses the token: the app goes back to the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** One API call. Exported for the calls that live in lazy chunks (the auditor's, audit-api.ts). */
export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = TIMEOUT_MS,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const session = loadSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    // No AbortController on Chrome < 66: a timer turns a hung request into a network failure.
    res = await Promise.race([
      fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
  } catch {
    throw new ApiFailure(0, 'network', OFFLINE_MESSAGE);
  }
  const at = Date.parse(res.headers.get('x-pingxuan-now') as string);
  if (at) serverOffsetMs = at - Date.now();
  const data = await res.json().catch(() => null);
  if (res.ok) return data as T;
  if (res.status === 401 && path !== '/api/auth/login') {
    saveSession(null);
    onUnauthorized();
  }
  const e = data?.error;
  throw new ApiFailure(
    res.status,
    e?.code ?? `http_${res.status}`,
    e?.message ?? (res.status >= 500 ? '服务器暂时无法处理，请稍后再试' : `请求失败（${res.status}）`),
    e?.field,
  );
}

export interface CampaignInfo {
  campaign: Campaign;
  quotas: QuotaUse[];
  /** The share rules that bind the caller's places (a county's reviewer, the city office). */
  shares?: ShareUse[];
}

export interface PhotoUploadGrant {
  photoId: string;
  upload: { url: string; fields: Record<string, string> };
  maxBytes: number;
}

export const login = (code: string) =>
  call<{ token: string; expiresAt: string | number; principal: Principal; campaigns: CampaignChoice[] }>(
    'POST',
    '/api/auth/login',
    { code },
  );
export const getCampaign = (id: string) =>
  call<CampaignInfo>('GET', `/api/campaigns/${encodeURIComponent(id)}`);
export const listNominations = (cursor?: string) =>
  call<{ items: NominationView[]; nextCursor?: string }>(
    'GET',
    `/api/nominations?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
const reading: Record<string, Promise<NominationView> | undefined> = {};
/** One nomination; the form and the steps panel asking at once share one read (each read is logged). */
export const getNomination = (id: string): Promise<NominationView> =>
  (reading[id] ??= call<NominationView>('GET', `/api/nominations/${id}`).finally(() => {
    reading[id] = undefined;
  }));
export const createNomination = (category: Category, form: Record<string, unknown>) =>
  call<NominationView>('POST', '/api/nominations', { category, form });
export const patchNomination = (id: string, version: number, form: Record<string, unknown>) =>
  call<NominationView>('PATCH', `/api/nominations/${id}`, { version, form });
export const deleteNomination = (id: string) =>
  call<{ id: string; status: 'discarded' }>('DELETE', `/api/nominations/${id}`);
export const requestPhotoUpload = (id: string) =>
  call<PhotoUploadGrant>('POST', `/api/nominations/${id}/photo`, { contentType: 'image/jpeg' });

const CAMPAIGN_CACHE = 'pingxuan:campaign:';

/**
 * The campaign and its quotas. The last copy is kept on the phone so that a form can still be
 * opened and checked while the connection is down.
 */
export async function loadCampaign(id: string): Promise<CampaignInfo> {
  try {
    const info = await getCampaign(id);
    writeLocal(CAMPAIGN_CACHE + id, info);
    return info;
  } catch (e) {
    const cached =
      e instanceof ApiFailure && e.status === 0 ? readLocal<CampaignInfo>(CAMPAIGN_CACHE + id) : null;
    if (cached) return cached;
    throw e;
  }
}
