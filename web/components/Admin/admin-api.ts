/**
 * The office's administration calls (exports, accounts, quotas, settings), kept in the lazy
 * office chunk rather than in api.ts, which every phone loads first.
 */
import type { CalendarGap } from '#shared/calendar-coverage';
import type { CampaignSettings, Category } from '#shared/campaign';
import type { NoticeDay } from '#shared/holiday-notice';
import type { Role } from '#shared/roles';
import { call } from '../../api.ts';

export type ExportSet = 'submitted' | 'recommended' | 'selected' | 'confirmed';
export const EXPORT_SET_LABELS: Record<ExportSet, string> = {
  submitted: '已报送',
  recommended: '已推荐',
  selected: '评审通过',
  confirmed: '已确定',
};
export interface ExportJob {
  exportId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  set?: ExportSet;
  regionId?: string;
  progress?: { done: number; total: number };
  url?: string;
  /** The package's name (全市-评选材料.zip), also in the link's Content-Disposition. */
  fileName?: string;
  bytes?: number;
  files?: number;
  nominees?: number;
  auditHeadHash?: string;
  error?: string;
}
export const requestExport = (body: { set: ExportSet; regionId?: string }) =>
  call<{ exportId: string; status: string }>('POST', '/api/exports', body);
export const getExport = (id: string) => call<ExportJob>('GET', `/api/exports/${encodeURIComponent(id)}`);

export interface Account {
  accountId: string;
  role: Role;
  name: string;
  regionId?: string;
  unitId?: string;
  expiresAt: string;
  revokedAt?: string;
  createdAt: string;
}
export interface Issued {
  account: Account;
  code: string;
}
export const listAccounts = () => call<{ accounts: Account[] }>('GET', '/api/accounts');
export const issueAccount = (body: { role: Role; name: string; regionId?: string }) =>
  call<Issued>('POST', '/api/accounts', body);
/** Units from a list: CSV text, or an .xlsx file as base64 (the server reads its first worksheet). */
export const importAccounts = (list: { csv: string } | { xlsx: string }) =>
  call<{ issued: Issued[] }>('POST', '/api/accounts/import', list);
export const reissueCode = (id: string) =>
  call<Issued>('POST', `/api/accounts/${encodeURIComponent(id)}/code`);
/** The account takes part in another campaign the office runs, with the same role and region. */
export const addToCampaign = (id: string, campaignId: string) =>
  call<{ account: Account }>('POST', `/api/accounts/${encodeURIComponent(id)}/campaigns`, { campaignId });
export const revokeAccount = (id: string) =>
  call<{ account: Account }>('POST', `/api/accounts/${encodeURIComponent(id)}/revoke`);

const c = (id: string) => `/api/campaigns/${encodeURIComponent(id)}`;
export type QuotaRow = { id: string; quotas: Record<Category, number> };
export const saveQuotas = (id: string, regions: QuotaRow[]) =>
  call<unknown>('PUT', `${c(id)}/quotas`, { regions });
export type Settings = Pick<CampaignSettings, 'passRule' | 'calendar' | 'extensions' | 'objectionChannels'>;
export const saveSettings = (id: string, body: Settings) => call<Settings>('PATCH', c(id), body);

/** Bytes as the office reads them: 12.3 MB. */
export function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A year of the deployment's holiday calendar as saved from the State Council notice. */
export interface SavedNoticeYear {
  title: string;
  days: NoticeDay[];
  savedAt: string;
  savedBy: string;
}
export interface HolidayCalendar {
  years: Record<string, SavedNoticeYear>;
  builtIn: { from: number; to: number };
  gaps: CalendarGap[];
}
export const getHolidayCalendar = () => call<HolidayCalendar>('GET', '/api/holiday-calendar');
export const saveHolidayNotice = (year: number, text: string) =>
  call<SavedNoticeYear & { year: number; changed: boolean }>('PUT', `/api/holiday-calendar/${year}`, {
    text,
  });
