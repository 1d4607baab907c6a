/**
 * A share counter (`SHARE#<category>#<tag>` in the campaign's partition): one per share rule of
 * the campaign's definition (#shared/share-rules), created with the quota counters. `quota` is
 * the most places the regions without the tag may hold together, `used` how many they hold; a
 * recommendation from such a region takes one in the same transaction as its region's quota
 * (`used < quota`), and every step that frees the region's place frees this one too. A campaign
 * without share rules has none. Not audited (like the quota counters).
 */
import * as z from 'zod/mini';
import { CATEGORY_ID, type Category } from '#shared/campaign';
import type { ShareLimit } from '#shared/share-rules';
import { campaignPartition } from './campaign.ts';
import { itemParser, type Key, keyShape } from './item.ts';

export const shareKey = (campaignId: string, category: Category, tag: string): Key => ({
  pk: campaignPartition(campaignId),
  sk: `SHARE#${category}#${tag}`,
});
/** The sort-key prefix of a campaign's share counters. */
export const sharePrefix = () => 'SHARE#';
/** The name a broken counter is reported under by the verifier. */
export const shareLabel = (category: string, tag: string) => `SHARE#${category}#${tag}`;

export interface ShareItem extends Key {
  type: 'share';
  category: Category;
  tag: string;
  /** The rule as the notice words it (for the refusal and the reviewers' pages). */
  text: string;
  /** The most places the regions without the tag may hold together. */
  quota: number;
  used: number;
}

/** A new counter of one rule of campaign `campaignId`, nothing used. */
export const newShareCounter = (campaignId: string, s: ShareLimit): ShareItem => ({
  ...shareKey(campaignId, s.rule.category, s.rule.tag),
  type: 'share',
  category: s.rule.category,
  tag: s.rule.tag,
  text: s.rule.text,
  quota: s.limit,
  used: 0,
});

export const parseShare = itemParser<ShareItem>(
  'share counter',
  z.looseObject({
    ...keyShape,
    type: z.literal('share'),
    category: z.string().check(z.regex(CATEGORY_ID)),
    tag: z.string(),
    text: z.string(),
    quota: z.number(),
    used: z.number(),
  }),
);
