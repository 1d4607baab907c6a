/**
 * The life of a nomination as a pure state machine: the process "两审两公示" (domain.md) as
 * states, actions, who may take each and what must be true first.
 *
 * The API calls `decide` once per step with the caller's role, the nomination's status and a
 * few facts it has computed from the record (`WorkflowFacts`); on `ok` it writes `next` (and
 * takes or releases a quota place when `quota` says so) in one transaction, otherwise it answers
 * `httpStatus`/`code`/`reason`. Ownership (which unit, which region) and the quota counter itself
 * are the API's: they need the database. This module needs neither the database nor the clock,
 * so the phone app may import it to show which buttons apply.
 *
 * ```
 * draft ─startUnitPublicity→ unit_publicity ─closeUnitPublicity→ unit_publicized ─submitToCounty→ submitted
 *   submitted ─recommend→ recommended ─submitToCity→ city_review ─recordVote→ passed | not_selected
 *   passed ─startCityPublicity→ city_publicity ─confirm→ confirmed   (─upholdObjection→ revoked)
 *   submitted/recommended/returned_to_county ─returnToUnit→ returned_to_unit ─submitToCounty→ submitted
 *   city_review ─returnToCounty→ returned_to_county ─recommend→ recommended
 *   submitted/recommended/returned_to_county ─decline→ not_recommended
 *   unit_publicity/unit_publicized/submitted/returned_to_unit ─withdraw→ withdrawn
 *   draft ─discard→ discarded
 *   unit_publicity ─cancelUnitPublicity→ draft | returned_to_unit (the state it was started from)
 *   withdrawn/not_recommended ─copyToDraft→ (itself; a new draft is created from it)
 * ```
 */
import type { Category } from './campaign.ts';
import { inLevels, type LevelNames } from './levels.ts';
import { type NominationStatus, STATUS_LABELS } from './nomination.ts';
import { type OpinionRule, PUYANG_OPINIONS } from './opinions.ts';
import { FIVE_WORKING_DAYS, lengthLabel, type PublicityLength } from './publicity-length.ts';
import { ROLE_LABELS, type Role } from './roles.ts';
import { officialDate } from './text.ts';

/** End states: no action leaves them. Each keeps its record and the reason it ended there. */
export const TERMINAL_STATUSES: readonly NominationStatus[] = [
  'not_recommended',
  'not_selected',
  'confirmed',
  'revoked',
  'withdrawn',
  'discarded',
];

/**
 * States a nomination can only be in before it was ever submitted to its county: the unit's own
 * work (the draft, its unit publicity, a discarded draft). See `isUnitsOwn`.
 */
export const UNIT_OWN_STATUSES: readonly NominationStatus[] = [
  'draft',
  'unit_publicity',
  'unit_publicized',
  'discarded',
];

/**
 * Whether a nomination is still the unit's own: never submitted to its county (a withdrawal
 * before submission included). Reviewers (county, city office) neither open nor list it; they
 * see it only as a count. Once submitted it stays theirs to read, whatever happens next.
 */
export function isUnitsOwn(n: { status: NominationStatus; submittedAt?: string }): boolean {
  return UNIT_OWN_STATUSES.includes(n.status) || (n.status === 'withdrawn' && !n.submittedAt);
}

/**
 * End states a unit may start again from, by copying the nomination into a new draft with its
 * form and photo: its own withdrawal and the county's 不予推荐. The city office's decisions (评审未通过,
 * 已撤销 after an upheld objection) and a confirmed nominee are final for this campaign.
 */
export const COPYABLE_STATUSES: readonly NominationStatus[] = ['withdrawn', 'not_recommended'];

/** States in which the unit may change its form, photo and unit-recommendation record. */
export const EDITABLE_STATUSES: readonly NominationStatus[] = ['draft', 'returned_to_unit'];

/**
 * States that occupy one of the region's quota places in the nomination's category: from the
 * county's recommendation until the list is final. A nomination returned to the county, not
 * selected or revoked frees its place, so the county may recommend another (which must still
 * reach the city before the deadline or an extension). A declined or withdrawn one never held one.
 */
export const QUOTA_STATUSES: readonly NominationStatus[] = [
  'recommended',
  'city_review',
  'passed',
  'city_publicity',
  'confirmed',
];

/** +1: the move takes a quota place (check and count atomically); -1: it frees one; 0: neither. */
export function quotaChange(from: NominationStatus, to: NominationStatus): -1 | 0 | 1 {
  const before = QUOTA_STATUSES.includes(from);
  const after = QUOTA_STATUSES.includes(to);
  return before === after ? 0 : after ? 1 : -1;
}

