/**
 * The campaign's partition `CAMPAIGN#<id>`: the campaign itself (sk `CAMPAIGN`, chain
 * `CAMPAIGN#<id>`, listed on GSI1 `CAMPAIGNS`), its quota counters (`QUOTA#<region>#<category>`),
 * its share counters (`SHARE#<category>#<tag>`, share-counter.ts), its member units (`UNIT#<id>`), the counties' reports (`REPORT#<region>`) and the objection
 * receipt counters (`RECEIPTS#<yyyymmdd>`). Export jobs share the partition (export-job.ts).
 */
import * as z from 'zod/mini';
import { CATEGORY_ID, type Campaign, type Category } from '#shared/campaign';
import type { Audited } from '../records.ts';
import { auditedShape, itemParser, type Key, keyShape, type StoredRecord, time } from './item.ts';

const partition = (campaignId: string) => `CAMPAIGN#${campaignId}`;

export const campaignKey = (campaignId: string): Key => ({ pk: partition(campaignId), sk: 'CAMPAIGN' });
export const campaignChain = (campaignId: string) => `CAMPAIGN#${campaignId}`;
/** GSI1: every campaign (for jobs that visit them all). */
export const ALL_CAMPAIGNS = 'CAMPAIGNS';
export const campaignListed = (campaignId: string) => ({ gsi1pk: ALL_CAMPAIGNS, gsi1sk: campaignId });
/** A campaign's id as its GSI1 listing holds it. */
export const campaignIdListed = itemParser<{ gsi1sk: string }>(
  'campaign listing',
  z.looseObject({ gsi1sk: z.string() }),
);
/** The whole partition, for a query of `pk = :pk`. */
export const campaignPartition = partition;

/** A campaign as stored: its definition (checked by #shared/campaign when it was written). */
export interface CampaignItem extends Audited {
  type: 'campaign';
  campaign: Campaign;
}
const campaignSchema = z.looseObject({
  ...auditedShape,
  type: z.literal('campaign'),
  campaign: z.looseObject({
    id: z.string(),
    regions: z.array(
      z.looseObject({ id: z.string(), name: z.string(), quotas: z.record(z.string(), z.number()) }),
    ),
    // the notice it runs: its categories and steps are read everywhere (shared/definition)
    definition: z.looseObject({
      categories: z.array(z.looseObject({ id: z.string(), kind: z.string() })),
      steps: z.looseObject({}),
    }),
  }),
});
export const parseCampaign = itemParser<CampaignItem>('campaign', campaignSchema);
export const campaignRecord = (campaignId: string): StoredRecord<CampaignItem> => ({
  key: campaignKey(campaignId),
  chain: campaignChain(campaignId),
  parse: parseCampaign,
});

/** What a campaign's level names are made of (its definition's words; see shared/levels). */
const levelWords = z.looseObject({
  regionTerm: z.string(),
  office: z.string(),
  regionShort: z.optional(z.string()),
  officeShort: z.optional(z.string()),
  officeLevel: z.optional(z.string()),
});

/** A campaign's id, title and level words only (a projection, for the list of an account's campaigns). */
export const parseCampaignTitle = itemParser<{
  campaign: { id: string; title: string; definition: z.infer<typeof levelWords> };
}>(
  'campaign title',
  z.looseObject({ campaign: z.looseObject({ id: z.string(), title: z.string(), definition: levelWords }) }),
);

/** A quota counter: places of a region and category, and how many nominations hold one. Not audited (checked against the nominations). */
export const quotaKey = (campaignId: string, regionId: string, category: Category): Key => ({
  pk: partition(campaignId),
  sk: `QUOTA#${regionId}#${category}`,
});
/** The sort-key prefix of the counters, all of them or one region's. */
export const quotaPrefix = (regionId?: string) => (regionId ? `QUOTA#${regionId}#` : 'QUOTA#');
/** The name a broken counter is reported under by the verifier. */
export const quotaLabel = (regionId: string, category: string) => `QUOTA#${regionId}#${category}`;
export interface QuotaItem extends Key {
  type: 'quota';
  regionId: string;
  category: Category;
  quota: number;
  used: number;
}
export const parseQuota = itemParser<QuotaItem>(
  'quota counter',
  z.looseObject({
    ...keyShape,
    type: z.literal('quota'),
    regionId: z.string(),
    category: z.string().check(z.regex(CATEGORY_ID)),
    quota: z.number(),
    used: z.number(),
  }),
);

/** A member unit (推荐单位) of a region. */
export interface UnitItem extends Key {
  type: 'unit';
  unitId: string;
  campaignId: string;
  regionId: string;
  name: string;
}
export const unitKey = (campaignId: string, unitId: string): Key => ({
  pk: partition(campaignId),
  sk: `UNIT#${unitId}`,
});
export const unitChain = (unitId: string) => `UNIT#${unitId}`;
export const parseUnit = itemParser<UnitItem & Audited>(
  'unit',
  z.looseObject({
    ...auditedShape,
    type: z.literal('unit'),
    unitId: z.string(),
    campaignId: z.string(),
    regionId: z.string(),
    name: z.string(),
  }),
);

/** A county's 审核推荐工作报告, rewritten in place; its chain is named across campaigns. */
export interface CountyReport {
  organisation: string;
  process: string;
  opinions: string;
  publicity: string;
  recommendation: string;
  /** The reviewing organisation that signs the report (审核机关); the region's name when unset. */
  signedBy?: string;
}
export const reportKey = (campaignId: string, regionId: string): Key => ({
  pk: partition(campaignId),
  sk: `REPORT#${regionId}`,
});
export const reportChain = (campaignId: string, regionId: string) => `REPORT#${campaignId}.${regionId}`;
export interface ReportItem extends Audited {
  type: 'report';
  regionId: string;
  report: CountyReport & { updatedAt: string };
}
export const parseReport = itemParser<ReportItem>(
  'county report',
  z.looseObject({
    ...auditedShape,
    type: z.literal('report'),
    regionId: z.string(),
    report: z.looseObject({
      organisation: z.string(),
      process: z.string(),
      opinions: z.string(),
      publicity: z.string(),
      recommendation: z.string(),
      signedBy: z.optional(z.string()),
      updatedAt: time,
    }),
  }),
);
export const reportRecord = (campaignId: string, regionId: string): StoredRecord<ReportItem> => ({
  key: reportKey(campaignId, regionId),
  chain: reportChain(campaignId, regionId),
  parse: parseReport,
});

/** The objection receipts issued on one day (China time, `yyyymmdd`): an atomic counter. */
export const receiptCounterKey = (campaignId: string, day: string): Key => ({
  pk: partition(campaignId),
  sk: `RECEIPTS#${day}`,
});
export const parseReceiptCounter = itemParser<{ issued: number }>(
  'receipt counter',
  z.looseObject({ issued: z.number() }),
);
