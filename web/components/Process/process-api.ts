/**
 * The process steps' API calls (unit, county, city office, public page), kept in lazy chunks
 * rather than in api.ts, which every phone loads first.
 */

import type { Category, CategoryBrief, CityPublicityRound } from '#shared/campaign';
import type { LevelNames } from '#shared/levels';
import type { NominationStatus, NominationView } from '#shared/nomination';
import type { BatchResult, ConfirmResult, RoundPreview, RoundResult } from '#shared/publicity';
import type { PublicityLength } from '#shared/publicity-length';
import type { ShareUse } from '#shared/share-rules';
import type { MissingMaterials } from '#shared/workflow';

export type { BatchResult, ConfirmResult, RoundPreview, RoundResult };

import type { Principal } from '#shared/roles';
import { ApiFailure, call, OFFLINE_MESSAGE } from '../../api.ts';
import { type CampaignChoice, loadSession } from '../../storage.ts';

/** Who the token belongs to, and every campaign the account takes part in. */
export const getMe = () => call<{ principal: Principal; campaigns: CampaignChoice[] }>('GET', '/api/me');
/** A token of another campaign the account takes part in. */
export const switchCampaign = (campaignId: string) =>
  call<{ token: string; expiresAt: string; principal: Principal }>('POST', '/api/session/campaign', {
    campaignId,
  });
/** What the city office may change on a copy. */
export interface CopyEdits {
  title?: string;
  docNumber?: string;
  deadlines?: { unitToCounty?: string; countyToCity?: string };
}
/** The token's campaign's title, 文号 or deadlines, before units start (the settings route). */
export const saveNotice = (campaignId: string, notice: CopyEdits) =>
  call<unknown>('PATCH', `/api/campaigns/${encodeURIComponent(campaignId)}`, { notice });
/** A new campaign from a definition file's text, or a copy of the token's campaign. */
export const createCampaign = (body: { definition: string } | ({ copyOf: string } & CopyEdits)) =>
  call<{ campaign: { id: string; title: string }; participants: number }>('POST', '/api/campaigns', body);

/** A step on one nomination: answers with the updated nomination. */
export const step = (id: string, method: string, path: string, body?: unknown) =>
  call<NominationView>(method, `/api/nominations/${id}/${path}`, body);

export interface Scan {
  scanId: string;
  purpose: string;
  status: 'pending' | 'accepted' | 'refused';
  reason?: string;
  url?: string;
}

/** The presigned POST: the fields first, the file last (as web/photo/upload.ts, kept out of a shared chunk). */
function post(
  upload: { url: string; fields: Record<string, string> },
  file: Blob,
  onProgress: (f: number) => void,
) {
  return new Promise<void>((resolve, reject) => {
    const body = new FormData();
    for (const name of Object.keys(upload.fields)) body.append(name, upload.fields[name] as string);
    body.append('file', file, 'scan');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', upload.url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiFailure(xhr.status, 'upload_failed', `扫描件上传失败（${xhr.status}），请重试`));
    xhr.onerror = () => reject(new ApiFailure(0, 'network', OFFLINE_MESSAGE));
    xhr.send(body);
  });
}

