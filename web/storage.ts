/**
 * What the phone keeps between visits: the login token with its expiry, and the values typed
 * into a form that the server does not have yet. localStorage can throw (private mode, quota):
 * every access is guarded so the app still works, only without the local copy.
 */
import type { Category } from '#shared/campaign';
import type { Principal, Role } from '#shared/roles';

/** A campaign the account takes part in, with its role there. */
export interface CampaignChoice {
  id: string;
  title: string;
  role: Role;
  /** The role's name in this campaign's words (县（区）审核, 学校（学区）审核; 市评选办, 县教体局). */
  roleLabel?: string;
}

export interface Session {
  token: string;
  /** ISO timestamp (or epoch seconds/milliseconds) after which the token is refused. */
  expiresAt: string | number;
  /** Who the account is in the token's one campaign. */
  principal: Principal;
  /** Every campaign the account takes part in (absent in sessions saved before there were several). */
  campaigns?: CampaignChoice[];
}

const SESSION_KEY = 'pingxuan:session';
const DRAFT_PREFIX = 'pingxuan:draft:';

export function readLocal<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function writeLocal(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the form keeps working, only without the local copy.
  }
}

export function expiryMs(expiresAt: string | number): number {
  if (typeof expiresAt === 'number') return expiresAt < 1e12 ? expiresAt * 1000 : expiresAt;
  return Date.parse(expiresAt);
}

/** The stored session, or null when there is none or it has expired. */
export function loadSession(now = Date.now()): Session | null {
  const s = readLocal<Session>(SESSION_KEY);
  if (!s?.token || !s.principal || !(expiryMs(s.expiresAt) > now)) return null;
  return s;
}

export function saveSession(s: Session | null): void {
  writeLocal(SESSION_KEY, s);
}

/** Where the unsaved values of a nomination live: `pingxuan:draft:<id>` or `…:new:<category>`. */
export function draftKey(id: string | null, category: Category): string {
  return DRAFT_PREFIX + (id ?? `new:${category}`);
}

interface StoredDraft {
  /** Whose draft: on a shared phone another account never sees it. */
  accountId: string;
  /** Field → value typed (null = cleared) that the server copy does not have. */
  edits: Record<string, unknown>;
  savedAt: string;
}

export function loadDraft(key: string, accountId: string): Record<string, unknown> | null {
  const d = readLocal<StoredDraft>(key);
  return d && d.accountId === accountId && d.edits ? d.edits : null;
}

/** Keep these edits on the phone; an empty set removes the local copy. */
export function saveDraft(key: string, accountId: string, edits: Record<string, unknown>): void {
  writeLocal(key, Object.keys(edits).length ? { accountId, edits, savedAt: new Date().toISOString() } : null);
}

export function removeDraft(key: string): void {
  writeLocal(key, null);
}
