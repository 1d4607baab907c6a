/**
 * The city publicity, in rounds. A nominee who passes the vote after a round started (a second
 * meeting, a nomination returned and reviewed again) goes into the next round instead of staying
 * at 评审通过 for ever. Each round:
 *
 * - publishes every nominee at 评审通过 not yet published (by score, highest first, when the
 *   notice ranks by score: inVoteOrder), for 5 working days of its own
 *   (the campaign's calendar), each nominee recording its round (`cityPublicity`);
 * - is previewed first (`dryRun`): who goes in, which regions have not reported (no nominee sent
 *   to the city yet, or recommended ones not yet sent), which nominees still await a vote;
 * - is listed on the public page while it is open; objections attach to the nominee's round.
 *
 * Confirmation is one action for the city office (`confirmEnded`): every published nominee whose
 * own round has ended with no open objection case is confirmed; the others are reported as waiting
 * (round still open) or refused (open cases).
 */
import { type Campaign, type CityPublicityRound, categoriesOf, categoryLabel } from '#shared/campaign';
import { cityPublicityStart } from '#shared/dates';
import { ConflictError, NotFoundError } from '#shared/errors';
import { levelNames } from '#shared/levels';
import type { NominationStatus } from '#shared/nomination';
import type { ConfirmResult, RoundNominee, RoundPreview, RoundResult } from '#shared/publicity';
import { finalPublicityLength } from '#shared/publicity-length';
import type { Principal } from '#shared/roles';
import { officialDate } from '#shared/text';
import { inVoteOrder } from '#shared/vote-score';
import { getCampaign, regionName } from './campaigns.ts';
import { chinaToday } from './clock.ts';
import type { NominationItem } from './nomination-records.ts';
import { eachNomination, nominationsIn, nomineeName, updateCampaign } from './process.ts';
import type { ChangeContext } from './records.ts';
import { assertDates, publicityEndOn, takeStep } from './workflow-steps.ts';

/** Statuses that show a region's county has sent nominees to the city office. */
const AT_CITY: readonly NominationStatus[] = [
  'city_review',
  'returned_to_county',
  'passed',
  'not_selected',
  'city_publicity',
  'confirmed',
  'revoked',
];

const nominee = (campaign: Campaign, n: NominationItem): RoundNominee => ({
  id: n.id,
  name: nomineeName(n, campaign),
  category: n.category,
  categoryLabel: categoryLabel(campaign, n.category),
  regionName: regionName(campaign, n.regionId),
  unitName: n.unitName,
  status: n.status,
  ...(n.vote?.score !== undefined ? { score: n.vote.score } : {}),
});

/** The round that starting one now would create, with its warnings; refuses dates that break the rules. */
export async function previewRound(
  principal: Principal,
  startsOn: string | undefined,
  now: Date,
  fresh = false,
): Promise<RoundPreview> {
  const campaign = await getCampaign(principal.campaignId, { fresh });
  const today = chinaToday(now);
  const start = startsOn ?? today;
  assertDates(
    cityPublicityStart({
      startsOn: start,
      today,
      ...(campaign.meeting ? { meetingDate: campaign.meeting.date } : {}),
      ...(campaign.noticeDate ? { noticeDate: campaign.noticeDate } : {}),
      levels: levelNames(campaign.definition),
    }),
  );
  const [passed, review, back, recommended, ...atCity] = await Promise.all([
    nominationsIn(principal.campaignId, 'passed'),
    nominationsIn(principal.campaignId, 'city_review'),
    nominationsIn(principal.campaignId, 'returned_to_county'),
    nominationsIn(principal.campaignId, 'recommended'),
    ...AT_CITY.map((s) => nominationsIn(principal.campaignId, s)),
  ]);
  const reported = new Set(atCity.flat().map((n) => n.regionId));
  const regionsNotReported = campaign.regions
    .map((r) => ({
      regionId: r.id,
      regionName: r.name,
      reported: reported.has(r.id),
      unsent: recommended.filter((n) => n.regionId === r.id).length,
    }))
    .filter((r) => !r.reported || r.unsent > 0);
  const rounds = campaign.cityPublicityRounds ?? [];
  return {
    round: rounds.length + 1,
    startsOn: start,
    endsOn: publicityEndOn(start, finalPublicityLength(campaign), campaign),
    nominees: inVoteOrder(campaign, passed).map((n) => nominee(campaign, n)),
    regionsNotReported,
    awaitingVote: [...review, ...back].map((n) => nominee(campaign, n)),
  };
}

