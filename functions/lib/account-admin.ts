/**
 * The city office's account administration: units, county reviewers and auditors get access
 * codes (each shown once), which can be reissued or revoked. Every change is on the account's
 * own audit chain; a code's pointer is a credential, removed when the code is replaced.
 */
import { ulid } from 'ulid';
import type { Campaign } from '#shared/campaign';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { Principal, Role } from '#shared/roles';
import { type ListRow, parseUnitList } from '#shared/unit-list';
import {
  type AccountItem,
  accountsById,
  asParticipation,
  createAccount,
  hashAccessCode,
  homeParticipation,
  newAccessCode,
  participationIn,
  sessionEpochOf,
} from './accounts.ts';
import { createUnit, getCampaign } from './campaigns.ts';
import { queryAll, tableName } from './db.ts';
import {
  accessCodeKey,
  accountRecord,
  campaignAccounts,
  campaignParticipants,
  type Participation,
  parseAccount,
  parseParticipation,
  participantListed,
  participationKey,
} from './keys.ts';
import { type ChangeContext, type ChangePlan, changeRecord } from './records.ts';

/**
 * An account as the city office sees it, with its role and place in the campaign it is seen
 * in (by default the one it was created in): never its code or the code's hash.
 */
export function accountView(a: AccountItem, part: Participation = homeParticipation(a)) {
  const { codeHash: _h, pk: _pk, sk: _sk, ...rest } = a as AccountItem & { gsi1pk?: string; gsi1sk?: string };
  const {
    gsi1pk: _g1,
    gsi1sk: _g2,
    auditSeq: _s,
    auditHead: _hd,
    regionId: _r,
    unitId: _u,
    ...view
  } = rest as typeof rest & Record<string, unknown>;
  return { ...view, ...part };
}

const listedUnder = (gsi1pk: string) =>
  queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': gsi1pk },
  });

/** The campaign's accounts: those created in it, then those that joined it, each as it is in this campaign. */
export async function listAccounts(campaignId: string) {
  return (await participantsOf(campaignId)).map(({ account, part }) => accountView(account, part));
}

function regionOf(campaign: Campaign, regionId: string | undefined): string {
  const region = campaign.regions.find((r) => r.id === regionId);
  if (!region) throw new ValidationError('请选择所属地区', 'regionId');
  return region.id;
}

/** Create an account (for a unit: the unit too) and return its code, this once. */
export async function issueAccount(
  principal: Principal,
  spec: { role: Exclude<Role, 'city'> | 'city'; name: string; regionId?: string },
  ctx: ChangeContext,
) {
  const campaign = await getCampaign(principal.campaignId);
  const base = { campaignId: campaign.id, name: spec.name, expiresAt: campaign.endsAt };
  if (spec.role === 'unit') {
    const regionId = regionOf(campaign, spec.regionId);
    const unitId = ulid();
    await createUnit({ unitId, campaignId: campaign.id, regionId, name: spec.name }, ctx);
    const { account, code } = await createAccount({ ...base, role: 'unit', regionId, unitId }, ctx);
    return { account: accountView(account), code };
  }
  const regionId = spec.role === 'county' ? regionOf(campaign, spec.regionId) : undefined;
  const { account, code } = await createAccount(
    { ...base, role: spec.role, ...(regionId ? { regionId } : {}) },
    ctx,
  );
  return { account: accountView(account), code };
}

/**
 * Units from a list of "地区, 单位名称" rows (CSV, or an .xlsx file's first worksheet): checked
 * whole by parseUnitList first, so one bad line refuses the list and nothing is half-imported.
 */
export async function importUnits(principal: Principal, rows: ListRow[], ctx: ChangeContext) {
  const campaign = await getCampaign(principal.campaignId);
  const units = parseUnitList(rows, campaign.regions);
  const issued = [];
  for (const u of units) {
    issued.push(await issueAccount(principal, { role: 'unit', name: u.name, regionId: u.regionId }, ctx));
  }
  return issued;
}

/**
 * Change an account taking part in the city office's campaign (any other is not found) with its
 * event. The account is one across campaigns: a revoked or reissued code ends its sessions in all.
 */
function changeAccount(
  principal: Principal,
  accountId: string,
  ctx: ChangeContext,
  plan: (current: AccountItem) => ChangePlan<AccountItem>,
) {
  return changeRecord(
    accountRecord(accountId),
    ctx,
    () => new NotFoundError('账号不存在'),
    async (current) => {
      if (!(await participationIn(current, principal.campaignId))) throw new NotFoundError('账号不存在');
      return plan(current);
    },
  );
}

/** The next session epoch: every token signed before it is refused from the next request on. */
function endSessions(current: AccountItem) {
  const before = sessionEpochOf(current);
  return {
    sessionEpoch: before + 1,
    change: { field: 'sessionEpoch', before, after: before + 1 },
  };
}

/**
 * Replace an account's code: the old one stops working at once, and so does every session signed
 * before (a revoked account is live again, but only with the new code); the new one is shown once.
 */