/** Upload a scan (the notice photo, an opinion's stamped paper) and wait for its verdict. */
export async function uploadScan(
  id: string,
  purpose: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<Scan> {
  const grant = await call<{ scanId: string; upload: { url: string; fields: Record<string, string> } }>(
    'POST',
    `/api/nominations/${id}/scans`,
    { purpose, contentType: file.type || 'image/jpeg' },
  );
  await post(grant.upload, file, onProgress);
  const until = Date.now() + 60_000;
  for (;;) {
    const { scans } = await call<{ scans: Scan[] }>('GET', `/api/nominations/${id}/scans`);
    const s = scans.find((x) => x.scanId === grant.scanId);
    if (s && s.status !== 'pending') return s;
    if (Date.now() > until) return { scanId: grant.scanId, purpose, status: 'pending' };
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export interface CategoryUse {
  quota: number;
  used: number;
  left: number;
  counts: Partial<Record<NominationStatus, number>>;
}
export interface Dashboard {
  regions: {
    regionId: string;
    regionName: string;
    categories: Record<Category, CategoryUse>;
    missing: MissingMaterials;
  }[];
  /** The campaign's categories, in the definition's order. */
  categories: CategoryBrief[];
  /** The whole campaign's missing materials (the regions' sum). */
  missing: MissingMaterials;
  /** The share rules' use, when the notice has any. */
  shares?: ShareUse[];
  meeting?: { date: string; members: number; present: number; attendees: string[] };
  cityPublicityRounds?: CityPublicityRound[];
  /** How long each round of the city publicity runs. */
  cityPublicityLength: PublicityLength;
  /** The campaign's title, and its levels as its notice names them. */
  title: string;
  levels: LevelNames;
}
export interface ObjectionCase {
  caseId: string;
  /** The objector's receipt number (20261206-0007); older cases have none. */
  receipt?: string;
  nominationId: string;
  /** Who the objection is about. */
  nominee?: { name: string; unitName: string; regionId: string; regionName: string; category: Category };
  status: string;
  content: string;
  name?: string;
  phone?: string;
  filedAt: string;
  resolution?: { outcome: string; reason: string; at?: string };
}
export interface Publicity {
  title: string;
  docNumber: string;
  issuers: string[];
  /** The open rounds, each with its nominees; `entries` is all of them in one list. */
  rounds: { round: number; startsOn: string; endsOn: string; entries: Publicity['entries'] }[];
  latest?: CityPublicityRound;
  channels: { phone: string; letter?: string; email?: string; visit?: string };
  contact?: { name?: string; phone?: string; email?: string; address?: string };
  entries: {
    id: string;
    category: Category;
    categoryLabel: string;
    name: string;
    /** The category's other public fields (性别, 工作单位及职务 …), in the definition's order. */
    details: string[];
    unitName?: string;
    regionName: string;
    round: number;
  }[];
}

const c = (id: string) => `/api/campaigns/${encodeURIComponent(id)}`;
export const listByStatus = (query: string) =>
  call<{ items: NominationView[]; nextCursor?: string }>('GET', `/api/nominations?limit=50${query}`);
/** The county's report as written (the API answers `{ regionId, report }`). */
export const getReport = (region: string) =>
  call<{ regionId: string; report: Record<string, string> }>('GET', `/api/regions/${region}/report`).then(
    (r) => r.report,
  );
export const saveReport = (region: string, body: unknown) =>
  call<unknown>('PUT', `/api/regions/${region}/report`, body);
export const submitRegion = (region: string) => call<BatchResult>('POST', `/api/regions/${region}/submit`);
export const getDashboard = (id: string) => call<Dashboard>('GET', `${c(id)}/dashboard`);
export const saveMeeting = (id: string, body: unknown) => call<unknown>('PUT', `${c(id)}/meeting`, body);
/** The city office's own campaign (a city account has one). */
const ownCampaign = () => c(loadSession()?.principal.campaignId ?? '');
export const previewRound = (startsOn: string) =>
  call<RoundPreview>('POST', `${ownCampaign()}/city-publicity`, { startsOn, dryRun: true });
export const startRound = (startsOn: string) =>
  call<RoundResult>('POST', `${ownCampaign()}/city-publicity`, { startsOn });
export const confirmList = (id: string) => call<ConfirmResult>('POST', `${c(id)}/confirm`);
export const listCases = (id: string) => call<{ cases: ObjectionCase[] }>('GET', `${c(id)}/cases`);
/** The objector's whole phone number (each reveal is logged). */
export const revealObjectorPhone = (nominationId: string, caseId: string) =>
  call<{ phone: string }>(
    'POST',
    `/api/nominations/${encodeURIComponent(nominationId)}/cases/${encodeURIComponent(caseId)}/phone`,
  );
export const resolveCase = (nominationId: string, caseId: string, body: unknown) =>
  step(nominationId, 'POST', `cases/${caseId}/resolve`, body);
export const getPublicity = (id: string) =>
  call<Publicity>('GET', `/api/public/campaigns/${encodeURIComponent(id)}/publicity`);
export const fileObjection = (id: string, body: unknown) =>
  call<{ caseId: string; receipt: string; accepted: boolean; message: string }>(
    'POST',
    `/api/public/campaigns/${encodeURIComponent(id)}/objections`,
    body,
  );
