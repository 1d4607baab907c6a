import { describe, expect, it } from 'vitest';
import { NOMINATION_STATUSES, type NominationStatus, STATUS_LABELS } from '#shared/nomination';
import { opinionTitle, PUYANG_OPINIONS } from '#shared/opinions';
import { ROLES, type Role } from '#shared/roles';
import { opinionOfPurpose, scanPurposeLabel } from '#shared/scan-rules';
import {
  ACTION_IDS,
  ACTIONS,
  actionsFor,
  CHECKLIST_ITEMS,
  cityChecklist,
  countyReportRequired,
  DEFAULT_VOTE_RULE,
  decide,
  EDITABLE_STATUSES,
  MATERIAL_GAP_LABELS,
  MATERIAL_GAPS,
  MATERIALS_STATUSES,
  materialGaps,
  missingMaterials,
  NAMED_VOTE_RULES,
  PASS_RULE_LABELS,
  QUOTA_STATUSES,
  quotaChange,
  TERMINAL_STATUSES,
  votePasses,
  voteRuleLabel,
  voteRuleOf,
  type WorkflowAction,
  type WorkflowFacts,
} from '#shared/workflow';

/**
 * The documented table: action, roles, from-states → to-state ('=' stays; 'a/b' passes/fails).
 * Everything not listed is refused.
 */
const EXPECTED = `
edit                  unit    draft returned_to_unit                              -> =
discard               unit    draft                                               -> discarded
startUnitPublicity    unit    draft returned_to_unit                              -> unit_publicity
attachNoticePhoto     unit    draft returned_to_unit unit_publicity               -> =
closeUnitPublicity    unit    unit_publicity                                      -> unit_publicized
cancelUnitPublicity   unit    unit_publicity                                      -> =
submitToCounty        unit    unit_publicized returned_to_unit                    -> submitted
withdraw              unit    unit_publicity unit_publicized submitted returned_to_unit -> withdrawn
recordPoliticalReview county  submitted returned_to_county                        -> =
recordOpinion         county  submitted returned_to_county                        -> =
returnToUnit          county  submitted recommended returned_to_county            -> returned_to_unit
recommend             county  submitted returned_to_county                        -> recommended
decline               county  submitted recommended returned_to_county            -> not_recommended
submitToCity          county  recommended                                         -> city_review
returnToCounty        city    city_review                                         -> returned_to_county
recordVote            city    city_review                                         -> passed/not_selected
startCityPublicity    city    passed                                              -> city_publicity
upholdObjection       city    city_publicity                                      -> revoked
confirm               city    city_publicity                                      -> confirmed
copyToDraft           unit    withdrawn not_recommended                           -> =
`;

const table = new Map(
  EXPECTED.trim()
    .split('\n')
    .map((line) => {
      const [left, to] = line.split('->').map((s) => s.trim()) as [string, string];
      const [action, role, ...from] = left.split(/\s+/) as [WorkflowAction, Role, ...NominationStatus[]];
      return [action, { role, from, to }] as const;
    }),
);

/** Facts under which every precondition holds. */
const GOOD: WorkflowFacts = {
  category: 'worker',
  problems: [],
  photoRequired: true,
  photoAccepted: true,
  democraticRecommendation: { date: '2024-01-05', voters: 40, votesFor: 36 },
  leadershipDecisionDate: '2024-01-06',
  unitPublicityEndsOn: '2024-01-15',
  unitPublicityEnded: true,
  noticePhotoUploaded: true,
  unitPublicityOutcome: 'no_objection',
  unitPublicityDays: 5,
  deadline: '2024-01-18',
  deadlinePassed: false,
  politicalReview: { passed: true },
  opinions: {
    personnel: { favourable: true, stampedScan: true },
    discipline: { favourable: true, stampedScan: true },
    police: { favourable: true, stampedScan: true },
  },
  countyReportDone: true,
  vote: { for: 9, against: 1, abstain: 1, present: 11, members: 13 },
  cityPublicityEnded: true,
  openCases: 0,
  reason: '材料需补正',
};

const CHINESE = /[\u4e00-\u9fff]/;

