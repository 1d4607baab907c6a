/**
 * Stamped scans (盖章扫描件): the photo or PDF of stamped paper a unit or county uploads from a
 * phone — the posted publicity notice, each department opinion. Limits shared by the
 * phone app, the upload route and the processor, and the upload request's schema.
 */
import * as z from 'zod/mini';
import { type OpinionRule, opinionTitle } from './opinions.ts';
import './zod.ts';

/**
 * What a scan is evidence of: `notice`, the unit's posted publicity notice, or `opinion-<id>`, the
 * stamped paper of one of the campaign's department opinions (opinionsOf).
 */
export type ScanPurpose = 'notice' | `opinion-${string}`;
/** A scan purpose's form; whether the campaign has that opinion is checked against it. */
export const SCAN_PURPOSE = /^(notice|opinion-[a-z0-9-]{1,40})$/;

/** The purpose of the stamped scan behind a department's opinion. */
export const opinionScanPurpose = (opinionId: string): ScanPurpose => `opinion-${opinionId}`;

/** The opinion a scan purpose is for, or null for the notice. */
export const opinionOfPurpose = (purpose: string): string | null =>
  purpose.startsWith('opinion-') ? purpose.slice('opinion-'.length) : null;

/** What a stamped scan is, as its file in an export package is named: 单位公示照片, 组织人事意见. */
export function scanFileKind(purpose: string, opinions: readonly OpinionRule[]): string {
  const id = opinionOfPurpose(purpose);
  return id === null ? '单位公示照片' : `${opinions.find((o) => o.id === id)?.department ?? id}意见`;
}

/** "单位公示张贴照片", "组织人事部门意见（盖章）": what a scan is, in messages. */
export function scanPurposeLabel(purpose: string, opinions: readonly OpinionRule[]): string {
  const id = opinionOfPurpose(purpose);
  if (id === null) return '单位公示张贴照片';
  const o = opinions.find((x) => x.id === id);
  return `${o ? opinionTitle(o) : '部门意见'}（盖章）`;
}

/** Content types the presigned POST allows. The processor decides by the bytes, never by this. */
export const SCAN_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type ScanContentType = (typeof SCAN_CONTENT_TYPES)[number];

/** Direct uploads: a phone photo of paper is 2–12 MB, a scanned multi-page PDF a few MB; larger is refused before decoding. */
export const SCAN_MAX_BYTES = 20 * 1024 * 1024;
/** Decoding limit for images, so a crafted one cannot exhaust memory (100 megapixels). */
export const SCAN_MAX_PIXELS = 100_000_000;
/** The stored image's long side at most: A4 (297 mm) at 300 dpi. */
export const SCAN_MAX_LONG_SIDE = 2480;
/** Smaller than this, an A4 page's small print and the seal cannot be read (1000 px ≈ 85 dpi on A4). */
export const SCAN_MIN_LONG_SIDE = 1000;
export const SCAN_MIN_SHORT_SIDE = 600;
/** A stamped form, opinion or notice is a page or a few; a PDF with more is refused. */
export const SCAN_MAX_PAGES = 20;

export const scanUploadBody = z.strictObject({
  purpose: z
    .string({ error: '请说明用途：公示照片或部门意见' })
    .check(z.regex(SCAN_PURPOSE, '用途应为公示照片（notice）或某项部门意见（opinion-部门编号）')),
  contentType: z.enum(SCAN_CONTENT_TYPES, { error: '文件格式应为 JPEG、PNG、WebP 图片或 PDF' }),
});

export type ScanStatus = 'pending' | 'accepted' | 'refused';

/** One uploaded scan and the processor's verdict, as the API lists them. */
export interface ScanVersion {
  scanId: string;
  purpose: ScanPurpose;
  status: ScanStatus;
  /** Why it was refused, in Chinese. */
  reason?: string;
  /** Stable refusal code: too_large, not_scan, damaged, too_small, encrypted, active_content, too_many_pages, no_pages. */
  reasonCode?: string;
  /** What was stored: a normalised JPEG, or a cleaned PDF. */
  kind?: 'image' | 'pdf';
  /** Stored size (accepted), or the upload's size (refused). */
  bytes?: number;
  sha256?: string;
  pages?: number;
  width?: number;
  height?: number;
  uploadedAt: string;
  uploadedBy: string;
  processedAt?: string;
  /** A short-lived link to the stored file of an accepted scan (when listed). */
  url?: string;
}
