/**
 * The nomination (`NOM#<id>` / `NOM`, chain `NOM#<id>`) and its index keys: GSI1 lists a unit's
 * live nominations (discarded drafts move to `UNIT#<id>#DISCARDED`), GSI2 a campaign's by region
 * and status. Its photo versions, scans and objection cases share its partition (photo.ts,
 * scan.ts, case.ts).
 */
import * as z from 'zod/mini';
import { CATEGORY_ID, type Category } from '#shared/campaign';
import type { IdFacts } from '#shared/forms';
import {
  type DepartmentOpinion,
  NOMINATION_STATUSES,
  type NominationStatus,
  type NomineePublicity,
  type PhotoVersion,
  type UnitPublicity,
  type UnitRecommendation,
} from '#shared/nomination';
import type { Vote } from '#shared/workflow';
import type { Sealed } from '../pii.ts';
import type { Audited } from '../records.ts';
import { auditedShape, itemParser, type Key, projectionParser, type StoredRecord, time } from './item.ts';

export const nominationPartition = (id: string) => `NOM#${id}`;
export const nominationKey = (id: string): Key => ({ pk: nominationPartition(id), sk: 'NOM' });
export const nominationChain = (id: string) => `NOM#${id}`;

/** Whether a key (from a client's cursor) is a nomination's, with a ULID for its id. */
export const isNominationKey = (k: { pk?: unknown; sk?: unknown }) =>
  typeof k.pk === 'string' && /^NOM#[0-9A-HJKMNP-TV-Z]{26}$/.test(k.pk) && k.sk === 'NOM';

/** GSI1: a unit's live nominations, or its discarded drafts. */
export const unitNominations = (unitId: string, discarded = false) =>
  discarded ? `UNIT#${unitId}#DISCARDED` : `UNIT#${unitId}`;
/** GSI2: a campaign's nominations, sorted by region, then status. */
export const campaignNominations = (campaignId: string) => `CAMPAIGN#${campaignId}#NOM`;
/** The GSI2 sort-key prefix of a region's nominations, or of those in one status there. */
export const regionStatusPrefix = (regionId: string, status?: string) =>
  status ? `${regionId}#${status}#` : `${regionId}#`;

/** The index keys of a nomination: its unit's list and the campaign's by region and status. */
export function indexKeys(n: Pick<NominationItem, 'campaignId' | 'regionId' | 'unitId' | 'status' | 'id'>) {
  return {
    gsi1pk: unitNominations(n.unitId, n.status === 'discarded'),
    gsi1sk: nominationChain(n.id),
    gsi2pk: campaignNominations(n.campaignId),
    gsi2sk: `${regionStatusPrefix(n.regionId, n.status)}${n.id}`,
  };
}

/**
 * The ID number as stored: sealed (envelope encryption), its mask for display, and the facts
 * the form is checked against, so that editing never needs to decrypt it.
 */
export interface StoredIdNumber {
  sealed: Sealed;
  masked: string;
  facts: IdFacts;
}

/** A nomination as stored. The ID number is kept apart from the form, sealed, and never echoed. */
export interface NominationItem extends Audited {
  type: 'nomination';
  id: string;
  campaignId: string;
  regionId: string;
  unitId: string;
  unitName: string;
  category: Category;
  status: NominationStatus;
  form: Record<string, unknown>;
  idNumber?: StoredIdNumber;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** The newest photo upload and its verdict. */
  photo?: PhotoVersion;
  /** The newest accepted photo: what documents and exports use. */
  acceptedPhoto?: {
    photoId: string;
    key: string;
    sha256: string;
    /** The records bucket's version of the kept photo (cloud): links and exports read that one. */
    versionId?: string;
    width: number;
    height: number;
    bytes: number;
  };
  unitRecommendation?: UnitRecommendation;
  unitPublicity?: UnitPublicity;
  submittedAt?: string;
  /** The county's political review (政治审查). */
  politicalReview?: { passed: boolean; text: string; date: string };
  /** The department opinions by the campaign's opinion id (Puyang: personnel, discipline, police), each with its stamped scan. */
  opinions?: Record<string, DepartmentOpinion>;
  /** The day (China time) the county recommended it, taking a place of its quota: the 县（区）审核意见's date. */
  recommendedOn?: string;
  /** The review meeting's vote on this nominee. */
  vote?: Vote;
  /** The city publicity round it was published in. */
  cityPublicity?: NomineePublicity;
  /** The nomination this one was copied from, and the copy made of it. */
  copiedFrom?: string;
  copiedTo?: string;
  /** The date of the meeting that voted: the 市评选工作领导小组意见's date. */
  votedOn?: string;
  /** Every step taken with a reason (returns, declines, withdrawal, revocation), oldest first. */
  decisions?: { action: string; reason: string; at: string; by: string; role: string }[];
}

/** A photo version as the nomination and its photo items hold it (photo.ts). */
export const photoVersionShape = {
  photoId: z.string(),
  status: z.enum(['pending', 'accepted', 'refused']),
  reason: z.optional(z.string()),
  reasonCode: z.optional(z.string()),
  width: z.optional(z.number()),
  height: z.optional(z.number()),
  bytes: z.optional(z.number()),
  sha256: z.optional(z.string()),
  versionId: z.optional(z.string()),
  uploadedAt: time,
  processedAt: z.optional(time),
};

const object = z.record(z.string(), z.unknown());

/**
 * What is checked of a stored nomination: everything the code reads by name, to the depth it
 * relies on; the steps' own records (opinions, publicity, vote …) as objects.
 */
const nominationSchema = z.looseObject({
  ...auditedShape,
  type: z.literal('nomination'),
  id: z.string(),
  campaignId: z.string(),
  regionId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  category: z.string().check(z.regex(CATEGORY_ID)),
  status: z.enum(NOMINATION_STATUSES),
  form: object,
  idNumber: z.optional(z.looseObject({ sealed: object, masked: z.string(), facts: object })),
  version: z.number(),
  createdAt: time,
  updatedAt: time,
  createdBy: z.string(),
  photo: z.optional(z.looseObject(photoVersionShape)),
  acceptedPhoto: z.optional(
    z.looseObject({
      photoId: z.string(),
      key: z.string(),
      sha256: z.string(),
      versionId: z.optional(z.string()),
      width: z.number(),
      height: z.number(),
      bytes: z.number(),
    }),
  ),
  unitRecommendation: z.optional(object),
  unitPublicity: z.optional(object),
  submittedAt: z.optional(time),
  politicalReview: z.optional(z.looseObject({ passed: z.boolean(), text: z.string(), date: z.string() })),
  opinions: z.optional(z.record(z.string(), object)),
  recommendedOn: z.optional(z.string()),
  vote: z.optional(object),
  cityPublicity: z.optional(object),
  copiedFrom: z.optional(z.string()),
  copiedTo: z.optional(z.string()),
  votedOn: z.optional(z.string()),
  decisions: z.optional(
    z.array(
      z.looseObject({ action: z.string(), reason: z.string(), at: time, by: z.string(), role: z.string() }),
    ),
  ),
});
export const parseNomination = itemParser<NominationItem>('nomination', nominationSchema);

export const nominationRecord = (id: string): StoredRecord<NominationItem> => ({
  key: nominationKey(id),
  chain: nominationChain(id),
  parse: parseNomination,
});

/** The parser of a projection: see projectionParser. */
export const nominationFields = projectionParser<NominationItem, typeof nominationSchema>(
  'nomination',
  nominationSchema,
);
