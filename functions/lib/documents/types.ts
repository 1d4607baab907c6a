/**
 * What the document generators read: plain shapes, decoupled from how nominations are stored.
 * The export job maps each stored nomination to a DocNominee (decrypting the ID number only
 * for the 审批表, and passing the photo as a lazy loader so that exports stream photos).
 */

import type { Campaign, Category, Region } from '#shared/campaign';

/** A recorded opinion: what was written and when (YYYY-MM-DD). */
export interface Opinion {
  text: string;
  date: string;
}

export interface DepartmentOpinion {
  /** As the campaign's opinions name it: 组织人事, 师德师风. */
  department: string;
  /** 同意 / 无违法违纪记录 … */
  conclusion: string;
  text: string;
  /** YYYY-MM-DD */
  date: string;
  /** 文号 of the department's reply, when it gave one. */
  docNumber?: string;
}

/** A stamped scan the package carries: what it is (种类), its file type, its bytes loaded when written. */
export interface DocScan {
  /** 单位公示照片, 组织人事意见 … */
  kind: string;
  extension: 'jpg' | 'pdf';
  load: () => Promise<Uint8Array>;
}

/** One nomination, as the documents need it. */
export interface DocNominee {
  id: string;
  category: Category;
  regionId: string;
  regionName: string;
  unitName: string;
  /** The form's fields as in shared/forms.ts (without the ID number). */
  form: Record<string, unknown>;
  /** The whole ID number, decrypted by the caller; printed only on the 审批表. */
  idNumber?: string;
  /** The stored 413×579 JPEG, loaded only when a document needs it. */
  photo?: () => Promise<Uint8Array>;
  /** 推荐单位意见 / 县(区)审核意见 / 市评选工作领导小组意见. */
  opinions?: { unit?: Opinion; county?: Opinion; city?: Opinion };
  departmentOpinions?: DepartmentOpinion[];
  /** 备注 in the 汇总表. */
  remark?: string;
  /** The stamped scans on record (the unit publicity's notice, the three opinions), listed when needed. */
  scans?: () => Promise<DocScan[]>;
}

/** A county's 审核推荐工作报告, as the county wrote it (each text may hold several paragraphs). */
export interface CountyReport {
  regionName: string;
  /** How the county organised the work. */
  organisation: string;
  /** The review and recommendation process. */
  process: string;
  /** The department opinions obtained. */
  opinions: string;
  /** The publicity held. */
  publicity: string;
  /** The recommendation (list and reasons). */
  recommendation: string;
  /** YYYY-MM-DD; blank for the paper date when absent. */
  date?: string;
  /** Who signs (e.g. 华龙区财政局); the region's name when absent. */
  signedBy?: string;
}

/** The campaign facts the documents print. */
export type DocCampaign = Pick<Campaign, 'id' | 'title' | 'regions' | 'assessmentYears' | 'definition'>;

/** The 填报单位(盖章) · 联系人 · 电话 · 日期 line of a 汇总表; blank parts are left for the pen. */
export interface SummaryHeader {
  unit?: string;
  contact?: string;
  phone?: string;
  /** YYYY-MM-DD */
  date?: string;
}

/** Rows that may come from a database cursor (async) or an array. */
export type Rows<T> = AsyncIterable<T> | Iterable<T>;

/** Input the generators refuse: a programming or data error in the caller, never the user's. */
export class DocumentInputError extends Error {
  override name = 'DocumentInputError';
}

/**
 * The nominees of every region in the campaign's region order, one region after another,
 * fetched lazily: `inRegionOrder(campaign.regions, (r) => queryRegion(r.id))`.
 */
export async function* inRegionOrder<T>(
  regions: readonly Region[],
  fetch: (region: Region) => Rows<T>,
): AsyncGenerator<T> {
  for (const region of regions) yield* fetch(region);
}