/**
 * How the review meeting's vote is judged: the votes for must pass (moreThan) or reach (atLeast)
 * a fraction of the members present or of all members. The notice's definition states it; the
 * city office may set one of the named rules instead (campaign settings).
 */
export interface VoteRule {
  /** "1/2", "2/3", "3/4"… */
  fraction: string;
  comparison: 'moreThan' | 'atLeast';
  of: 'present' | 'members';
}

/** The rules the city office can pick in the settings; `as_notice` follows the campaign's definition. */
export const PASS_RULES = [
  'as_notice',
  'more_than_half_present',
  'two_thirds_present',
  'more_than_half_members',
] as const;
export type PassRule = (typeof PASS_RULES)[number];
/** The named rules as vote rules (`as_notice` is whatever the notice says). */
export const NAMED_VOTE_RULES: Record<Exclude<PassRule, 'as_notice'>, VoteRule> = {
  more_than_half_present: { fraction: '1/2', comparison: 'moreThan', of: 'present' },
  two_thirds_present: { fraction: '2/3', comparison: 'atLeast', of: 'present' },
  more_than_half_members: { fraction: '1/2', comparison: 'moreThan', of: 'members' },
};
/** A campaign without a definition or a setting: more than half of the members present (the Puyang notice). */
export const DEFAULT_VOTE_RULE: VoteRule = NAMED_VOTE_RULES.more_than_half_present;
export const PASS_RULE_LABELS: Record<PassRule, string> = {
  as_notice: '按评选通知的规定',
  more_than_half_present: '同意票超过到会成员半数',
  two_thirds_present: '同意票达到到会成员三分之二以上',
  more_than_half_members: '同意票超过全体成员半数',
};

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** "同意票达到到会成员三分之二以上": a vote rule as the notice would word it. */
export function voteRuleLabel(rule: VoteRule): string {
  const [a, b] = rule.fraction.split('/').map(Number) as [number, number];
  const part =
    a * 2 === b ? '半数' : a <= 10 && b <= 10 ? `${NUMERALS[b]}分之${NUMERALS[a]}` : `${rule.fraction}`;
  const whom = rule.of === 'present' ? '到会成员' : '全体成员';
  return rule.comparison === 'moreThan' ? `同意票超过${whom}${part}` : `同意票达到${whom}${part}以上`;
}

/** Whether the middle review (the county) writes a 审核推荐工作报告 before reporting: the notice says; Puyang's does. */
export function countyReportRequired(c: {
  definition?: { steps: { middleReview: { report: boolean } } };
}): boolean {
  return c.definition?.steps.middleReview.report ?? true;
}

/** The rule a campaign's votes are judged by: the city office's pick, else its notice's, else the default. */
export function voteRuleOf(c: { passRule?: PassRule; definition?: { steps: { vote: VoteRule } } }): VoteRule {
  if (c.passRule && c.passRule !== 'as_notice') return NAMED_VOTE_RULES[c.passRule];
  const v = c.definition?.steps.vote;
  return v ? { fraction: v.fraction, comparison: v.comparison, of: v.of } : DEFAULT_VOTE_RULE;
}

/** One nominee's votes at the review meeting, and who could vote. */
export interface Vote {
  for: number;
  against: number;
  abstain: number;
  /** Members present at the meeting. */
  present: number;
  /** Members of the review body (评选工作领导小组). */
  members: number;
  /** 评审得分 (0–100), when the campaign ranks by score: it orders the nominees, the fraction still decides. */
  score?: number;
}

/**
 * Whether a vote passes under `rule`, and the number of votes for it needed. Refused when the
 * numbers cannot be right: whole numbers, for + against + abstain ≤ present ≤ members, present ≥ 1.
 * "以上" includes the bound: two thirds of 9 present is reached with 6.
 */
export function votePasses(
  vote: Vote,
  rule: VoteRule = DEFAULT_VOTE_RULE,
): { ok: true; passes: boolean; needed: number } | { ok: false; code: 'vote_invalid'; reason: string } {
  const invalid = (reason: string) => ({ ok: false as const, code: 'vote_invalid' as const, reason });
  const counts = [vote.for, vote.against, vote.abstain, vote.present, vote.members];
  if (!counts.every((n) => Number.isInteger(n) && n >= 0)) return invalid('票数和人数应为不小于 0 的整数');
  if (vote.members < 1) return invalid('评审成员总数至少为 1');
  if (vote.present < 1) return invalid('到会成员至少为 1 人');
  if (vote.present > vote.members) {
    return invalid(`到会成员 ${vote.present} 人多于成员总数 ${vote.members} 人，请核对`);
  }
  const cast = vote.for + vote.against + vote.abstain;
  if (cast > vote.present) {
    return invalid(
      `同意、反对、弃权合计 ${cast} 票，多于到会成员 ${vote.present} 人，请核对（未投票的不计入）`,
    );
  }
  // whole numbers only: "more than a/b of n" is floor(n·a/b) + 1, "a/b of n or more" is ceil(n·a/b)
  const [a, b] = rule.fraction.split('/').map(Number) as [number, number];
  const n = (rule.of === 'members' ? vote.members : vote.present) * a;
  const needed = rule.comparison === 'moreThan' ? Math.floor(n / b) + 1 : Math.floor((n + b - 1) / b);
  return { ok: true, passes: vote.for >= needed, needed };
}

