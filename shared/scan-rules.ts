/**
 * Stamped scans (盖章扫描件): the photo or PDF of stamped paper a unit or county uploads from a
 * phone — the posted publicity notice, the three department opinions. Limits shared by the
 * phone app, the upload route and the processor, and the upload request's schema.
 */
import * as z from 'zod/mini';
import type { OpinionDepartment } from './workflow.ts';
import './zod.ts';

/** What a scan is evidence of. `notice`: the unit's posted publicity notice; the others: one department's opinion. */
export const SCAN_PURPOSES = ['notice', 'opinion-personnel', 'opinion-discipline', 'opinion-police'] as const;
export type ScanPurpose = (typeof SCAN_PURPOSES)[number];

export const SCAN_PURPOSE_LABELS: Record<ScanPurpose, string> = {
  notice: '单位公示张贴照片',
  'opinion-personnel': '组织人事部门意见（盖章）',
  'opinion-discipline': '纪检监察部门意见（盖章）',
  'opinion-police': '公安部门意见（盖章）',
};

/** The purpose of the stamped scan behind a department's opinion. */
export const opinionScanPurpose = (department: OpinionDepartment): ScanPurpose => `opinion-${department}`;

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
  purpose: z.enum(SCAN_PURPOSES, { error: '用途应为公示照片或组织人事、纪检监察、公安意见' }),
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
