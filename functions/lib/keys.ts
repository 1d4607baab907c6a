/**
 * Key builders of the single table, one per entity. The access patterns they serve are listed
 * in the README. GSI1 lists a unit's nominations; GSI2 lists a campaign's nominations by region
 * and status.
 */
import type { Category } from '#shared/campaign';

export interface Key {
  pk: string;
  sk: string;
}

export const campaignKey = (campaignId: string): Key => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' });

export const quotaKey = (campaignId: string, regionId: string, category: Category): Key => ({
  pk: `CAMPAIGN#${campaignId}`,
  sk: `QUOTA#${regionId}#${category}`,
});

export const unitKey = (campaignId: string, unitId: string): Key => ({
  pk: `CAMPAIGN#${campaignId}`,
  sk: `UNIT#${unitId}`,
});

/** The deployment-wide holiday calendar (the State Council notices), one item for every campaign. */
export const holidayCalendarKey: Key = { pk: 'HOLIDAYS', sk: 'HOLIDAYS' };
export const HOLIDAY_CALENDAR_CHAIN = 'HOLIDAYS#deployment';

export const accountKey = (accountId: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });

/** An access code's hash points at its account; the code itself is never stored. */
export const accessCodeKey = (codeHash: string): Key => ({ pk: `CODE#${codeHash}`, sk: 'CODE' });

export const nominationKey = (id: string): Key => ({ pk: `NOM#${id}`, sk: 'NOM' });

export const photoKey = (nominationId: string, photoId: string): Key => ({
  pk: `NOM#${nominationId}`,
  sk: `PHOTO#${photoId}`,
});

/** GSI1: a unit's live nominations, oldest first. Discarded drafts move to a partition of their own. */
export const nominationByUnit = (unitId: string, id: string, discarded: boolean) => ({
  gsi1pk: discarded ? `UNIT#${unitId}#DISCARDED` : `UNIT#${unitId}`,
  gsi1sk: `NOM#${id}`,
});

/** GSI2: a campaign's nominations, by region, then status. */
export const nominationByRegion = (campaignId: string, regionId: string, status: string, id: string) => ({
  gsi2pk: `CAMPAIGN#${campaignId}#NOM`,
  gsi2sk: `${regionId}#${status}#${id}`,
});

/** An audit chain's events live in their own partition, so IAM can keep writers from rewriting them. */
export const auditEventKey = (chain: string, seq: number): Key => ({
  pk: `AUDIT#${chain}`,
  sk: `EVENT#${String(seq).padStart(10, '0')}`,
});

/** GSI1 on events: the campaign's whole history in time order. */
export const auditByCampaign = (campaignId: string, at: string, chain: string, seq: number) => ({
  gsi1pk: `AUDITLOG#${campaignId}`,
  gsi1sk: `${at}#${chain}#${String(seq).padStart(10, '0')}`,
});

/** A fixed-window counter of failed logins. */
export const rateKey = (scope: string, windowStart: number): Key => ({
  pk: `RATE#${scope}`,
  sk: `W#${windowStart}`,
});

/** GSI1: a campaign's accounts (for the city office's list and for audit verification). */
export const accountsOfCampaign = (campaignId: string, accountId: string) => ({
  gsi1pk: `CAMPAIGN#${campaignId}#ACCOUNTS`,
  gsi1sk: accountId,
});

/** The record an audit chain belongs to: chains are named after their record. */
export function recordKeyOfChain(chain: string, campaignId: string): Key | null {
  const [kind, id] = chain.split('#') as [string, string | undefined];
  if (!id) return null;
  switch (kind) {
    case 'NOM':
      return nominationKey(id);
    case 'ACCOUNT':
      return accountKey(id);
    case 'UNIT':
      return unitKey(campaignId, id);
    case 'CAMPAIGN':
      return campaignKey(id);
    case 'REPORT':
      // REPORT#<campaign>.<region>
      return { pk: `CAMPAIGN#${campaignId}`, sk: `REPORT#${id.split('.')[1]}` };
    case 'EXPORT':
      return { pk: `CAMPAIGN#${campaignId}`, sk: `EXPORT#${id}` };
    case 'HOLIDAYS':
      return holidayCalendarKey;
    case 'READS':
    case 'ANCHOR':
      return { pk: `LOG#${chain}`, sk: 'HEAD' };
    default:
      return null;
  }
}