/** Start the next round: the campaign records it, then each passed nominee is published in it. */
export async function startRound(
  principal: Principal,
  startsOn: string | undefined,
  ctx: ChangeContext,
  now: Date,
): Promise<RoundResult> {
  const preview = await previewRound(principal, startsOn, now, true);
  if (preview.nominees.length === 0) {
    throw new ConflictError('没有评审通过且尚未公示的对象，不能开始新一轮公示', 'nothing_to_publicise');
  }
  const entry: CityPublicityRound = {
    round: preview.round,
    startsOn: preview.startsOn,
    endsOn: preview.endsOn,
    count: preview.nominees.length,
    startedAt: ctx.now,
  };
  await updateCampaign(principal, ctx, 'campaign.city_publicity_round_started', (c) => {
    const rounds = c.cityPublicityRounds ?? [];
    // two offices pressing at once: the second finds the round taken
    if (rounds.length + 1 !== entry.round)
      throw new ConflictError('另一轮公示刚刚开始，请刷新后重试', 'conflict');
    return { cityPublicityRounds: [...rounds, entry] };
  });
  const published = { round: entry.round, startsOn: entry.startsOn, endsOn: entry.endsOn };
  const passed = await nominationsIn(principal.campaignId, 'passed');
  const campaign = await getCampaign(principal.campaignId);
  const result = await eachNomination(campaign, passed, (n) =>
    takeStep(principal, n.id, 'startCityPublicity', ctx, { record: () => ({ cityPublicity: published }) }),
  );
  return { ...preview, ...result };
}

/** Confirm every published nominee whose own round has ended with no open case; say who still waits. */
export async function confirmEnded(
  principal: Principal,
  ctx: ChangeContext,
  now: Date,
): Promise<ConfirmResult> {
  const listed = await nominationsIn(principal.campaignId, 'city_publicity');
  if (listed.length === 0) throw new ConflictError('没有公示中的对象可以确定', 'nothing_to_confirm');
  const campaign = await getCampaign(principal.campaignId);
  const today = chinaToday(now);
  const ended = listed.filter((n) => !n.cityPublicity || today > n.cityPublicity.endsOn);
  const waiting = listed
    .filter((n) => !ended.includes(n))
    .map((n) => ({ id: n.id, name: nomineeName(n, campaign), endsOn: n.cityPublicity?.endsOn ?? '' }));
  if (ended.length === 0) {
    const next = waiting.map((w) => w.endsOn).sort()[0] ?? '';
    throw new ConflictError(
      `公示期均未满，最早一轮公示到 ${officialDate(next)}，期满后才能正式确定`,
      'publicity_not_ended',
    );
  }
  const result = await eachNomination(campaign, ended, (n) => takeStep(principal, n.id, 'confirm', ctx));
  return { ...result, waiting };
}

/** The rounds open today (first day ≤ today ≤ last day). */
export function openRounds(campaign: Campaign, today: string): CityPublicityRound[] {
  return (campaign.cityPublicityRounds ?? []).filter((r) => r.startsOn <= today && today <= r.endsOn);
}

/** The public page: the open rounds and their nominees (no ID numbers, no phones). */
export async function publicityList(campaignId: string, now: Date) {
  const campaign = await getCampaign(campaignId);
  const rounds = campaign.cityPublicityRounds ?? [];
  if (rounds.length === 0) throw new NotFoundError('公示尚未开始');
  const today = chinaToday(now);
  const open = openRounds(campaign, today);
  const listed = open.length ? await nominationsIn(campaignId, 'city_publicity') : [];
  // what the definition lets the public see of each category (never an ID number or a phone)
  const shown = new Map(categoriesOf(campaign).map((c) => [c.id, c]));
  const entry = (n: NominationItem) => {
    const cat = shown.get(n.category);
    const details = (cat?.publicFields ?? [])
      .filter((key) => key !== cat?.nameField)
      .map((key) => n.form[key])
      .filter(
        (v): v is string | number => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number',
      )
      .map(String);
    return {
      id: n.id,
      category: n.category,
      categoryLabel: cat?.label ?? n.category,
      round: n.cityPublicity?.round ?? 0,
      regionName: regionName(campaign, n.regionId),
      name: nomineeName(n, campaign),
      /** The category's other public fields, in the definition's order (性别, 工作单位及职务 …). */
      details,
      ...(cat?.kind === 'person' ? { unitName: n.unitName } : {}),
    };
  };
  const openRound = new Set(open.map((r) => r.round));
  // ranked by score when the notice says so (按得分排序), each round's list as the whole
  const entries = inVoteOrder(campaign, listed)
    .filter((n) => n.cityPublicity && openRound.has(n.cityPublicity.round))
    .map(entry);
  return {
    title: campaign.title,
    docNumber: campaign.docNumber,
    issuers: campaign.issuers,
    today,
    rounds: open.map((r) => ({
      round: r.round,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      entries: entries.filter((e) => e.round === r.round),
    })),
    /** Every open round's nominees in one list, each naming its round. */
    entries,
    /** The latest round, open or not (so the page can say when the last one ended). */
    latest: rounds[rounds.length - 1],
    channels: {
      ...campaign.objectionChannels,
      phone: campaign.objectionChannels?.phone ?? campaign.contact.phone,
    },
    contact: {
      name: campaign.contact.name,
      address: campaign.contact.address,
      email: campaign.contact.email,
    },
  };
}
