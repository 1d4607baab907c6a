/** A nomination as the API returns it, and the states it passes through. */
import type { Category } from './campaign.ts';
import type { NominationForm } from './forms.ts';

/** States a nomination can be in. Drafts are edited by their unit; a discarded draft is kept, hidden. */
export const NOMINATION_STATUSES = ['draft', 'discarded'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];
export const STATUS_LABELS: Record<NominationStatus, string> = { draft: '草稿', discarded: '已删除' };

export type PhotoStatus = 'pending' | 'accepted' | 'refused';

/** One upload of a photo; each is its own immutable object, never overwritten. */
export interface PhotoVersion {
  photoId: string;
  status: PhotoStatus;
  /** Why it was refused, in Chinese. */
  reason?: string;
  /** Stable refusal code: too_small, bad_ratio, not_blue, not_image, too_large. */
  reasonCode?: string;
  width?: number;
  height?: number;
  bytes?: number;
  sha256?: string;
  uploadedAt: string;
  processedAt?: string;
  /** A short-lived link to the stored photo of an accepted version (when one nomination is read). */
  url?: string;
}

export interface NominationView {
  id: string;
  campaignId: string;
  regionId: string;
  regionName: string;
  unitId: string;
  unitName: string;
  category: Category;
  status: NominationStatus;
  /** The form as stored, except the ID number, which is never sent back whole (see idNumberMasked). */
  form: Omit<NominationForm, 'idNumber'>;
  /** 410902********1234, when an ID number is on file. */
  idNumberMasked?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The latest photo upload and its verdict (workers only). */
  photo?: PhotoVersion;
  /** The accepted photo's short-lived URL. */
  photoUrl?: string;
  /** Every upload, newest first (only when one nomination is read). */
  photos?: PhotoVersion[];
  /** What still blocks submission. */
  problems: { field: string; message: string }[];
}
