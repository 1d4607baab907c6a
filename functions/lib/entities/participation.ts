/**
 * An account's part in a campaign other than the one it was created in: `ACCOUNT#<id>` /
 * `CAMPAIGN#<campaignId>`, beside the account item, holding the account's role and place (region,
 * unit) in THAT campaign's regions; listed on GSI1 under the campaign's participants. The account
 * item itself still names the campaign it was created in (its `campaignId`, role and place): that
 * is its first participation, so accounts written before campaigns ran side by side need no
 * migration. A participation is written only with an event on the account's own chain
 * (`account.joined`), so the account's history says in which campaigns it takes part.
 *
 * Beside them, the campaign the account chose last (`ACCOUNT#<id>` / `CHOSEN`): a preference, not
 * a permission (every request is checked against the participations), so not audited.
 */
import * as z from 'zod/mini';
import { ROLES, type Role } from '#shared/roles';
import { itemParser, type Key, keyShape, time } from './item.ts';

const PARTICIPATION = 'CAMPAIGN#';

export const participationKey = (accountId: string, campaignId: string): Key => ({
  pk: `ACCOUNT#${accountId}`,
  sk: `${PARTICIPATION}${campaignId}`,
});
/** The sort-key prefix of an account's participations, for `begins_with`. */
export const participationPrefix = PARTICIPATION;
/**
 * GSI1: the accounts that joined a campaign after they were created elsewhere. Apart from the
 * campaign's own accounts (campaignAccounts), whose items carry their audit heads: the history
 * of a joined account is verified through the campaign's event log (its `account.joined`).
 */
export const campaignParticipants = (campaignId: string) => `CAMPAIGN#${campaignId}#PARTICIPANTS`;
export const participantListed = (campaignId: string, accountId: string) => ({
  gsi1pk: campaignParticipants(campaignId),
  gsi1sk: accountId,
});

/** An account's role and place in one campaign. */
export interface Participation {
  campaignId: string;
  role: Role;
  regionId?: string;
  unitId?: string;
}

/** A participation as stored. */
export interface ParticipationItem extends Key, Participation {
  type: 'participation';
  accountId: string;
  joinedAt: string;
}
export const parseParticipation = itemParser<ParticipationItem>(
  'participation',
  z.looseObject({
    ...keyShape,
    type: z.literal('participation'),
    accountId: z.string(),
    campaignId: z.string(),
    role: z.enum(ROLES),
    regionId: z.optional(z.string()),
    unitId: z.optional(z.string()),
    joinedAt: time,
  }),
);

/** The account's last chosen campaign. */
export const chosenCampaignKey = (accountId: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: 'CHOSEN' });
export const parseChosenCampaign = itemParser<Key & { campaignId: string }>(
  'chosen campaign',
  z.looseObject({ ...keyShape, campaignId: z.string() }),
);