describe('the documented table', () => {
  it('lists every action once, as ACTIONS defines it', () => {
    expect([...table.keys()].sort()).toEqual([...ACTION_IDS].sort());
    for (const id of ACTION_IDS) {
      const rule = ACTIONS[id];
      const row = table.get(id);
      expect(rule.roles, id).toEqual([row?.role]);
      expect([...rule.from].sort(), id).toEqual([...(row?.from ?? [])].sort());
      const to = rule.to === null ? '=' : [rule.to, rule.toWhenVoteFails].filter(Boolean).join('/');
      expect(to, id).toBe(row?.to);
      expect(rule.label, id).toMatch(CHINESE);
    }
  });

  it('leaves no way out of a terminal state, and every other state has one', () => {
    for (const s of NOMINATION_STATUSES) {
      const out = ACTION_IDS.filter((a) => ACTIONS[a].from.includes(s) && ACTIONS[a].to !== null);
      if (TERMINAL_STATUSES.includes(s)) expect(out, s).toEqual([]);
      else expect(out.length, s).toBeGreaterThan(0);
    }
  });

  it('reaches every state from a draft', () => {
    const seen = new Set<NominationStatus>(['draft']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const a of ACTION_IDS) {
        const { from, to, toWhenVoteFails } = ACTIONS[a];
        for (const t of [to, toWhenVoteFails]) {
          if (t && from.some((f) => seen.has(f)) && !seen.has(t)) {
            seen.add(t);
            grew = true;
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...NOMINATION_STATUSES].sort());
  });

  it('labels every state in Chinese', () => {
    for (const s of NOMINATION_STATUSES) expect(STATUS_LABELS[s]).toMatch(CHINESE);
  });
});

describe('every action from every state for every role', () => {
  for (const action of ACTION_IDS) {
    it(action, () => {
      const row = table.get(action);
      for (const status of NOMINATION_STATUSES) {
        for (const role of ROLES) {
          const where = `${action} by ${role} from ${status}`;
          const r = decide({ status, action, role, facts: GOOD });
          if (role !== row?.role) {
            expect(r, where).toMatchObject({ ok: false, code: 'role_not_allowed', httpStatus: 403 });
          } else if (!row.from.includes(status)) {
            expect(r, where).toMatchObject({ ok: false, code: 'wrong_state', httpStatus: 409 });
            expect(!r.ok && r.reason, where).toContain(STATUS_LABELS[status]);
          } else {
            // cancelling a publicity goes back to where it started (GOOD names none: a draft)
            const next =
              action === 'cancelUnitPublicity' ? 'draft' : row.to === '=' ? status : row.to.split('/')[0];
            expect(r, where).toEqual({
              ok: true,
              next,
              quota: quotaChange(status, next as NominationStatus),
            });
          }
          if (!r.ok) expect(r.reason, where).toMatch(CHINESE);
        }
      }
    });
  }

  it('tells the auditor it reads only, and others who does the step', () => {
    const auditor = decide({ status: 'draft', action: 'edit', role: 'auditor', facts: GOOD });
    expect(!auditor.ok && auditor.reason).toBe('审计监督账号只能查看，不能修改推荐材料');
    const county = decide({ status: 'draft', action: 'edit', role: 'county', facts: GOOD });
    expect(!county.ok && county.reason).toBe('县（区）审核不能修改推荐材料，此操作由推荐单位进行');
  });

  it('checks the role before the state, and the state before the preconditions', () => {
    expect(
      decide({ status: 'confirmed', action: 'recommend', role: 'unit', facts: { category: 'worker' } }),
    ).toMatchObject({ code: 'role_not_allowed' });
    const r = decide({
      status: 'confirmed',
      action: 'recommend',
      role: 'county',
      facts: { category: 'worker' },
    });
    expect(r).toMatchObject({ code: 'wrong_state' });
    expect(!r.ok && r.reason).toBe('该推荐对象已是「已正式确定」，流程已结束，不能再推荐');
    const d = decide({ status: 'draft', action: 'withdraw', role: 'unit', facts: GOOD });
    expect(!d.ok && d.reason).toBe(
      '该推荐对象当前为「草稿」，不能撤回推荐；只有「单位公示中」、「单位公示已结束」、「已报送县区」、「已退回单位」时可以',
    );
  });
});

/** Decide from the action's first documented state with GOOD facts changed by `over`. */
function attempt(action: WorkflowAction, over: Partial<WorkflowFacts>, status?: NominationStatus) {
  const row = table.get(action);
  if (!row) throw new Error(action);
  return decide({
    status: status ?? (row.from[0] as NominationStatus),
    action,
    role: row.role,
    facts: { ...GOOD, ...over },
  });
}
const refusal = (r: ReturnType<typeof decide>) =>
  r.ok ? null : { code: r.code, reason: r.reason, status: r.httpStatus };

describe('preconditions', () => {
  it('needs a reason to return, decline, withdraw or uphold an objection', () => {
    for (const a of ['returnToUnit', 'decline', 'withdraw', 'returnToCounty', 'upholdObjection'] as const) {
      expect(refusal(attempt(a, { reason: '  ' })), a).toMatchObject({
        code: 'reason_required',
        status: 400,
      });
      expect(refusal(attempt(a, { reason: undefined })), a).toMatchObject({ code: 'reason_required' });
    }
    expect(attempt('discard', { reason: undefined })).toMatchObject({ ok: true, next: 'discarded' });
  });

  it('starts the unit publicity only with a complete form and the unit recommendation recorded', () => {
    const problems = [1, 2, 3, 4].map((i) => ({ field: `f${i}`, message: `请填写第${i}项` }));
    const r = attempt('startUnitPublicity', { problems });
    expect(refusal(r)).toEqual({
      code: 'form_incomplete',
      status: 409,
      reason: '推荐材料尚不完整，不能开始单位公示：请填写第1项；请填写第2项；请填写第3项等 4 项',
    });
    expect(!r.ok && r.details).toHaveLength(4);
    expect(refusal(attempt('startUnitPublicity', { democraticRecommendation: undefined }))).toMatchObject({
      code: 'unit_recommendation_missing',
      reason: expect.stringMatching(/民主推荐/),
    });
    expect(
      refusal(
        attempt('startUnitPublicity', {
          democraticRecommendation: { date: '2024-01-05', voters: 10, votesFor: 11 },
        }),
      ),
    ).toMatchObject({
      code: 'unit_recommendation_missing',
      reason: expect.stringMatching(/赞成票 11 票多于参加人数 10 人/),
    });
    expect(refusal(attempt('startUnitPublicity', { leadershipDecisionDate: undefined }))).toMatchObject({
      code: 'leadership_decision_missing',
    });
  });

  it('closes the unit publicity once it has ended, with the notice photo and its outcome', () => {
    expect(refusal(attempt('closeUnitPublicity', { unitPublicityEnded: false }))).toMatchObject({
      code: 'publicity_not_ended',
      reason: '公示到 2024年1月15日，请在公示期满后再结束公示',
    });
    expect(refusal(attempt('closeUnitPublicity', { noticePhotoUploaded: false }))).toMatchObject({
      code: 'notice_photo_missing',
    });
    expect(refusal(attempt('closeUnitPublicity', { unitPublicityOutcome: undefined }))).toMatchObject({
      code: 'publicity_outcome_missing',
    });
    expect(attempt('closeUnitPublicity', { unitPublicityOutcome: 'objections_handled' })).toMatchObject({
      ok: true,
    });
  });

  it('submits to the county before the deadline, complete, with the photo and the publicity done', () => {
    expect(
      refusal(attempt('submitToCounty', { deadlinePassed: true, problems: [{ field: 'x', message: 'y' }] })),
    ).toEqual({
      code: 'deadline_passed',
      status: 409,
      reason: '截止日期 2024年1月18日 已过，不能再报送县区；如需延期，请联系市评选办',
    });
    expect(
      refusal(attempt('submitToCounty', { problems: [{ field: 'deeds', message: '请填写主要事迹' }] })),
    ).toMatchObject({
      code: 'form_incomplete',
      reason: '推荐材料尚不完整，不能报送县区：请填写主要事迹',
    });
    expect(refusal(attempt('submitToCounty', { photoAccepted: false }))).toMatchObject({
      code: 'photo_missing',
      reason: '请先上传合格的2寸蓝底彩色证件照，再报送县区',
    });
    expect(
      refusal(attempt('submitToCounty', { photoAccepted: false, photoLabel: '1寸白底彩色证件照' })),
    ).toMatchObject({ code: 'photo_missing', reason: '请先上传合格的1寸白底彩色证件照，再报送县区' });
    expect(
      attempt('submitToCounty', { photoAccepted: false, category: 'collective', photoRequired: false }),
    ).toMatchObject({ ok: true });
    // the definition's photo rule decides, whatever the category is called (Qingfeng's teachers)
    expect(
      refusal(
        attempt('submitToCounty', { photoAccepted: false, category: 'class-teacher', photoRequired: true }),
      ),
    ).toMatchObject({ code: 'photo_missing' });
    expect(
      refusal(attempt('submitToCounty', { leadershipDecisionDate: undefined }, 'returned_to_unit')),
    ).toMatchObject({
      code: 'leadership_decision_missing',
    });
    expect(
      refusal(attempt('submitToCounty', { unitPublicityOutcome: undefined }, 'returned_to_unit')),
    ).toMatchObject({
      code: 'publicity_not_done',
    });
  });

  it('recommends only after a passed political review and three favourable, stamped opinions', () => {
    expect(refusal(attempt('recommend', { politicalReview: undefined }))).toMatchObject({
      code: 'political_review_missing',
    });
    expect(refusal(attempt('recommend', { politicalReview: { passed: false } }))).toMatchObject({
      code: 'political_review_failed',
      reason: expect.stringMatching(/不予推荐/),
    });
    expect(
      refusal(attempt('recommend', { opinions: { personnel: { favourable: true, stampedScan: true } } })),
    ).toMatchObject({
      code: 'opinions_missing',
      reason: '请先登记纪检监察、公安意见，再推荐',
    });
    const opinions = { ...GOOD.opinions, police: { favourable: true, stampedScan: false } };
    expect(refusal(attempt('recommend', { opinions }))).toMatchObject({
      code: 'opinion_scan_missing',
      reason: '请上传公安意见的盖章扫描件，再推荐',
    });
    const against = { ...GOOD.opinions, discipline: { favourable: false, stampedScan: true } };
    expect(refusal(attempt('recommend', { opinions: against }))).toMatchObject({
      code: 'opinion_unfavourable',
      reason: expect.stringMatching(/^纪检监察意见不同意推荐/),
    });
    expect(
      refusal(attempt('recommend', { problems: [{ field: 'x', message: '请填写联系电话' }] })),
    ).toMatchObject({
      code: 'form_incomplete',
    });
    expect(refusal(attempt('recommend', { photoAccepted: false }))).toMatchObject({ code: 'photo_missing' });
  });

  it('submits to the city before the deadline, with the county report written', () => {
    expect(refusal(attempt('submitToCity', { deadlinePassed: true, deadline: undefined }))).toMatchObject({
      code: 'deadline_passed',
      reason: '截止日期已过，不能再报送市评选办；如需延期，请联系市评选办',
    });
    expect(refusal(attempt('submitToCity', { countyReportDone: false }))).toMatchObject({
      code: 'county_report_missing',
    });
  });

  it('records a vote only when the checklist passes and the numbers add up; the rule decides the next state', () => {
    const r = attempt('recordVote', { unitPublicityDays: 4 });
    expect(refusal(r)).toMatchObject({
      code: 'checklist_failed',
      reason: expect.stringMatching(/单位公示：单位公示仅 4 个工作日，应不少于 5 个工作日/),
    });
    expect(!r.ok && r.details).toEqual(['单位公示：单位公示仅 4 个工作日，应不少于 5 个工作日']);
    expect(refusal(attempt('recordVote', { vote: undefined }))).toMatchObject({
      code: 'vote_missing',
      status: 400,
    });
    expect(
      refusal(attempt('recordVote', { vote: { for: 8, against: 3, abstain: 1, present: 11, members: 13 } })),
    ).toMatchObject({
      code: 'vote_invalid',
      status: 400,
      reason: expect.stringMatching(/合计 12 票，多于到会成员 11 人/),
    });
    const tie = { for: 5, against: 5, abstain: 0, present: 10, members: 13 };
    expect(attempt('recordVote', { vote: tie })).toEqual({ ok: true, next: 'not_selected', quota: -1 });
    expect(attempt('recordVote', { vote: { ...tie, for: 6, against: 4 } })).toEqual({
      ok: true,
      next: 'passed',
      quota: 0,
    });
    expect(
      attempt('recordVote', {
        vote: { ...tie, for: 6, against: 4 },
        voteRule: NAMED_VOTE_RULES.more_than_half_members,
      }),
    ).toMatchObject({
      next: 'not_selected',
    });
  });

  it('starts the city publicity only when the checklist passes', () => {
    expect(refusal(attempt('startCityPublicity', { opinions: {} }))).toMatchObject({
      code: 'checklist_failed',
    });
  });

  it('confirms once the city publicity has ended and no objection case is open', () => {
    expect(refusal(attempt('confirm', { cityPublicityEnded: false }))).toMatchObject({
      code: 'publicity_not_ended',
    });
    expect(refusal(attempt('confirm', { openCases: 2 }))).toMatchObject({
      code: 'cases_open',
      reason: '还有 2 件异议未办结，请先办结再正式确定',
    });
  });

  it('counts a fact left out as not done', () => {
    expect(refusal(attempt('recordVote', { unitPublicityDays: undefined }))).toMatchObject({
      code: 'checklist_failed',
    });
    expect(
      decide({
        status: 'city_publicity',
        action: 'confirm',
        role: 'city',
        facts: { category: 'collective' },
      }),
    ).toMatchObject({
      code: 'publicity_not_ended',
    });
  });
});

describe('the city checklist', () => {
  it('is all ok for a complete record, in a fixed order', () => {
    const list = cityChecklist(GOOD);
    expect(list.map((c) => c.item)).toEqual([...CHECKLIST_ITEMS]);
    expect(list.every((c) => c.ok)).toBe(true);
    expect(list.find((c) => c.item === 'unit_publicity')?.message).toBe('已公示 5 个工作日，公示无异议');
  });

  it('says what is wrong with each item', () => {
    const list = cityChecklist({
      category: 'worker',
      photoRequired: true,
      problems: [{ field: 'assessments', message: '近五年考核须均为称职（合格）及以上，2021 年度未达到' }],
      unitPublicityDays: 5,
      politicalReview: { passed: false },
      opinions: { personnel: { favourable: true, stampedScan: true } },
    });
    const byItem = Object.fromEntries(list.map((c) => [c.item, c]));
    expect(byItem.unit_recommendation).toMatchObject({
      ok: false,
      message: expect.stringMatching(/民主推荐/),
    });
    expect(byItem.unit_publicity).toMatchObject({
      ok: false,
      message: '单位公示尚未登记结果（公示无异议或异议已处理）',
    });
    expect(byItem.political_review).toMatchObject({ ok: false, message: '政治审查未通过' });
    expect(byItem.opinions).toMatchObject({ ok: false, message: '缺少纪检监察、公安意见' });
    expect(byItem.photo).toMatchObject({ ok: false, message: '缺少合格的2寸蓝底彩色证件照' });
    expect(byItem.eligibility).toMatchObject({
      ok: false,
      message: '近五年考核须均为称职（合格）及以上，2021 年度未达到',
    });
  });

  it('asks a photo only of the categories the photo rule lists', () => {
    const collective = { ...GOOD, category: 'collective', photoRequired: false, photoAccepted: false };
    expect(cityChecklist(collective).every((c) => c.ok)).toBe(true);
    const teacher = { ...GOOD, category: 'teacher', photoRequired: true, photoAccepted: false };
    expect(cityChecklist(teacher).find((c) => c.item === 'photo')).toMatchObject({ ok: false });
  });
});

describe('missing materials', () => {
  it('finds nothing missing in a complete record, and each gap by the checklist’s rules', () => {
    expect(materialGaps(GOOD)).toEqual([]);
    expect(materialGaps({ ...GOOD, photoAccepted: false })).toEqual(['photo']);
    expect(
      materialGaps({ ...GOOD, category: 'collective', photoRequired: false, photoAccepted: false }),
    ).toEqual([]);
    expect(materialGaps({ ...GOOD, category: 'teacher', photoAccepted: false })).toEqual(['photo']);
    const { leadershipDecisionDate: _l, ...noDecision } = GOOD;
    expect(materialGaps(noDecision)).toEqual(['unit_recommendation']);
    const { democraticRecommendation: _d, ...noVote } = GOOD;
    expect(materialGaps(noVote)).toEqual(['unit_recommendation']);
    expect(materialGaps({ ...GOOD, unitPublicityDays: 4 })).toEqual(['unit_publicity']);
    const { unitPublicityOutcome: _o, ...notClosed } = GOOD;
    expect(materialGaps(notClosed)).toEqual(['unit_publicity']);
    expect(
      materialGaps({
        ...GOOD,
        opinions: {
          personnel: { favourable: true, stampedScan: false },
          discipline: { favourable: true, stampedScan: true },
        },
      }),
    ).toEqual(['opinions', 'opinion_scans']);
    // Judgements are the reviewers', not missing materials.
    expect(
      materialGaps({
        ...GOOD,
        politicalReview: { passed: false },
        opinions: { ...GOOD.opinions, police: { favourable: false, stampedScan: true } },
        problems: [{ field: 'deeds', message: '请填写主要事迹' }],
      }),
    ).toEqual([]);
    // A bare record lacks everything (an opinion not there has no scan to lack).
    expect(materialGaps({ category: 'worker', photoRequired: true })).toEqual([
      'photo',
      'unit_recommendation',
      'unit_publicity',
      'opinions',
    ]);
  });

  it('counts per region and in total only nominations in play, every region listed', () => {
    const bare: WorkflowFacts = { category: 'worker', photoRequired: true };
    const noScan: WorkflowFacts = {
      ...GOOD,
      opinions: { ...GOOD.opinions, police: { favourable: true, stampedScan: false } },
    };
    const tally = missingMaterials(
      ['hualong', 'puyang', 'fanxian'],
      [
        { regionId: 'hualong', status: 'submitted', facts: bare },
        { regionId: 'hualong', status: 'city_review', facts: GOOD },
        { regionId: 'hualong', status: 'returned_to_unit', facts: noScan },
        { regionId: 'puyang', status: 'recommended', facts: { ...GOOD, photoAccepted: false } },
        // Out of play: the unit's work in progress and the end states.
        ...(['draft', 'unit_publicity', 'unit_publicized', ...TERMINAL_STATUSES] as NominationStatus[]).map(
          (status) => ({ regionId: 'puyang', status, facts: bare }),
        ),
        { regionId: 'mars', status: 'submitted', facts: bare },
      ],
    );
    expect(tally.regions.hualong).toEqual({
      inPlay: 3,
      incomplete: 2,
      gaps: { photo: 1, unit_recommendation: 1, unit_publicity: 1, opinions: 1, opinion_scans: 1 },
    });
    expect(tally.regions.puyang).toEqual({
      inPlay: 1,
      incomplete: 1,
      gaps: { photo: 1, unit_recommendation: 0, unit_publicity: 0, opinions: 0, opinion_scans: 0 },
    });
    expect(tally.regions.fanxian).toMatchObject({ inPlay: 0, incomplete: 0 });
    expect(tally.regions.mars).toBeUndefined();
    expect(tally.total).toEqual({
      inPlay: 4,
      incomplete: 3,
      gaps: { photo: 2, unit_recommendation: 1, unit_publicity: 1, opinions: 1, opinion_scans: 1 },
    });
    expect(Object.keys(MATERIAL_GAP_LABELS)).toEqual([...MATERIAL_GAPS]);
    for (const s of MATERIALS_STATUSES) expect(TERMINAL_STATUSES).not.toContain(s);
  });
});

describe('votePasses', () => {
  const v = (f: number, present: number, members = 15) => ({
    for: f,
    against: present - f,
    abstain: 0,
    present,
    members,
  });
  it('needs more than half of those present by default', () => {
    expect(votePasses(v(6, 11))).toEqual({ ok: true, passes: true, needed: 6 });
    expect(votePasses(v(5, 10))).toEqual({ ok: true, passes: false, needed: 6 });
  });
  it('counts two thirds of those present inclusively', () => {
    expect(votePasses(v(6, 9), NAMED_VOTE_RULES.two_thirds_present)).toEqual({
      ok: true,
      passes: true,
      needed: 6,
    });
    expect(votePasses(v(6, 10), NAMED_VOTE_RULES.two_thirds_present)).toEqual({
      ok: true,
      passes: false,
      needed: 7,
    });
  });
  it('can count against all members', () => {
    expect(votePasses(v(7, 10, 15), NAMED_VOTE_RULES.more_than_half_members)).toEqual({
      ok: true,
      passes: false,
      needed: 8,
    });
    expect(votePasses(v(8, 10, 15), NAMED_VOTE_RULES.more_than_half_members)).toMatchObject({ passes: true });
  });
  it('refuses numbers that cannot be right, in Chinese', () => {
    for (const bad of [
      { for: 1, against: 0, abstain: 0, present: 12, members: 11 },
      { for: 1.5, against: 0, abstain: 0, present: 3, members: 5 },
      { for: -1, against: 0, abstain: 0, present: 3, members: 5 },
      { for: 0, against: 0, abstain: 0, present: 0, members: 5 },
      { for: 3, against: 2, abstain: 1, present: 5, members: 5 },
    ]) {
      const r = votePasses(bad);
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, code: 'vote_invalid' });
      expect(!r.ok && r.reason).toMatch(CHINESE);
    }
  });
});

