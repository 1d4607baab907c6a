/**
 * Sessions of accounts that take part in several campaigns: a token acts in ONE campaign (so every
 * handler authorizes with `principal.campaignId` alone); a login opens the campaign the account
 * worked on last, and the account exchanges its token for one of another campaign it takes part in.
 * The session epoch is the account's, not a campaign's: revoking or reissuing ends them all.
 */
import { NotFoundError } from '#shared/errors';
import { roleLabelIn } from '#shared/role-labels';
import type { Principal, Role } from '#shared/roles';
import {
  type AccountItem,
  getAccount,
  isActive,
  openingCampaign,
  participationIn,
  participationsOf,
  principalOf,
  rememberChoice,
  sessionEpochOf,
} from './accounts.ts';
import { realNow } from './clock.ts';
import { getAll } from './db.ts';
import { campaignKey, type Participation, parseCampaignTitle } from './keys.ts';
import { signToken } from './tokens.ts';

/** A campaign the account may choose, with its role there and that role's name in the campaign's words. */
export interface CampaignChoice {
  id: string;
  title: string;
  role: Role;
  /** 县（区）审核 / 学校（学区）审核, 市评选办 / 县教体局: what the header calls the role. */
  roleLabel: string;
}

/** The titles and level words of these campaigns (nothing else); campaigns not found are left out. */
async function titles(campaignIds: readonly string[]) {
  const items = await getAll(campaignIds.map(campaignKey), {
    // `definition` is a reserved word in DynamoDB expressions: named like `campaign`
    expression:
      '#c.id, #c.title, #c.#d.regionTerm, #c.#d.office, #c.#d.regionShort, #c.#d.officeShort, #c.#d.officeLevel',
    names: { '#c': 'campaign', '#d': 'definition' },
  });
  return new Map(items.map(parseCampaignTitle).map(({ campaign }) => [campaign.id, campaign]));
}

/** Every campaign the account takes part in, with its title and the account's role there. */
export async function campaignChoices(parts: readonly Participation[]): Promise<CampaignChoice[]> {
  const named = await titles(parts.map((p) => p.campaignId));
  return parts.flatMap((p) => {
    const c = named.get(p.campaignId);
    return c === undefined
      ? []
      : [{ id: p.campaignId, title: c.title, role: p.role, roleLabel: roleLabelIn(p.role, c.definition) }];
  });
}

/** A token for the account in one campaign, on the real clock (a session's lifetime, see #lib/clock). */
async function sessionIn(account: AccountItem, part: Participation) {
  const { token, expiresAt } = await signToken(
    account.accountId,
    part.role,
    sessionEpochOf(account),
    account.expiresAt,
    realNow(),
    part.campaignId,
  );
  return { token, expiresAt, principal: principalOf(account, part) };
}

/** What a login answers: a token for the campaign the account worked on last, and every campaign it may choose. */
export async function openSession(account: AccountItem) {
  const parts = await participationsOf(account);
  const [opening, campaigns] = await Promise.all([openingCampaign(account, parts), campaignChoices(parts)]);
  return { ...(await sessionIn(account, opening)), campaigns };
}

/**
 * Exchange the caller's token for one of another campaign the account takes part in, and remember
 * the choice for the next login. A campaign it takes no part in is not found, whether it exists or not.
 */
export async function switchCampaign(principal: Principal, campaignId: string, now: Date) {
  const account = await getAccount(principal.accountId);
  // authenticated a moment ago; revoked in between is refused as any later request would be
  const part = isActive(account, now) ? await participationIn(account, campaignId) : undefined;
  if (!account || !part) throw new NotFoundError('您未参加此评选活动', 'campaignId');
  await rememberChoice(account.accountId, campaignId);
  return sessionIn(account, part);
}
