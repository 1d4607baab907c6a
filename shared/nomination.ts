/** A nomination as the API returns it, and the states it passes through. */
import type { Category } from './campaign.ts';
import type { NominationForm } from './forms.ts';
import { inLevels, type LevelNames } from './levels.ts';
import type { OpinionRule } from './opinions.ts';
import type { PublicityLength } from './publicity-length.ts';

/**
 * States a nomination can be in, in the order of the process ("两审两公示"). The moves between
 * them, who makes each and when, are in workflow.ts. Nothing is deleted: a discarded draft is
 * kept, hidden; withdrawn, not recommended, not selected and revoked nominations keep their
 * record and reason.
 */
export const NOMINATION_STATUSES = [
  'draft',
  'unit_publicity',
  'unit_publicized',
  'submitted',
  'returned_to_unit',
  'recommended',
  'not_recommended',
  'city_review',
  'returned_to_county',
  'passed',
  'not_selected',
  'city_publicity',
  'confirmed',
  'revoked',
  'withdrawn',
  'discarded',
] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];
export const STATUS_LABELS: Record<NominationStatus, string> = {
  draft: '草稿',
  unit_publicity: '单位公示中',
  unit_publicized: '单位公示已结束',
  submitted: '已报送县区',
  returned_to_unit: '已退回单位',
  recommended: '县区已推荐',
  not_recommended: '县区不予推荐',
  city_review: '市级审核中',
  returned_to_county: '已退回县区',
  passed: '评审通过',
  not_selected: '评审未通过',
  city_publicity: '市级公示中',
  confirmed: '已正式确定',
  revoked: '已撤销',
  withdrawn: '已撤回',
  discarded: '已删除',
};

/** A state's name in the campaign's words (市级审核中 → 县级审核中). */
export const statusLabelIn = (status: NominationStatus, names: LevelNames): string =>
  inLevels(STATUS_LABELS[status], names);

export type PhotoStatus = 'pending' | 'accepted' | 'refused';

/** One upload of a photo; each is its own immutable object, never overwritten. */
export interface PhotoVersion {
  photoId: string;
  status: PhotoStatus;
  /** Why it was refused, in Chinese. */
  reason?: string;
  /** Stable refusal code: too_small, bad_ratio, wrong_background (not_blue before definitions), not_image, too_large. */
  reasonCode?: string;
  width?: number;
  height?: number;
  bytes?: number;
  sha256?: string;
  /** The records bucket's version of the kept photo (cloud only): its links serve that version. */
  versionId?: string;
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
  /** 评审得分, once the review meeting's vote recorded one (campaigns that rank by score): lists order by it. */
  score?: number;
  /** What the process has recorded so far (only when one nomination is read). */
  process?: NominationProcess;
  /** The steps the reader's role may take now (only when one nomination is read). */
  actions?: string[];
}

/** The unit's democratic recommendation (民主推荐) and its leadership team's decision. */
export interface UnitRecommendation {
  democratic: { date: string; voters: number; votesFor: number };
  leadershipDecisionDate: string;
}

/** The unit publicity (单位公示): posted, last day, the photo of the posted notice, how it ended. */
export interface UnitPublicity {
  postedOn: string;
  endsOn: string;
  noticeScanId?: string;
  outcome?: 'no_objection' | 'objections_handled';
  note?: string;
  /** The state it was started from: where cancelling it leads back to. */
  startedFrom?: NominationStatus;
}

/** The city publicity round a nominee was published in. */
export interface NomineePublicity {
  round: number;
  startsOn: string;
  endsOn: string;
}

/** The process record of a nomination: the unit's, the county's and the city office's steps. */
export interface NominationProcess {
  cityPublicity?: NomineePublicity;
  /** The nomination this one was copied from, and the copy made of it (see copyNomination). */
  copiedFrom?: string;
  copiedTo?: string;
  unitRecommendation?: UnitRecommendation;
  unitPublicity?: UnitPublicity;
  submittedAt?: string;
  politicalReview?: { passed: boolean; text: string; date: string };
  opinions?: Record<string, DepartmentOpinion>;
  /** The review meeting's vote; `score` (评审得分) when the campaign ranks by score. */
  vote?: { for: number; against: number; abstain: number; present: number; members: number; score?: number };
  decisions?: { action: string; reason: string; at: string; role: string }[];
  /** How long the campaign's unit publicity and each round of its final publicity run. */
  publicity?: { unit: PublicityLength; final: PublicityLength };
  /** Whether the county writes a 审核推荐工作报告 before reporting to the city office (the notice says). */
  countyReport?: boolean;
  /** Whether the vote ranks by score (the notice says 按得分排序): the vote then asks for a 评审得分. */
  rankByScore?: boolean;
  /** The department opinions the notice asks for, in its order (the Puyang three when absent). */
  opinionsRequired?: readonly OpinionRule[];
  /** The campaign's short names of its middle and top levels (县区, 市评选办): what pages say. */
  levels?: LevelNames;
}

/** One department's opinion on a nominee, as the county records it. */
export interface DepartmentOpinion {
  conclusion: string;
  favourable: boolean;
  text: string;
  date: string;
  docNumber?: string;
  scanId?: string;
}
