/** Audit chains are named after their record: from a chain's name to its record, and back. */
import { accountKey } from './account.ts';
import { campaignChain, campaignKey, reportChain, reportKey, unitChain, unitKey } from './campaign.ts';
import { exportChain, exportJobKey } from './export-job.ts';
import { holidayCalendarKey } from './holiday-calendar.ts';
import type { Key } from './item.ts';
import { logHeadKey } from './log.ts';
import { nominationKey } from './nomination.ts';

/** The record an audit chain belongs to (null for a chain no record carries). */
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
      return reportKey(campaignId, id.split('.')[1] ?? '');
    case 'EXPORT':
      return exportJobKey(campaignId, id);
    case 'HOLIDAYS':
      return holidayCalendarKey;
    case 'READS':
    case 'ANCHOR':
      return logHeadKey(chain);
    default:
      return null;
  }
}

/** The chain a record of the campaign's partition carries, or null for items with none (counters). */
export function partitionChain(campaignId: string, item: Record<string, unknown>): string | null {
  switch (item.type) {
    case 'campaign':
      return campaignChain(campaignId);
    case 'unit':
      return unitChain(String(item.unitId));
    case 'report':
      return reportChain(campaignId, String(item.regionId));
    case 'export':
      return exportChain(String(item.exportId));
    default:
      return null;
  }
}