describe('quota and editing', () => {
  it('counts a place from recommendation until the list is final', () => {
    expect([...QUOTA_STATUSES]).toEqual([
      'recommended',
      'city_review',
      'passed',
      'city_publicity',
      'confirmed',
    ]);
    expect(quotaChange('submitted', 'recommended')).toBe(1);
    expect(quotaChange('returned_to_county', 'recommended')).toBe(1);
    expect(quotaChange('recommended', 'city_review')).toBe(0);
    expect(quotaChange('city_review', 'returned_to_county')).toBe(-1);
    expect(quotaChange('recommended', 'not_recommended')).toBe(-1);
    expect(quotaChange('recommended', 'returned_to_unit')).toBe(-1);
    expect(quotaChange('city_publicity', 'revoked')).toBe(-1);
    expect(quotaChange('submitted', 'withdrawn')).toBe(0);
  });

  it('reports the quota move with each allowed step', () => {
    expect(attempt('recommend', {})).toEqual({ ok: true, next: 'recommended', quota: 1 });
    expect(attempt('returnToCounty', {})).toEqual({ ok: true, next: 'returned_to_county', quota: -1 });
    expect(attempt('upholdObjection', {})).toEqual({ ok: true, next: 'revoked', quota: -1 });
  });

  it('lets the unit edit a draft and a returned nomination only', () => {
    expect([...EDITABLE_STATUSES]).toEqual(['draft', 'returned_to_unit']);
    expect(actionsFor('returned_to_unit', 'unit')).toEqual([
      'edit',
      'startUnitPublicity',
      'attachNoticePhoto',
      'submitToCounty',
      'withdraw',
    ]);
    expect(actionsFor('submitted', 'county')).toEqual([
      'recordPoliticalReview',
      'recordOpinion',
      'returnToUnit',
      'recommend',
      'decline',
    ]);
    expect(actionsFor('confirmed', 'city')).toEqual([]);
    for (const s of NOMINATION_STATUSES) expect(actionsFor(s, 'auditor')).toEqual([]);
  });
});

