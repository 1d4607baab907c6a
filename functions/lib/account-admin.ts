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
  createAccount,
  hashAccessCode,
  newAccessCode,
  sessionEpochOf,
} from './accounts.ts';
import { createUnit, getCampaign } from './campaigns.ts';
import { queryAll, tableName } from './db.ts';
import { accessCodeKey, accountRecord, campaignAccounts, parseAccount } from './keys.ts';
import { type ChangeContext, type ChangePlan, changeRecord } from './records.ts';

/** An account as the city office sees it: never its code or the code's hash. */
export function accountView(a: AccountItem) {
  const { codeHash: _h, pk: _pk, sk: _sk, ...rest } = a as AccountItem & { gsi1pk?: string; gsi1sk?: string };
  const {
    gsi1pk: _g1,
    gsi1sk: _g2,
    auditSeq: _s,
    auditHead: _hd,
    ...view
  } = rest as typeof rest & Record<string, unknown>;
  return view;
}

export async function listAccounts(campaignId: string) {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': campaignAccounts(campaignId) },
  });
  return items.map(parseAccount).map(accountView);
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

/** Change an account of the city office's own campaign (any other is not found) with its event. */
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
    (current) => {
      if (current.campaignId !== principal.campaignId) throw new NotFoundError('账号不存在');
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
      campaignId: current.campaignId,
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
      campaignId: current.campaignId,
      next: { ...current, revokedAt: ctx.now, sessionEpoch: ended.sessionEpoch },
      changes: [{ field: 'revokedAt', before: null, after: ctx.now }, ended.change],
      with: [{ Delete: { TableName: tableName(), Key: accessCodeKey(current.codeHash) } }],
    };
  });
  return { account: accountView(account) };
}