/**
 * What the API knows about the nomination when a step is asked for, computed from the record
 * (never sent by the client). Only the facts an action's preconditions read are needed for it;
 * a fact left out counts as "not done".
 */
export interface WorkflowFacts {
  category: Category;
  /** `nominationProblems(...)`: what still blocks submission. Empty when complete and eligible. */
  problems?: readonly { field: string; message: string }[];
  /** The definition's photo rule asks a photo of the nomination's category. */
  photoRequired?: boolean;
  /** The latest accepted photo is on file (read only where one is required). */
  photoAccepted?: boolean;
  /** The campaign's level names (levelNames(campaign.definition)), to name them in messages; Puyang's when absent. */
  levels?: LevelNames;
  /** The campaign's photo, to name it in messages (photoRulesOf(campaign).label; default 2寸蓝底彩色证件照). */
  photoLabel?: string;
  /** The unit's democratic recommendation as recorded. */
  democraticRecommendation?: { date: string; voters: number; votesFor: number };
  /** The date of the unit leadership team's meeting that decided the nomination. */
  leadershipDecisionDate?: string;
  /** The last day of the unit publicity (addWorkingDays(start, 5)), to name it in messages. */
  unitPublicityEndsOn?: string;
  /** Today is after the last day of the unit publicity. */
  unitPublicityEnded?: boolean;
  /** A photo of the posted notice is on file. */
  noticePhotoUploaded?: boolean;
  /** How the unit publicity ended: 公示无异议, or objections received and handled. */
  unitPublicityOutcome?: 'no_objection' | 'objections_handled';
  /** How long the unit publicity ran, in its length's kind of days (for the city checklist). */
  unitPublicityDays?: number;
  /** How long the campaign's unit publicity must run (default: 5 working days). */
  unitPublicityLength?: PublicityLength;
  /** The deadline that applies to this step (unit → county, or county → city), extensions included. */
  deadline?: string;
  /** Today is after `deadline`. */
  deadlinePassed?: boolean;
  /** The county's political review (政治审查), once recorded. */
  politicalReview?: { passed: boolean };
  /** The department opinions recorded so far; `stampedScan`: the sealed paper is on file. */
  opinions?: Record<string, { favourable: boolean; stampedScan: boolean }>;
  /** The opinions the campaign requires (opinionsOf); the Puyang notice's three when left out. */
  requiredOpinions?: readonly Pick<OpinionRule, 'id' | 'department'>[];
  /** The county's 审核推荐工作报告 for this campaign is written. */
  countyReportDone?: boolean;
  /** The review meeting's vote on this nominee, and the campaign's pass rule (default: more than half present). */
  vote?: Vote;
  voteRule?: VoteRule;
  /** Today is after the last day of the city publicity. */
  cityPublicityEnded?: boolean;
  /** Objection cases about this nominee not yet resolved. */
  openCases?: number;
  /** The state the unit publicity was started from (draft or returned_to_unit): where cancelling it leads. */
  statusBeforePublicity?: NominationStatus;
  /** A copy made of this nomination that is still in use (not a discarded draft). */
  copiedTo?: string;
  /** The reason given with the step (return, decline, withdraw, uphold an objection). */
  reason?: string;
}