describe('what is still the unit’s own', () => {
  it('is everything before the first submission, a withdrawal before it included', async () => {
    const { isUnitsOwn } = await import('#shared/workflow');
    const own = NOMINATION_STATUSES.filter((status) => isUnitsOwn({ status }));
    expect(own).toEqual(['draft', 'unit_publicity', 'unit_publicized', 'withdrawn', 'discarded']);
    expect(isUnitsOwn({ status: 'withdrawn', submittedAt: '2026-01-05T00:00:00Z' })).toBe(false);
    expect(isUnitsOwn({ status: 'returned_to_unit', submittedAt: '2026-01-05T00:00:00Z' })).toBe(false);
  });
});

describe('vote rules from the notice', () => {
  const v = (yes: number, present: number, members = present) => ({
    for: yes,
    against: present - yes,
    abstain: 0,
    present,
    members,
  });

  it('words every named rule as its label, and any other fraction the way a notice would', () => {
    for (const [name, rule] of Object.entries(NAMED_VOTE_RULES)) {
      expect(voteRuleLabel(rule)).toBe(PASS_RULE_LABELS[name as keyof typeof NAMED_VOTE_RULES]);
    }
    expect(voteRuleLabel({ fraction: '3/4', comparison: 'atLeast', of: 'members' })).toBe(
      '同意票达到全体成员四分之三以上',
    );
  });

  it('counts any fraction in whole votes: more than 3/5 of 10 is 7, 3/4 of 9 or more is 7', () => {
    expect(votePasses(v(6, 10), { fraction: '3/5', comparison: 'moreThan', of: 'present' })).toMatchObject({
      passes: false,
      needed: 7,
    });
    expect(votePasses(v(7, 9), { fraction: '3/4', comparison: 'atLeast', of: 'present' })).toMatchObject({
      passes: true,
      needed: 7,
    });
  });

  it('takes the city office’s pick first, then the notice’s rule, then more than half present', () => {
    const notice = { steps: { vote: { fraction: '2/3', comparison: 'atLeast', of: 'present' } as const } };
    expect(voteRuleOf({ definition: notice })).toEqual(NAMED_VOTE_RULES.two_thirds_present);
    expect(voteRuleOf({ definition: notice, passRule: 'as_notice' })).toEqual(
      NAMED_VOTE_RULES.two_thirds_present,
    );
    expect(voteRuleOf({ definition: notice, passRule: 'more_than_half_members' })).toEqual(
      NAMED_VOTE_RULES.more_than_half_members,
    );
    expect(voteRuleOf({})).toEqual(DEFAULT_VOTE_RULE);
  });

  it('asks the county for its report only when the notice does (and when there is no notice)', () => {
    const review = (report: boolean) => ({ steps: { middleReview: { report } } });
    expect(countyReportRequired({ definition: review(true) })).toBe(true);
    expect(countyReportRequired({ definition: review(false) })).toBe(false);
    expect(countyReportRequired({})).toBe(true);
  });
});

