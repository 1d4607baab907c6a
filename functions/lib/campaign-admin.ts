/**
 * The city office starts campaigns: from a definition file (checked whole: a bad file changes
 * nothing and says which line and field), or by copying an earlier campaign it runs, with a new
 * title, 文号 or deadlines. The office takes part in the new campaign as its city office; a copy
 * carries over the earlier campaign's participants (the same organisations, in the same regions).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Campaign } from '#shared/campaign';
import { addDays } from '#shared/dates';
import {
  campaignFromDefinition,
  DefinitionNotRunnableError,
  runnableProblems,
  unitDeadline,
} from '#shared/definition/campaign';
import { errorText, parseDefinition } from '#shared/definition/load';
import type { CampaignDefinition } from '#shared/definition/schema';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { Principal } from '#shared/roles';
import { joinCampaign, participantsOf, placeIn } from './account-admin.ts';
import { createCampaign, getCampaign, rememberCampaign } from './campaigns.ts';
import { db, tableName } from './db.ts';
import { campaignNominations, campaignRecord } from './keys.ts';
import { type ChangeContext, changeRecord } from './records.ts';

/** What the city office may change on a copy before units start. */
export interface CopyEdits {
  title?: string;
  docNumber?: string;
  deadlines?: { unitToCounty?: string; countyToCity?: string };
}

/** The definition a file holds, or a 400 naming the line and field of each problem (the first ten). */
export function definitionOf(text: string): CampaignDefinition {
  const result = parseDefinition(text);
  if (!result.ok) {
    const shown = result.errors.slice(0, 10).map(errorText);
    const more =
      result.errors.length > shown.length ? `；另有 ${result.errors.length - shown.length} 处` : '';
    throw new ValidationError(
      `评选定义文件有误：${shown.join('；')}${more}`,
      'definition',
      'definition_invalid',
    );
  }
  const problems = runnableProblems(result.definition);
  if (problems.length)
    throw new ValidationError(
      new DefinitionNotRunnableError(problems).message,
      'definition',
      'definition_not_runnable',
    );
  return result.definition;
}

/** The campaign with its notice edited: the definition and what today's Campaign reads of it. */
function withNotice(c: Campaign, edits: CopyEdits): Campaign {
  const d = editedDefinition(c.definition, edits);
  return {
    ...c,
    title: d.title,
    docNumber: d.docNumber,
    deadlines: {
      unitToCounty: d.deadlines.unitToMiddle ?? unitDeadline(d),
      countyToCity: d.deadlines.middleToTop,
    },
    definition: d,
  };
}

/** Whether any unit has started: a nomination of the campaign exists (in any state). */
async function unitsStarted(campaignId: string): Promise<boolean> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': campaignNominations(campaignId) },
      Limit: 1,
    }),
  );
  return (out.Items?.length ?? 0) > 0;
}

/**
 * The city office changes its campaign's title, 文号 or deadlines (a copy's, typically) before
 * units start; once a nomination exists, a deadline can only be extended (the settings' extensions).
 */
export async function editNotice(principal: Principal, edits: CopyEdits, ctx: ChangeContext) {
  if (await unitsStarted(principal.campaignId))
    throw new ConflictError(
      '已有单位开始填报，不能再修改活动名称、文号和截止日期（截止日期可延期）',
      'units_started',
    );
  const item = await changeRecord(
    campaignRecord(principal.campaignId),
    ctx,
    () => new NotFoundError('评选活动不存在'),
    (current) => {
      const next = withNotice(current.campaign, edits);
      const fields = ['title', 'docNumber', 'deadlines'] as const;
      return {
        action: 'campaign.notice_changed',
        campaignId: principal.campaignId,
        next: { ...current, campaign: next },
        changes: fields
          .filter((f) => JSON.stringify(current.campaign[f]) !== JSON.stringify(next[f]))
          .map((f) => ({ field: f, before: current.campaign[f], after: next[f] })),
      };
    },
  );
  rememberCampaign(item.campaign);
  return item.campaign;
}

/** The earlier definition with the copy's edits: deadlines are the notice's own (the units' one a week earlier unless given). */
export function editedDefinition(d: CampaignDefinition, edits: CopyEdits): CampaignDefinition {
  const middleToTop = edits.deadlines?.countyToCity ?? d.deadlines.middleToTop;
  const unitToMiddle =
    edits.deadlines?.unitToCounty ??
    (edits.deadlines?.countyToCity ? addDays(middleToTop, -7) : unitDeadline(d));
  if (unitToMiddle > middleToTop)
    throw new ValidationError('推荐单位的截止日期不能晚于县区报送的截止日期', 'deadlines.unitToCounty');
  return {
    ...d,
    ...(edits.title ? { title: edits.title } : {}),
    ...(edits.docNumber ? { docNumber: edits.docNumber } : {}),
    deadlines: { unitToMiddle, middleToTop },
  };
}

/** A new campaign from a definition file; the city office takes part in it as its city office. */
export async function campaignFromFile(principal: Principal, text: string, ctx: ChangeContext) {
  const campaign = campaignFromDefinition(definitionOf(text), ulid());
  await createCampaign(campaign, ctx);
  await joinCampaign(principal.accountId, { campaignId: campaign.id, role: 'city' }, campaign, ctx);
  return { campaign, participants: 1 };
}

/**
 * A copy of the campaign the caller works in (a token acts in one campaign: any other is not
 * found, whether it exists or not), edited; every account taking part in it (not revoked) takes
 * part in the copy with the same role and region, a unit as a new member unit there.
 */
export async function copyCampaign(
  principal: Principal,
  sourceId: string,
  edits: CopyEdits,
  ctx: ChangeContext,
) {
  if (sourceId !== principal.campaignId) throw new NotFoundError('评选活动不存在', 'copyOf');
  const source = await getCampaign(sourceId, { fresh: true });
  const definition = editedDefinition(source.definition, edits);
  const datesKept = !edits.deadlines;
  const campaign: Campaign = campaignFromDefinition(definition, ulid(), {
    ...(source.noticeDate ? { noticeDate: source.noticeDate } : {}),
    // the earlier campaign's end, unless the deadlines moved (then half a year after the new one)
    ...(datesKept ? { endsAt: source.endsAt } : {}),
  });
  await createCampaign(campaign, ctx);
  let participants = 0;
  for (const { account, part } of await participantsOf(source.id)) {
    if (account.revokedAt) continue;
    await joinCampaign(account.accountId, await placeIn(campaign, part, account.name, ctx), campaign, ctx);
    participants++;
  }
  return { campaign, participants };
}