export async function reissueCode(principal: Principal, accountId: string, ctx: ChangeContext) {
  const code = newAccessCode();
  const codeHash = hashAccessCode(code);
  const account = await changeAccount(principal, accountId, ctx, (current) => {
    if (current.role === 'city' && current.accountId === principal.accountId) {
      throw new ConflictError('不能重置自己正在使用的登录码', 'own_code');
    }
    const { revokedAt: _r, ...rest } = current;
    const ended = endSessions(current);
    return {
      action: 'account.code_reissued',
      campaignId: principal.campaignId,
      next: { ...rest, codeHash, sessionEpoch: ended.sessionEpoch },
      changes: [{ field: 'code', before: '(旧登录码)', after: '(新登录码，已签发)' }, ended.change],
      with: [
        { Delete: { TableName: tableName(), Key: accessCodeKey(current.codeHash) } },
        {
          Put: {
            TableName: tableName(),
            Item: { ...accessCodeKey(codeHash), type: 'code', accountId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    };
  });
  return { account: accountView(account), code };
}

/** Revoke an account: its code stops working and its tokens are refused from the next request. */
export async function revokeAccount(principal: Principal, accountId: string, ctx: ChangeContext) {
  const account = await changeAccount(principal, accountId, ctx, (current) => {
    if (current.accountId === principal.accountId)
      throw new ConflictError('不能停用自己正在使用的账号', 'own_account');
    if (current.revokedAt) throw new ConflictError('账号已停用', 'already_revoked');
    const ended = endSessions(current);
    return {
      action: 'account.revoked',
      campaignId: principal.campaignId,
      next: { ...current, revokedAt: ctx.now, sessionEpoch: ended.sessionEpoch },
      changes: [{ field: 'revokedAt', before: null, after: ctx.now }, ended.change],
      with: [{ Delete: { TableName: tableName(), Key: accessCodeKey(current.codeHash) } }],
    };
  });
  return { account: accountView(account) };
}

/**
 * The account takes part in another campaign too, as `part` says (its role and place in that
 * campaign's regions): one participation item, written with the `account.joined` event on the
 * account's chain (in the campaign joined, so that campaign's history lists it). The account
 * lives at least as long as the campaign it joins.
 */
export async function joinCampaign(
  accountId: string,
  part: Participation,
  campaign: Pick<Campaign, 'id' | 'endsAt'>,
  ctx: ChangeContext,
): Promise<void> {
  await changeRecord(
    accountRecord(accountId),
    ctx,
    () => new NotFoundError('账号不存在'),
    (current) => {
      if (current.campaignId === campaign.id) throw alreadyTakesPart();
      // ISO times in UTC compare as text
      const expiresAt = [current.expiresAt, campaign.endsAt].sort()[1] as string;
      const { campaignId: _c, ...place } = part;
      return {
        action: 'account.joined',
        campaignId: campaign.id,
        next: { ...current, expiresAt },
        changes: [
          { field: 'campaign', before: null, after: { id: campaign.id, ...place } },
          ...(expiresAt !== current.expiresAt
            ? [{ field: 'expiresAt', before: current.expiresAt, after: expiresAt }]
            : []),
        ],
        with: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...participationKey(accountId, campaign.id),
                ...participantListed(campaign.id, accountId),
                type: 'participation',
                accountId,
                ...part,
                campaignId: campaign.id,
                joinedAt: ctx.now,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        onConflict: () => alreadyTakesPart(),
      };
    },
  );
}

const alreadyTakesPart = () => new ConflictError('该账号已参加此评选活动', 'already_participating');

/**
 * The city office adds an account of its campaign to another campaign it runs (where it is the
 * city office too), with the same role; a unit or county keeps its region, which must be one of
 * that campaign's (a unit becomes a member unit there, under its own name). Any other campaign is
 * not found, whether it exists or not.
 */
export async function addToCampaign(
  principal: Principal,
  accountId: string,
  campaignId: string,
  ctx: ChangeContext,
) {
  const [mine, theirs] = await Promise.all([
    accountsById([principal.accountId]).then((m) => m.get(principal.accountId)),
    accountsById([accountId]).then((m) => m.get(accountId)),
  ]);
  const here = theirs && (await participationIn(theirs, principal.campaignId));
  if (!theirs || !here) throw new NotFoundError('账号不存在');
  const runs = mine && (await participationIn(mine, campaignId));
  if (runs?.role !== 'city') throw new NotFoundError('评选活动不存在', 'campaignId');
  if (theirs.revokedAt) throw new ConflictError('账号已停用', 'already_revoked');
  // refused before a unit is made for it in that campaign
  if (await participationIn(theirs, campaignId)) throw alreadyTakesPart();
  const target = await getCampaign(campaignId, { fresh: true });
  const part = await placeIn(target, here, theirs.name, ctx);
  await joinCampaign(accountId, part, target, ctx);
  return { account: accountView((await accountsById([accountId])).get(accountId) ?? theirs, part) };
}

/**
 * The same role and place in another campaign: the region by its id (refused when that campaign
 * has none of that id); for a unit, a new member unit of that campaign under `name`.
 */
export async function placeIn(
  campaign: Campaign,
  from: Participation,
  name: string,
  ctx: ChangeContext,
): Promise<Participation> {
  const part: Participation = { campaignId: campaign.id, role: from.role };
  if (from.regionId) {
    if (!campaign.regions.some((r) => r.id === from.regionId))
      throw new ValidationError('目标评选活动中没有该账号所属的地区', 'regionId');
    part.regionId = from.regionId;
  }
  if (from.role === 'unit' && from.regionId) {
    part.unitId = ulid();
    await createUnit({ unitId: part.unitId, campaignId: campaign.id, regionId: from.regionId, name }, ctx);
  }
  return part;
}

/** Every account taking part in a campaign, with its place there (the list, and a copy's participants). */
export async function participantsOf(campaignId: string) {
  const [own, joined] = await Promise.all([
    listedUnder(campaignAccounts(campaignId)).then((items) => items.map(parseAccount)),
    listedUnder(campaignParticipants(campaignId)).then((items) => items.map(parseParticipation)),
  ]);
  const accounts = await accountsById(joined.map((p) => p.accountId));
  return [
    ...own.map((account) => ({ account, part: homeParticipation(account) })),
    ...joined.flatMap((p) => {
      const account = accounts.get(p.accountId);
      return account ? [{ account, part: asParticipation(p) }] : [];
    }),
  ];
}