describe('department opinions from the notice', () => {
  const ethics = [{ id: 'ethics', department: '师德师风' }];
  const reviewedFacts = {
    category: 'worker',
    problems: [],
    photoAccepted: true,
    politicalReview: { passed: true },
    requiredOpinions: ethics,
  };

  it('asks for the notice’s opinions only, by its names', () => {
    const none = decide({ status: 'submitted', action: 'recommend', role: 'county', facts: reviewedFacts });
    expect(none.ok ? '' : none.reason).toBe('请先登记师德师风意见，再推荐');
    const unstamped = decide({
      status: 'submitted',
      action: 'recommend',
      role: 'county',
      facts: { ...reviewedFacts, opinions: { ethics: { favourable: true, stampedScan: false } } },
    });
    expect(unstamped.ok ? '' : unstamped.reason).toContain('请上传师德师风意见的盖章扫描件');
    const done = decide({
      status: 'submitted',
      action: 'recommend',
      role: 'county',
      facts: { ...reviewedFacts, opinions: { ethics: { favourable: true, stampedScan: true } } },
    });
    expect(done).toMatchObject({ ok: true, next: 'recommended' });
    const row = cityChecklist({ ...reviewedFacts, opinions: {} }).find((c) => c.item === 'opinions');
    expect(row).toMatchObject({ label: '师德师风意见', ok: false, message: '缺少师德师风意见' });
  });

  it('names scans and opinions by the notice: “部门意见” unless the notice gives a title', () => {
    const opinions = [
      ...PUYANG_OPINIONS,
      { id: 'ethics', department: '师德师风', title: '师德师风专项审查意见' },
    ];
    expect(scanPurposeLabel('opinion-police', opinions)).toBe('公安部门意见（盖章）');
    expect(scanPurposeLabel('opinion-ethics', opinions)).toBe('师德师风专项审查意见（盖章）');
    expect(scanPurposeLabel('notice', opinions)).toBe('单位公示张贴照片');
    expect(opinionTitle({ department: '组织人事' })).toBe('组织人事部门意见');
    expect(opinionOfPurpose('opinion-ethics')).toBe('ethics');
  });
});