/** Everything the city office's unified check looks at, item by item. */
export const CHECKLIST_ITEMS = [
  'unit_recommendation',
  'unit_publicity',
  'political_review',
  'opinions',
  'photo',
  'eligibility',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export const CHECKLIST_LABELS: Record<ChecklistItem, string> = {
  unit_recommendation: '民主推荐和集体研究',
  unit_publicity: '单位公示',
  political_review: '政治审查',
  opinions: '部门意见',
  photo: '证件照',
  eligibility: '材料齐全、符合条件',
};

function opinionGaps(f: Pick<WorkflowFacts, 'opinions' | 'requiredOpinions'>) {
  const missing: string[] = [];
  const unstamped: string[] = [];
  const unfavourable: string[] = [];
  for (const required of f.requiredOpinions ?? PUYANG_OPINIONS) {
    const o = f.opinions?.[required.id];
    const label = required.department;
    if (!o) missing.push(label);
    else {
      if (!o.stampedScan) unstamped.push(label);
      if (!o.favourable) unfavourable.push(label);
    }
  }
  return { missing, unstamped, unfavourable };
}

function unitRecommendationProblem(f: WorkflowFacts): { code: string; reason: string } | null {
  const d = f.democraticRecommendation;
  if (!d)
    return {
      code: 'unit_recommendation_missing',
      reason: '请先填写民主推荐情况（日期、参加人数、赞成票数）',
    };
  if (d.votesFor > d.voters) {
    return {
      code: 'unit_recommendation_missing',
      reason: `民主推荐赞成票 ${d.votesFor} 票多于参加人数 ${d.voters} 人，请核对`,
    };
  }
  if (!f.leadershipDecisionDate) {
    return { code: 'leadership_decision_missing', reason: '请先填写领导班子集体研究决定的会议日期' };
  }
  return null;
}

/** How long the campaign's unit publicity must run: its facts', or the Puyang notice's 5 working days. */
const unitLengthOf = (f: WorkflowFacts): PublicityLength => f.unitPublicityLength ?? FIVE_WORKING_DAYS;

/** The unit publicity ran its 5 working days and its outcome is recorded. */
function unitPublicityHeld(f: WorkflowFacts): boolean {
  const days = f.unitPublicityDays;
  const needed = unitLengthOf(f).days;
  return days !== undefined && days >= needed && f.unitPublicityOutcome !== undefined;
}

/**
 * The city office's unified check of procedure, completeness and eligibility, one line per
 * item, in CHECKLIST_ITEMS order. recordVote and startCityPublicity require every item ok.
 */
export function cityChecklist(
  f: WorkflowFacts,
): { item: ChecklistItem; label: string; ok: boolean; message: string }[] {
  // the notice's own list: 组织人事、纪检监察、公安意见 for Puyang
  const opinionsLabel = `${(f.requiredOpinions ?? PUYANG_OPINIONS).map((o) => o.department).join('、')}意见`;
  const row = (item: ChecklistItem, ok: boolean, message: string) => ({
    item,
    label: item === 'opinions' ? opinionsLabel : CHECKLIST_LABELS[item],
    ok,
    message,
  });
  const rec = unitRecommendationProblem(f);
  const days = f.unitPublicityDays;
  const length = unitLengthOf(f);
  const publicityOk = unitPublicityHeld(f);
  const gaps = opinionGaps(f);
  const problems = f.problems ?? [];
  return [
    row('unit_recommendation', rec === null, rec?.reason ?? '已记录民主推荐和领导班子集体研究'),
    row(
      'unit_publicity',
      publicityOk,
      publicityOk
        ? `已公示 ${lengthLabel({ ...length, days: days ?? 0 })}，${f.unitPublicityOutcome === 'no_objection' ? '公示无异议' : '异议已处理'}`
        : days === undefined
          ? '未见单位公示记录'
          : days < length.days
            ? `单位公示仅 ${lengthLabel({ ...length, days })}，应不少于 ${lengthLabel(length)}`
            : '单位公示尚未登记结果（公示无异议或异议已处理）',
    ),
    row(
      'political_review',
      f.politicalReview?.passed === true,
      !f.politicalReview ? '未见政治审查记录' : f.politicalReview.passed ? '政治审查通过' : '政治审查未通过',
    ),
    row(
      'opinions',
      gaps.missing.length + gaps.unstamped.length + gaps.unfavourable.length === 0,
      gaps.missing.length
        ? `缺少${gaps.missing.join('、')}意见`
        : gaps.unstamped.length
          ? `${gaps.unstamped.join('、')}意见缺少盖章扫描件`
          : gaps.unfavourable.length
            ? `${gaps.unfavourable.join('、')}意见不同意推荐`
            : '三个部门意见齐全，均同意',
    ),
    f.photoRequired
      ? row('photo', f.photoAccepted === true, f.photoAccepted ? '照片合格' : `缺少合格的${photoLabelOf(f)}`)
      : row('photo', true, '本类别无需照片'),
    row(
      'eligibility',
      problems.length === 0,
      problems.length === 0 ? '材料齐全，符合推荐条件' : problems.map((p) => p.message).join('；'),
    ),
  ];
}

/** Materials a nomination can lack, as the city dashboard counts them per region. */
export const MATERIAL_GAPS = [
  'photo',
  'unit_recommendation',
  'unit_publicity',
  'opinions',
  'opinion_scans',
] as const;
export type MaterialGap = (typeof MATERIAL_GAPS)[number];
/** Each gap as the dashboard's column heads say it. */
export const MATERIAL_GAP_LABELS: Record<MaterialGap, string> = {
  photo: '缺合格照片',
  unit_recommendation: '缺民主推荐或集体研究',
  unit_publicity: '单位公示未完成',
  opinions: '缺部门意见',
  opinion_scans: '缺意见盖章扫描件',
};

/**
 * The nominations whose materials are counted: those in the county's or the city office's hands
 * and still in play, from submission to the county up to the city publicity (a nomination
 * returned to its unit included: it is still expected back). Drafts and nominations in their
 * unit publicity are the unit's work in progress, not yet due. End states are out of play:
 * withdrawn, not recommended, not selected, revoked, discarded, and confirmed (which the
 * checklist lets no nomination reach with a gap).
 */
export const MATERIALS_STATUSES: readonly NominationStatus[] = [
  'submitted',
  'returned_to_unit',
  'recommended',
  'returned_to_county',
  'city_review',
  'passed',
  'city_publicity',
];

/**
 * What a nomination's record lacks, by the checklist's own rules: a worker's accepted photo; the
 * democratic recommendation or the leadership decision; a unit publicity of 5 working days with
 * its outcome; any of the campaign's department opinions (Puyang: 组织人事, 纪检监察, 公安); an opinion's stamped
 * scan. Judgements (the political review, an unfavourable opinion, the form's eligibility) are
 * the reviewers' and not counted here.
 */
export function materialGaps(f: WorkflowFacts): MaterialGap[] {
  const opinions = opinionGaps(f);
  const missing: Record<MaterialGap, boolean> = {
    photo: f.photoRequired === true && f.photoAccepted !== true,
    unit_recommendation: unitRecommendationProblem(f) !== null,
    unit_publicity: !unitPublicityHeld(f),
    opinions: opinions.missing.length > 0,
    opinion_scans: opinions.unstamped.length > 0,
  };
  return MATERIAL_GAPS.filter((g) => missing[g]);
}

/** Missing materials among a set of nominations: how many are in play, how many lack something, and what. */
export interface MissingMaterials {
  /** Nominations in MATERIALS_STATUSES. */
  inPlay: number;
  /** Of those, the ones lacking at least one material. */
  incomplete: number;
  /** How many lack each material (a nomination lacking two counts under both). */
  gaps: Record<MaterialGap, number>;
}

/** Missing materials per region (every region of `regionIds`, zero when none; others ignored) and in total. */
export function missingMaterials(
  regionIds: readonly string[],
  nominations: readonly { regionId: string; status: NominationStatus; facts: WorkflowFacts }[],
): { regions: Record<string, MissingMaterials>; total: MissingMaterials } {
  const empty = (): MissingMaterials => ({
    inPlay: 0,
    incomplete: 0,
    gaps: Object.fromEntries(MATERIAL_GAPS.map((g) => [g, 0])) as Record<MaterialGap, number>,
  });
  const regions = Object.fromEntries(regionIds.map((id) => [id, empty()]));
  const total = empty();
  for (const n of nominations) {
    const region = regions[n.regionId];
    if (!region || !MATERIALS_STATUSES.includes(n.status)) continue;
    const gaps = materialGaps(n.facts);
    for (const tally of [region, total]) {
      tally.inPlay++;
      if (gaps.length > 0) tally.incomplete++;
      for (const g of gaps) tally.gaps[g]++;
    }
  }
  return { regions, total };
}

/** Every step of the process, by id. */
export const ACTION_IDS = [
  'edit',
  'discard',
  'startUnitPublicity',
  'attachNoticePhoto',
  'closeUnitPublicity',
  'cancelUnitPublicity',
  'submitToCounty',
  'withdraw',
  'recordPoliticalReview',
  'recordOpinion',
  'returnToUnit',
  'recommend',
  'decline',
  'submitToCity',
  'returnToCounty',
  'recordVote',
  'startCityPublicity',
  'upholdObjection',
  'confirm',
  'copyToDraft',
] as const;
export type WorkflowAction = (typeof ACTION_IDS)[number];

/** One step: who may take it, from which states, where it leads. */
export interface ActionRule {
  /** zh-CN, as on a button: 报送县区. */
  label: string;
  roles: readonly Role[];
  from: readonly NominationStatus[];
  /** The state it leads to; null: the state does not change (the step records something). */
  to: NominationStatus | null;
  /** recordVote only: the state when the vote fails (`to` is the state when it passes). */
  toWhenVoteFails?: NominationStatus;
  /** The step needs a written reason (`facts.reason`), kept on the record. */
  needsReason?: boolean;
}

/**
 * The table of steps. Preconditions beyond role and state are listed on `decide`. The county steps are taken by the region's county account; for city-level
 * units (市直) that is the 联席办's account.
 */
export const ACTIONS: Record<WorkflowAction, ActionRule> = {
  edit: { label: '修改推荐材料', roles: ['unit'], from: EDITABLE_STATUSES, to: null },
  discard: { label: '删除草稿', roles: ['unit'], from: ['draft'], to: 'discarded' },
  startUnitPublicity: {
    label: '开始单位公示',
    roles: ['unit'],
    from: ['draft', 'returned_to_unit'],
    to: 'unit_publicity',
  },
  // before the publicity starts too: a notice posted before it is entered needs its photo first
  attachNoticePhoto: {
    label: '上传公示照片',
    roles: ['unit'],
    from: ['draft', 'returned_to_unit', 'unit_publicity'],
    to: null,
  },
  closeUnitPublicity: {
    label: '结束单位公示',
    roles: ['unit'],
    from: ['unit_publicity'],
    to: 'unit_publicized',
  },
  // a publicity started by mistake: back to the state it was started from, with a reason
  cancelUnitPublicity: {
    label: '取消单位公示',
    roles: ['unit'],
    from: ['unit_publicity'],
    to: null,
    needsReason: true,
  },
  submitToCounty: {
    label: '报送县区',
    roles: ['unit'],
    from: ['unit_publicized', 'returned_to_unit'],
    to: 'submitted',
  },
  withdraw: {
    label: '撤回推荐',
    roles: ['unit'],
    from: ['unit_publicity', 'unit_publicized', 'submitted', 'returned_to_unit'],
    to: 'withdrawn',
    needsReason: true,
  },
  recordPoliticalReview: {
    label: '登记政治审查',
    roles: ['county'],
    from: ['submitted', 'returned_to_county'],
    to: null,
  },
  recordOpinion: {
    label: '登记部门意见',
    roles: ['county'],
    from: ['submitted', 'returned_to_county'],
    to: null,
  },
  returnToUnit: {
    label: '退回单位',
    roles: ['county'],
    from: ['submitted', 'recommended', 'returned_to_county'],
    to: 'returned_to_unit',
    needsReason: true,
  },
  recommend: {
    label: '推荐',
    roles: ['county'],
    from: ['submitted', 'returned_to_county'],
    to: 'recommended',
  },
  decline: {
    label: '不予推荐',
    roles: ['county'],
    from: ['submitted', 'recommended', 'returned_to_county'],
    to: 'not_recommended',
    needsReason: true,
  },
  submitToCity: { label: '报送市评选办', roles: ['county'], from: ['recommended'], to: 'city_review' },
  returnToCounty: {
    label: '退回县区',
    roles: ['city'],
    from: ['city_review'],
    to: 'returned_to_county',
    needsReason: true,
  },
  recordVote: {
    label: '登记评审表决',
    roles: ['city'],
    from: ['city_review'],
    to: 'passed',
    toWhenVoteFails: 'not_selected',
  },
  startCityPublicity: { label: '开始市级公示', roles: ['city'], from: ['passed'], to: 'city_publicity' },
  upholdObjection: {
    label: '认定异议成立并撤销',
    roles: ['city'],
    from: ['city_publicity'],
    to: 'revoked',
    needsReason: true,
  },
  confirm: { label: '正式确定', roles: ['city'], from: ['city_publicity'], to: 'confirmed' },
  // the ended nomination stays as it is; a new draft with its form and photo is made from it
  copyToDraft: {
    label: '复制为新草稿',
    roles: ['unit'],
    from: COPYABLE_STATUSES,
    to: null,
  },
};

/** A step the machine allows: the state to write and the quota move to make with it. */
export interface Allowed {
  ok: true;
  next: NominationStatus;
  /** See quotaChange: +1 take a place (atomically, refusing when full), -1 free one. */
  quota: -1 | 0 | 1;
}

/** A step refused, with what to do about it. */
export interface Refused {
  ok: false;
  /** 403 role_not_allowed; 400 reason_required, vote_missing, vote_invalid; 409 otherwise. */
  httpStatus: 400 | 403 | 409;
  code: string;
  /** zh-CN, says what to do. */
  reason: string;
  /** The individual problems behind form_incomplete and checklist_failed. */
  details?: string[];
}

const refuse = (
  httpStatus: Refused['httpStatus'],
  code: string,
  reason: string,
  details?: string[],
): Refused => ({
  ok: false,
  httpStatus,
  code,
  reason,
  ...(details ? { details } : {}),
});

const quoted = (s: NominationStatus) => `「${STATUS_LABELS[s]}」`;

function formIncomplete(f: WorkflowFacts, what: string): Refused | null {
  const problems = f.problems ?? [];
  if (problems.length === 0) return null;
  const shown = problems.slice(0, 3).map((p) => p.message);
  return refuse(
    409,
    'form_incomplete',
    `推荐材料尚不完整，不能${what}：${shown.join('；')}${problems.length > 3 ? `等 ${problems.length} 项` : ''}`,
    problems.map((p) => p.message),
  );
}

function photoMissing(f: WorkflowFacts, what: string): Refused | null {
  if (!f.photoRequired || f.photoAccepted) return null;
  return refuse(409, 'photo_missing', `请先上传合格的${photoLabelOf(f)}，再${what}`);
}

/** The campaign's photo as messages name it. */
function photoLabelOf(f: WorkflowFacts): string {
  return f.photoLabel ?? '2寸蓝底彩色证件照';
}

function deadlinePassed(f: WorkflowFacts, what: string): Refused | null {
  if (!f.deadlinePassed) return null;
  const when = f.deadline ? `截止日期 ${officialDate(f.deadline)} 已过` : '截止日期已过';
  return refuse(409, 'deadline_passed', `${when}，不能再${what}；如需延期，请联系市评选办`);
}

function checklistFailed(f: WorkflowFacts, what: string): Refused | null {
  const failed = cityChecklist(f).filter((c) => !c.ok);
  if (failed.length === 0) return null;
  const lines = failed.map((c) => `${c.label}：${c.message}`);
  return refuse(
    409,
    'checklist_failed',
    `审核未通过，不能${what}：${lines.join('；')}。可退回县区补正`,
    lines,
  );
}

/**
 * Preconditions of each step, checked in this order after role and state; the first failing one
 * is the answer. Returns the refusal, or null.
 */
const PRECONDITIONS: Partial<Record<WorkflowAction, (f: WorkflowFacts) => Refused | null>> = {
  startUnitPublicity: (f) => {
    const incomplete = formIncomplete(f, '开始单位公示');
    if (incomplete) return incomplete;
    const rec = unitRecommendationProblem(f);
    return rec ? refuse(409, rec.code, rec.reason) : null;
  },
  closeUnitPublicity: (f) => {
    if (!f.unitPublicityEnded) {
      const end = f.unitPublicityEndsOn ? `公示到 ${officialDate(f.unitPublicityEndsOn)}` : '公示期未满';
      return refuse(409, 'publicity_not_ended', `${end}，请在公示期满后再结束公示`);
    }
    if (!f.noticePhotoUploaded) {
      return refuse(409, 'notice_photo_missing', '请先上传张贴公示的照片，再结束单位公示');
    }
    if (!f.unitPublicityOutcome) {
      return refuse(409, 'publicity_outcome_missing', '请登记公示结果：公示无异议，或异议已处理');
    }
    return null;
  },
  submitToCounty: (f) => {
    const late = deadlinePassed(f, '报送县区');
    if (late) return late;
    const incomplete = formIncomplete(f, '报送县区');
    if (incomplete) return incomplete;
    const photo = photoMissing(f, '报送县区');
    if (photo) return photo;
    const rec = unitRecommendationProblem(f);
    if (rec) return refuse(409, rec.code, rec.reason);
    if (!f.unitPublicityOutcome) {
      return refuse(
        409,
        'publicity_not_done',
        `单位公示尚未完成，请先公示满 ${lengthLabel(unitLengthOf(f))}并登记公示结果`,
      );
    }
    return null;
  },
  recommend: (f) => {
    if (!f.politicalReview) return refuse(409, 'political_review_missing', '请先登记政治审查结果，再推荐');
    if (!f.politicalReview.passed) {
      return refuse(409, 'political_review_failed', '政治审查未通过，不能推荐；请作出不予推荐决定并说明理由');
    }
    const gaps = opinionGaps(f);
    if (gaps.missing.length) {
      return refuse(409, 'opinions_missing', `请先登记${gaps.missing.join('、')}意见，再推荐`);
    }
    if (gaps.unstamped.length) {
      return refuse(
        409,
        'opinion_scan_missing',
        `请上传${gaps.unstamped.join('、')}意见的盖章扫描件，再推荐`,
      );
    }
    if (gaps.unfavourable.length) {
      return refuse(
        409,
        'opinion_unfavourable',
        `${gaps.unfavourable.join('、')}意见不同意推荐，不能推荐；请作出不予推荐决定并说明理由`,
      );
    }
    return formIncomplete(f, '推荐') ?? photoMissing(f, '推荐');
  },
  submitToCity: (f) => {
    const late = deadlinePassed(f, '报送市评选办');
    if (late) return late;
    if (!f.countyReportDone) {
      return refuse(409, 'county_report_missing', '请先填写本县区的审核推荐工作报告，再报送市评选办');
    }
    return null;
  },
  recordVote: (f) => {
    const failed = checklistFailed(f, '登记评审表决');
    if (failed) return failed;
    if (!f.vote) return refuse(400, 'vote_missing', '请填写表决结果：同意、反对、弃权票数和到会人数');
    const v = votePasses(f.vote, f.voteRule);
    return v.ok ? null : refuse(400, v.code, v.reason);
  },
  startCityPublicity: (f) => checklistFailed(f, '开始市级公示'),
  copyToDraft: (f) =>
    f.copiedTo ? refuse(409, 'already_copied', '该推荐已复制为新草稿，请在推荐列表中打开那份草稿') : null,
  confirm: (f) => {
    if (!f.cityPublicityEnded)
      return refuse(409, 'publicity_not_ended', '市级公示期未满，请在公示期满后再正式确定');
    if (f.openCases) {
      return refuse(409, 'cases_open', `还有 ${f.openCases} 件异议未办结，请先办结再正式确定`);
    }
    return null;
  },
};

/**
 * Whether `role` may take `action` on a nomination in `status`, given `facts`. Checked in this
 * order: role (403 role_not_allowed), state (409 wrong_state, naming the current state), a
 * required reason (400 reason_required), then the step's own preconditions:
 *
 * - startUnitPublicity: form_incomplete, unit_recommendation_missing, leadership_decision_missing
 * - closeUnitPublicity: publicity_not_ended, notice_photo_missing, publicity_outcome_missing
 * - submitToCounty: deadline_passed, form_incomplete, photo_missing (categories the photo rule lists),
 *   unit_recommendation_missing, leadership_decision_missing, publicity_not_done
 * - recommend: political_review_missing, political_review_failed, opinions_missing,
 *   opinion_scan_missing, opinion_unfavourable, form_incomplete, photo_missing (categories the photo rule lists);
 *   the quota is the API's (quota: +1)
 * - submitToCity: deadline_passed, county_report_missing
 * - recordVote: checklist_failed, vote_missing, vote_invalid; passes → passed, else not_selected
 * - startCityPublicity: checklist_failed
 * - confirm: publicity_not_ended, cases_open
 * - cancelUnitPublicity: reason_required; leads back to `statusBeforePublicity` (default draft)
 * - copyToDraft: already_copied
 */
export function decide(input: DecideInput): Allowed | Refused {
  const verdict = verdictOf(input);
  const names = input.facts.levels;
  if (verdict.ok || !names) return verdict;
  // the messages are written in the Puyang notice's words: say them in the campaign's
  return {
    ...verdict,
    reason: inLevels(verdict.reason, names),
    ...(verdict.details ? { details: verdict.details.map((d) => inLevels(d, names)) } : {}),
  };
}

/** What `decide` weighs: the nomination's state, the step, who takes it, the facts. */
export interface DecideInput {
  status: NominationStatus;
  action: WorkflowAction;
  role: Role;
  facts: WorkflowFacts;
}

function verdictOf(input: DecideInput): Allowed | Refused {
  const { status, action, role, facts } = input;
  const rule = ACTIONS[action];
  if (!rule.roles.includes(role)) {
    const who = rule.roles.map((r) => ROLE_LABELS[r]).join('、');
    return refuse(
      403,
      'role_not_allowed',
      role === 'auditor'
        ? `审计监督账号只能查看，不能${rule.label}`
        : `${ROLE_LABELS[role]}不能${rule.label}，此操作由${who}进行`,
    );
  }
  if (!rule.from.includes(status)) {
    return refuse(
      409,
      'wrong_state',
      TERMINAL_STATUSES.includes(status)
        ? `该推荐对象已是${quoted(status)}，流程已结束，不能再${rule.label}`
        : `该推荐对象当前为${quoted(status)}，不能${rule.label}；只有${rule.from.map(quoted).join('、')}时可以`,
    );
  }
  if (rule.needsReason && !facts.reason?.trim()) {
    return refuse(400, 'reason_required', `请填写${rule.label}的理由`);
  }
  const refused = PRECONDITIONS[action]?.(facts);
  if (refused) return refused;
  let next = rule.to ?? status;
  if (action === 'cancelUnitPublicity') next = facts.statusBeforePublicity ?? 'draft';
  if (action === 'recordVote' && facts.vote && rule.toWhenVoteFails) {
    const v = votePasses(facts.vote, facts.voteRule);
    if (v.ok && !v.passes) next = rule.toWhenVoteFails;
  }
  return { ok: true, next, quota: quotaChange(status, next) };
}

/** The steps `role` may take from `status`, preconditions aside: which buttons a page shows. */
export function actionsFor(status: NominationStatus, role: Role): WorkflowAction[] {
  return ACTION_IDS.filter((a) => ACTIONS[a].roles.includes(role) && ACTIONS[a].from.includes(status));
}
