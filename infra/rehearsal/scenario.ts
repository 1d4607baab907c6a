/**
 * A whole campaign as its people would run it, through the public API only: the city office
 * sets up (the coming year's holidays, objection channels, the unit list), about ten units a
 * region nominate with photos and stamped scans, run their publicity and submit; counties
 * review, return, recommend within their quota and report; the city office returns one to its
 * county, meets, votes (one nominee fails), publicises in rounds, handles objections (one
 * upheld, one dismissed), recommends replacements through a second meeting and round, confirms
 * and exports. The local clock (`PUT /_local/clock`) moves the calendar on between stages.
 *
 * Every nominee must end in an end state: one left anywhere else is "stuck", and the rehearsal
 * fails. Stages can stop early (`until`) so the campaign can be looked at as it stands.
 */
import { type Campaign, categoriesOf, photoRequired } from '#shared/campaign';
import type { CategoryDefinition } from '#shared/definition/schema';
import { opinionsOf, opinionTitle } from '#shared/opinions';
import { photoRulesOf } from '#shared/photo-rules';
import { lengthLabel, unitPublicityLength } from '#shared/publicity-length';
import { countyReportRequired } from '#shared/workflow';
import { ApiClient, inParallel, StepFailed } from './client.ts';
import { amendedDeeds, formFor } from './forms.ts';
import { idPhoto, planUnits, seeded, stampedPaper, type UnitPlan, unitListCsv } from './people.ts';

/** The stages, in order; `until` names the last one to run. */
export const STAGES = [
  'setup',
  'nominations',
  'unit_publicity',
  'county_review',
  'city_review',
  'city_publicity',
  'second_round',
  'confirmation',
  'export',
  'audit',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  setup: '准备（节假日、异议渠道、推荐单位账号）',
  nominations: '单位填报（表单、照片、民主推荐）',
  unit_publicity: '单位公示及报送审核单位',
  county_review: '县区（学校）审核、推荐及报送',
  city_review: '市级审核、评审会表决',
  city_publicity: '第一轮市级公示及异议处理',
  second_round: '递补推荐、第二次评审会、第二轮公示',
  confirmation: '正式确定',
  export: '导出全部材料',
  audit: '审计核验全部历史',
};

export interface RehearsalOptions {
  baseUrl: string;
  campaignId: string;
  /** Demo codes: the city office's, the auditor's and each region's county reviewer's. */
  codes: { city: string; auditor: string; counties: Record<string, string> };
  /** Units per region (10 → 100 units). */
  unitsPerRegion: number;
  /** Nominations beyond the quota per region and category (3 → about 150 in all). */
  extraPerCategory: number;
  until?: Stage;
  /** Units acting at once. */
  parallel?: number;
  log?: (line: string) => void;
}

export interface RehearsalResult {
  stagesRun: Stage[];
  nominations: number;
  byStatus: Record<string, number>;
  confirmed: number;
  /** Nominees in a state that is not an end state once the whole campaign has run. */
  stuck: { id: string; name: string; status: string }[];
  requests: number;
  requestsByRole: Record<string, number>;
  wallSeconds: number;
  exportSeconds?: number;
  exportBytes?: number;
  /** The auditor's verification of every chain at the end: breaks found (none when intact). */
  audit?: { ok: boolean; chains: number; breaks: number; seconds: number };
  /** The units the rehearsal created, with their login codes (to look around afterwards). */
  units: { regionName: string; name: string; code: string }[];
}

const TERMINAL = ['not_recommended', 'not_selected', 'confirmed', 'revoked', 'withdrawn', 'discarded'];

/**
 * A year's holiday arrangement as the city office pastes it, in the State Council notice's
 * wording. Rehearsals only: it stands in for the real notice of a year the calendar lacks (2027's
 * dates are the festivals' own; any other year gets 元旦 alone).
 */
export function standInHolidayNotice(year: number): string {
  const title = `国务院办公厅关于${year}年部分节假日安排的通知（演练用示例）`;
  if (year === 2027)
    return `${title}

一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月14日（周日）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
`;
  const weekday = '日一二三四五六'[new Date(Date.UTC(year, 0, 1)).getUTCDay()];
  return `${title}\n\n一、元旦：1月1日（周${weekday}）放假，共1天。\n`;
}

/** `date` moved on by `days` calendar days, landing on a weekday (Saturday and Sunday skipped). */
export function weekdayAfter(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

interface Nominee {
  id: string;
  unit: Unit;
  category: CategoryDefinition;
  name: string;
  version: number;
  /** What the story has in store for it. */
  fate: 'recommend' | 'decline' | 'reserve';
}

interface Unit extends UnitPlan {
  token: string;
  code: string;
}

/** The demo codes a rehearsal signs in with: the city office's and each region's county reviewer's. */
export function demoCodes(demo: readonly { role: string; regionId?: string; code: string }[]) {
  return {
    city: demo.find((a) => a.role === 'city')?.code as string,
    auditor: demo.find((a) => a.role === 'auditor')?.code as string,
    counties: Object.fromEntries(
      demo.filter((a) => a.role === 'county').map((a) => [a.regionId as string, a.code]),
    ),
  };
}

/** 09:00 China time on a date, as the clock takes it. */
const at = (date: string) => `${date}T01:00:00.000Z`;

export async function rehearse(o: RehearsalOptions): Promise<RehearsalResult> {
  const started = Date.now();
  const log = o.log ?? ((l: string) => console.log(l));
  const api = new ApiClient(o.baseUrl);
  const rand = seeded(20261206);
  const parallel = o.parallel ?? 8;
  const stagesRun: Stage[] = [];
  let units: Unit[] = [];
  const ran = (s: Stage) => stagesRun.push(s);
  const stop = (s: Stage) => o.until === s;
  const c = `/api/campaigns/${o.campaignId}`;
  let today = '';
  const clock = async (date: string) => {
    today = date;
    await api.must('PUT', '/_local/clock', { body: { now: at(date) }, role: 'local' });
  };
  const say = (text: string) =>
    log(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${today}  ${text}`);

  const login = async (code: string, role: string) =>
    (await api.must('POST', '/api/auth/login', { body: { code }, role })).token as string;

  // ── setup ──
  const city = await login(o.codes.city, 'city');
  const campaign: Campaign = (await api.must('GET', c, { token: city, role: 'city' })).campaign;
  const regions: { id: string; name: string; quotas: Record<string, number> }[] = campaign.regions;
  const { workYear, regionTerm, contact } = campaign.definition;
  // the department opinions the notice asks for (Puyang: personnel, discipline, police)
  const opinions = opinionsOf(campaign);
  const opinionIds = opinions.map((x) => x.id);
  const opinionNames = opinions.map(opinionTitle).join('、');
  const categories = categoriesOf(campaign);
  const firstCategory = categories[0] as CategoryDefinition;
  const lastCategory = categories.at(-1) as CategoryDefinition;
  const ranked = campaign.definition.steps.vote.rankByScore;
  // two weeks after the notice, on a Monday or later: the units have read it and start
  const realToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await clock(weekdayAfter(campaign.noticeDate ?? realToday, 14));
  const next = () => clock(weekdayAfter(today, 1));
  // the units hold their democratic recommendations the day they start
  const democraticOn = today;
  const county: Record<string, string> = {};
  for (const r of regions) county[r.id] = await login(o.codes.counties[r.id] as string, 'county');

  const calendar = await api.must('GET', '/api/holiday-calendar', { token: city, role: 'city' });
  for (const { year } of calendar.gaps as { year: number }[]) {
    await api.must('PUT', `/api/holiday-calendar/${year}`, {
      token: city,
      role: 'city',
      body: { text: standInHolidayNotice(year) },
    });
    say(`市评选办粘贴 ${year} 年节假日安排通知（演练用示例），全系统生效`);
  }
  await api.must('PATCH', c, {
    token: city,
    role: 'city',
    body: {
      objectionChannels: {
        phone: contact.phone,
        letter: `${contact.address ?? ''}${campaign.definition.office}`,
        ...(contact.email ? { email: contact.email } : {}),
      },
    },
  });
  const plans = planUnits(regions, o.unitsPerRegion, regionTerm);
  const imported = await api.must('POST', '/api/accounts/import', {
    token: city,
    role: 'city',
    body: { csv: unitListCsv(plans) },
  });
  units = await inParallel(imported.issued as { code: string; account: any }[], parallel, async (i) => {
    const plan = plans.find(
      (p) => p.name === i.account.name && p.regionId === i.account.regionId,
    ) as UnitPlan;
    return { ...plan, code: i.code, token: await login(i.code, 'unit') };
  });
  say(`市评选办导入 ${units.length} 个推荐单位并发放登录码，各单位登录`);
  ran('setup');
  const finish = () => summary();
  if (stop('setup')) return finish();

  // ── nominations ──
  const photo = await idPhoto(7, photoRulesOf(campaign));
  const paper = await stampedPaper();
  const nominees: Nominee[] = [];
  for (const r of regions) {
    const inRegion = units.filter((u) => u.regionId === r.id);
    let k = 0;
    for (const category of categories) {
      const quota = r.quotas[category.id] ?? 0;
      const n = quota + o.extraPerCategory;
      for (let i = 0; i < n; i++) {
        const unit = inRegion[k++ % inRegion.length] as Unit;
        const fate: Nominee['fate'] = i < quota ? 'recommend' : 'decline';
        nominees.push({ id: '', unit, category, name: '', version: 0, fate });
      }
    }
  }
  /** The first nominee of `category` in the `region`th region that `also` holds for. */
  const nth = (list: Nominee[], category: CategoryDefinition, region: number, also = (_: Nominee) => true) =>
    list.find((n) => n.category === category && n.unit.regionId === regions[region]?.id && also(n));
  // Two reserves the counties hold back (候补): one replaces a failed vote, one an upheld objection.
  const reserves = [
    nth(nominees, firstCategory, 1, (n) => n.fate === 'decline'),
    nth(nominees, lastCategory, 2, (n) => n.fate === 'decline'),
  ].filter((n): n is Nominee => !!n);
  for (const n of reserves) n.fate = 'reserve';

  const uploadPhoto = async (n: Nominee) => {
    const ask = await api.must('POST', `/api/nominations/${n.id}/photo`, {
      token: n.unit.token,
      role: 'unit',
      body: { contentType: 'image/jpeg' },
    });
    await api.upload(ask.upload, photo, 'image/jpeg');
    await waitFor(async () => {
      const r = await api.must('GET', `/api/nominations/${n.id}`, { token: n.unit.token, role: 'unit' });
      const v = r.photos?.find((p: { photoId: string }) => p.photoId === ask.photoId);
      if (v?.status === 'refused') throw new StepFailed(`照片未通过：${v.reason}`);
      return v?.status === 'accepted' ? r : undefined;
    }, `photo of ${n.name}`);
  };
  const uploadScan = async (token: string, role: string, id: string, purpose: string): Promise<string> => {
    const ask = await api.must('POST', `/api/nominations/${id}/scans`, {
      token,
      role,
      body: { purpose, contentType: 'image/jpeg' },
    });
    await api.upload(ask.upload, paper, 'image/jpeg', role);
    await waitFor(async () => {
      const list = await api.must('GET', `/api/nominations/${id}/scans`, { token, role });
      const s = list.scans.find((x: { scanId: string }) => x.scanId === ask.scanId);
      if (s?.status === 'refused') throw new StepFailed(`扫描件未通过：${s.reason}`);
      return s?.status === 'accepted' ? s : undefined;
    }, `scan ${purpose}`);
    return ask.scanId as string;
  };
  const refresh = async (n: Nominee) => {
    const r = await api.must('GET', `/api/nominations/${n.id}`, { token: n.unit.token, role: 'unit' });
    n.version = r.version;
    return r;
  };

  await inParallel(nominees, parallel, async (n) => {
    // the category's approval form, as its definition lays it out
    const form = formFor(rand, n.category, n.unit.name, workYear);
    n.name = String(form[n.category.nameField]);
    const created = await api.must('POST', '/api/nominations', {
      token: n.unit.token,
      role: 'unit',
      body: { category: n.category.id, form },
    });
    n.id = created.id;
    if (photoRequired(campaign, n.category.id)) await uploadPhoto(n);
  });
  say(
    `${nominees.length} 个推荐对象填报完成（${categories
      .map((c) => `${c.label} ${nominees.filter((n) => n.category === c).length}`)
      .join('，')}，照片均经服务器审核合格）`,
  );
  ran('nominations');
  if (stop('nominations')) return finish();

  // ── unit publicity ──
  await next();
  const publicityEnds: string[] = [];
  const startPublicity = async (n: Nominee, postedOn: string) => {
    await api.must('PUT', `/api/nominations/${n.id}/unit-recommendation`, {
      token: n.unit.token,
      role: 'unit',
      body: {
        democratic: { date: democraticOn, voters: 32, votesFor: 29 },
        leadershipDecisionDate: postedOn,
      },
    });
    // the notice is posted and photographed; the photo is the publicity's evidence
    const noticeScanId = await uploadScan(n.unit.token, 'unit', n.id, 'notice');
    const started = await api.must('POST', `/api/nominations/${n.id}/unit-publicity`, {
      token: n.unit.token,
      role: 'unit',
      body: { postedOn, noticeScanId },
    });
    publicityEnds.push(started.process?.unitPublicity?.endsOn ?? postedOn);
  };
  await inParallel(nominees, parallel, (n) => startPublicity(n, today));
  say(
    `各单位完成民主推荐和领导班子研究，开始单位公示（${nominees.length} 人/个，${lengthLabel(unitPublicityLength(campaign))}）`,
  );

  // A unit started a publicity by mistake (the nominee's post was wrong): it cancels it, then
  // withdraws the nomination on reflection and copies it into a new draft it corrects.
  const mistaken = nominees.find((n) => n.category === firstCategory && n.fate === 'recommend') as Nominee;
  await api.must('POST', `/api/nominations/${mistaken.id}/unit-publicity/cancel`, {
    token: mistaken.unit.token,
    role: 'unit',
    body: { reason: '公示材料中职务填写有误，撤下更正' },
  });
  // the corrected notice is posted again, and photographed again
  const corrected = await uploadScan(mistaken.unit.token, 'unit', mistaken.id, 'notice');
  await api.must('POST', `/api/nominations/${mistaken.id}/unit-publicity`, {
    token: mistaken.unit.token,
    role: 'unit',
    body: { postedOn: today, noticeScanId: corrected },
  });
  say(`${mistaken.unit.name}取消误开始的单位公示（写明理由）后重新公示`);

  await next();
  const withdrawn = nominees.find(
    (n) => n.category === firstCategory && n.fate === 'recommend' && n !== mistaken,
  ) as Nominee;
  await api.must('POST', `/api/nominations/${withdrawn.id}/withdraw`, {
    token: withdrawn.unit.token,
    role: 'unit',
    body: { reason: '推荐对象身份信息需更正，撤回后重新填报' },
  });
  const copy = await api.must('POST', `/api/nominations/${withdrawn.id}/copy`, {
    token: withdrawn.unit.token,
    role: 'unit',
  });
  const replacement: Nominee = { ...withdrawn, id: copy.id ?? copy.nomination?.id, version: 0 };
  withdrawn.fate = 'decline'; // it ends withdrawn; its copy takes its part
  nominees.push(replacement);
  await refresh(replacement);
  await startPublicity(replacement, today);
  say(`${withdrawn.unit.name}撤回一名推荐对象，复制为新草稿（表单和照片无需重填），更正后重新公示`);

  await clock(weekdayAfter(publicityEnds.sort().at(-1) as string, 1));
  const live = () => nominees.filter((n) => n !== withdrawn);
  await inParallel(live(), parallel, async (n) => {
    await api.must('POST', `/api/nominations/${n.id}/unit-publicity/close`, {
      token: n.unit.token,
      role: 'unit',
      body: { outcome: 'no_objection' },
    });
    await api.must('POST', `/api/nominations/${n.id}/submit`, { token: n.unit.token, role: 'unit' });
  });
  say(`单位公示期满无异议，${live().length} 个推荐对象报送${regionTerm}`);
  ran('unit_publicity');
  if (stop('unit_publicity')) return finish();

  // ── county review ──
  await next();
  const review = async (n: Nominee) => {
    const token = county[n.unit.regionId] as string;
    await api.must('PUT', `/api/nominations/${n.id}/political-review`, {
      token,
      role: 'county',
      body: { passed: true, text: '政治立场坚定，无违法违纪问题', date: today },
    });
    for (const [i, d] of opinionIds.entries()) {
      const scanId = await uploadScan(token, 'county', n.id, `opinion-${d}`);
      await api.must('PUT', `/api/nominations/${n.id}/opinions/${d}`, {
        token,
        role: 'county',
        body: {
          conclusion: '同意推荐',
          favourable: true,
          text: '经审核无异议',
          date: today,
          docNumber: `${today.slice(0, 4)}年第${i + 1}号`,
          scanId,
        },
      });
    }
  };
  await inParallel(live(), parallel, review);
  say(`${regionTerm}完成政治审查，征求${opinionNames}（每人 ${opinionIds.length} 份盖章意见扫描件）`);

  // One nomination goes back to its unit: the deeds need a figure; the unit corrects and resubmits.
  const returned = live().find(
    (n) => n.fate === 'recommend' && n.category === lastCategory && n !== replacement,
  ) as Nominee;
  await api.must('POST', `/api/nominations/${returned.id}/return-to-unit`, {
    token: county[returned.unit.regionId],
    role: 'county',
    body: { reason: '主要事迹缺少资金监管的具体数据，请补充后重新报送' },
  });
  const before = await refresh(returned);
  await api.must('PATCH', `/api/nominations/${returned.id}`, {
    token: returned.unit.token,
    role: 'unit',
    body: { version: before.version, form: amendedDeeds(returned.category, before.form) },
  });
  await api.must('POST', `/api/nominations/${returned.id}/submit`, {
    token: returned.unit.token,
    role: 'unit',
  });
  say(`${regionTerm}退回一个推荐对象补充材料，${returned.unit.name}修改后重新报送`);

  await next();
  await inParallel(live(), parallel, async (n) => {
    const token = county[n.unit.regionId] as string;
    if (n.fate === 'recommend')
      await api.must('POST', `/api/nominations/${n.id}/recommend`, { token, role: 'county' });
    else if (n.fate === 'decline')
      await api.must('POST', `/api/nominations/${n.id}/decline`, {
        token,
        role: 'county',
        body: { reason: '超出本地区名额，经审核推荐小组研究不予推荐' },
      });
  });
  const withReport = countyReportRequired(campaign);
  for (const r of regions) {
    if (withReport)
      await api.must('PUT', `/api/regions/${r.id}/report`, {
        token: county[r.id],
        role: 'county',
        body: countyReport(r.name, opinionNames, lengthLabel(unitPublicityLength(campaign))),
      });
    await api.must('POST', `/api/regions/${r.id}/submit`, { token: county[r.id], role: 'county' });
  }
  say(
    `各${regionTerm}在名额内推荐，其余不予推荐（${reserves.length} 个留作候补），${withReport ? '撰写审核推荐工作报告并' : ''}报送`,
  );
  ran('county_review');
  if (stop('county_review')) return finish();

  // ── city review ──
  await next();
  const inReview = live().filter((n) => n.fate === 'recommend');
  const sentBack = nth(inReview, firstCategory, 3) as Nominee;
  const lastOpinion = opinions.at(-1) as (typeof opinions)[number];
  await api.must('POST', `/api/nominations/${sentBack.id}/return-to-county`, {
    token: city,
    role: 'city',
    body: { reason: `${opinionTitle(lastOpinion)}扫描件不清晰，请重新上传` },
  });
  const cToken = county[sentBack.unit.regionId] as string;
  const scanId = await uploadScan(cToken, 'county', sentBack.id, `opinion-${lastOpinion.id}`);
  await api.must('PUT', `/api/nominations/${sentBack.id}/opinions/${lastOpinion.id}`, {
    token: cToken,
    role: 'county',
    body: {
      conclusion: '同意推荐',
      favourable: true,
      text: '经审核无异议',
      date: today,
      docNumber: `${today.slice(0, 4)}年第${opinions.length}号`,
      scanId,
    },
  });
  await api.must('POST', `/api/nominations/${sentBack.id}/recommend`, { token: cToken, role: 'county' });
  await api.must('POST', `/api/regions/${sentBack.unit.regionId}/submit`, { token: cToken, role: 'county' });
  say(`市评选办退回一个推荐对象，${regionTerm}重新上传${opinionTitle(lastOpinion)}后再次推荐报送`);

  await next();
  await api.must('PUT', `${c}/meeting`, {
    token: city,
    role: 'city',
    body: { date: today, members: 9, present: 9, attendees: ['组长', '副组长', '成员'] },
  });
  const failed = nth(inReview, firstCategory, 1) as Nominee;
  // a notice that ranks by score has the review body score each nominee (评审得分)
  const score = (i: number) => (ranked ? { score: Math.round((96 - (i % 40) * 0.5) * 10) / 10 } : {});
  await inParallel(inReview, parallel, (n) =>
    api.must('POST', `/api/nominations/${n.id}/vote`, {
      token: city,
      role: 'city',
      body:
        n === failed
          ? { for: 3, against: 5, abstain: 1, ...score(60) }
          : { for: 9, against: 0, abstain: 0, ...score(inReview.indexOf(n)) },
    }),
  );
  say(
    `评审会（9 人全部到会）逐一表决 ${inReview.length} 个对象${ranked ? '并评分' : ''}：${inReview.length - 1} 个通过，1 个未通过`,
  );
  ran('city_review');
  if (stop('city_review')) return finish();

  // ── city publicity, round 1 ──
  await next();
  const preview = await api.must('POST', `${c}/city-publicity`, {
    token: city,
    role: 'city',
    body: { dryRun: true },
  });
  const round1 = await api.must('POST', `${c}/city-publicity`, { token: city, role: 'city', body: {} });
  say(`第一轮市级公示：${count(preview.nominees)} 个对象，${round1.startsOn ?? today} 至 ${round1.endsOn}`);
  await next();
  const [upheldTarget, dismissedTarget] = [
    nth(inReview, lastCategory, 2),
    nth(inReview, firstCategory, 0, (n) => n !== failed),
  ] as Nominee[];
  const objections = [];
  for (const [n, name] of [
    [upheldTarget, '张明'],
    [dismissedTarget, '李华'],
  ] as const) {
    objections.push(
      await api.must('POST', `/api/public/campaigns/${o.campaignId}/objections`, {
        role: 'public',
        body: {
          nominationId: n?.id,
          content: '反映该对象近五年内存在违反财经纪律问题，请核查。',
          name,
          phone: '13803930000',
        },
      }),
    );
  }
  await api.must('POST', `/api/public/campaigns/${o.campaignId}/objections`, {
    role: 'public',
    body: { nominationId: dismissedTarget?.id, content: '匿名反映情况。' },
  });
  say(
    `公示期间收到 3 件异议（2 件实名受理，回执 ${objections.map((x) => x.receipt ?? x.caseId).join('、')}；1 件匿名，登记不受理）`,
  );

  await next();
  const cases = await api.must('GET', `${c}/cases`, { token: city, role: 'city' });
  const resolve = (n: Nominee | undefined, outcome: 'upheld' | 'dismissed', reason: string) => {
    const open = (cases.cases as { caseId: string; nominationId: string; status: string }[]).find(
      (x) => x.nominationId === n?.id && x.status === 'open',
    );
    return api.must('POST', `/api/nominations/${n?.id}/cases/${open?.caseId}/resolve`, {
      token: city,
      role: 'city',
      body: { outcome, reason },
    });
  };
  await resolve(upheldTarget, 'upheld', '经核查，反映的问题属实，异议成立，撤销推荐');
  await resolve(dismissedTarget, 'dismissed', '经向纪检监察部门核实，反映问题不属实');
  say('异议处理：1 件成立（撤销推荐），1 件不成立');
  ran('city_publicity');
  if (stop('city_publicity')) return finish();

  // ── second round: the counties recommend their reserves for the places freed ──
  await next();
  for (const n of reserves) {
    const token = county[n.unit.regionId] as string;
    await api.must('POST', `/api/nominations/${n.id}/recommend`, { token, role: 'county' });
    await api.must('POST', `/api/regions/${n.unit.regionId}/submit`, { token, role: 'county' });
  }
  say(`空出的 ${reserves.length} 个名额由${regionTerm}递补推荐并报送`);
  await clock(later(weekdayAfter(today, 1), weekdayAfter(round1.endsOn, 1)));
  const confirmed1 = await api.must('POST', `${c}/confirm`, { token: city, role: 'city' });
  say(`第一轮公示期满，正式确定 ${count(confirmed1.done)} 个对象`);
  await api.must('PUT', `${c}/meeting`, {
    token: city,
    role: 'city',
    body: { date: today, members: 9, present: 8, attendees: ['组长', '副组长', '成员'] },
  });
  for (const n of reserves)
    await api.must('POST', `/api/nominations/${n.id}/vote`, {
      token: city,
      role: 'city',
      body: { for: 8, against: 0, abstain: 0, ...score(reserves.indexOf(n) + 1) },
    });
  await next();
  const round2 = await api.must('POST', `${c}/city-publicity`, { token: city, role: 'city', body: {} });
  say(
    `第二次评审会通过 ${reserves.length} 个递补对象；第二轮市级公示 ${round2.startsOn ?? today} 至 ${round2.endsOn}`,
  );
  ran('second_round');
  if (stop('second_round')) return finish();

  // ── confirmation ──
  await clock(weekdayAfter(round2.endsOn, 1));
  const confirmed2 = await api.must('POST', `${c}/confirm`, { token: city, role: 'city' });
  say(`第二轮公示期满，正式确定 ${count(confirmed2.done)} 个对象`);
  ran('confirmation');
  if (stop('confirmation')) return finish();

  // ── export ──
  const exportStarted = Date.now();
  const job = await api.must('POST', '/api/exports', {
    token: city,
    role: 'city',
    body: { set: 'confirmed' },
  });
  const done = await waitFor(
    async () => {
      const s = await api.must('GET', `/api/exports/${job.exportId ?? job.id}`, {
        token: city,
        role: 'city',
      });
      if (s.status === 'failed') throw new StepFailed(`导出失败：${s.error ?? JSON.stringify(s)}`);
      return s.status === 'done' ? s : undefined;
    },
    'export',
    600_000,
  );
  const exportSeconds = (Date.now() - exportStarted) / 1000;
  say(`导出全部材料（${done.fileName ?? ''}）用时 ${exportSeconds.toFixed(1)} s`);
  ran('export');
  if (stop('export')) return summary(exportSeconds, done.bytes ?? done.size);

  // ── audit: the auditor verifies every record against its history ──
  const auditStarted = Date.now();
  const auditor = await login(o.codes.auditor, 'auditor');
  const check = await api.must('POST', '/api/audit/verifications', { token: auditor, role: 'auditor' });
  const verified = await waitFor(
    async () => {
      const v = await api.must('GET', `/api/audit/verifications/${check.verificationId}`, {
        token: auditor,
        role: 'auditor',
      });
      if (v.status === 'failed') throw new StepFailed(`核验失败：${JSON.stringify(v)}`);
      return v.status === 'done' ? v.result : undefined;
    },
    'audit verification',
    600_000,
  );
  const audit = {
    ok: verified.ok === true,
    chains: Number(verified.chains ?? 0),
    breaks: Number(verified.breaksTotal ?? verified.breaks?.length ?? 0),
    seconds: (Date.now() - auditStarted) / 1000,
  };
  say(
    `审计核验 ${audit.chains} 条记录链：${audit.ok ? '历史完整，记录与历史一致' : `发现 ${audit.breaks} 处不一致`}（${audit.seconds.toFixed(1)} s）`,
  );
  ran('audit');
  return { ...(await summary(exportSeconds, done.bytes ?? done.size)), audit };

  async function summary(exportSeconds?: number, exportBytes?: number): Promise<RehearsalResult> {
    const requests = api.requests;
    const requestsByRole = Object.fromEntries(api.byRole);
    // the city office's view, and each unit's own (a nomination never submitted is the unit's alone)
    type Listed = { id: string; status: string; name?: string; form?: Record<string, unknown> };
    const found = new Map<string, Listed>();
    const listAll = async (token: string, role: string) => {
      let cursor: string | undefined;
      do {
        const page = await api.must('GET', `/api/nominations?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
          token,
          role,
        });
        for (const n of page.items as Listed[]) found.set(n.id, n);
        cursor = page.nextCursor;
      } while (cursor);
    };
    await listAll(city, 'city');
    await inParallel(units, parallel, (u) => listAll(u.token, 'unit'));
    const all = [...found.values()];
    const byStatus: Record<string, number> = {};
    for (const n of all) byStatus[n.status] = (byStatus[n.status] ?? 0) + 1;
    const finished = stagesRun.length === STAGES.length;
    const stuck = finished
      ? all
          .filter((n) => !TERMINAL.includes(n.status))
          .map((n) => ({
            id: n.id,
            status: n.status,
            name: String(n.name ?? n.form?.name ?? n.form?.unitName ?? ''),
          }))
      : [];
    return {
      stagesRun,
      nominations: all.length,
      byStatus,
      confirmed: byStatus.confirmed ?? 0,
      stuck,
      requests,
      requestsByRole,
      wallSeconds: (Date.now() - started) / 1000,
      ...(exportSeconds !== undefined ? { exportSeconds } : {}),
      ...(exportBytes !== undefined ? { exportBytes } : {}),
      units: units.map((u) => ({ regionName: u.regionName, name: u.name, code: u.code })),
    };
  }
}

const later = (a: string, b: string) => (a > b ? a : b);

function count(x: unknown): number | string {
  return Array.isArray(x) ? x.length : typeof x === 'number' ? x : '?';
}

function countyReport(region: string, opinionNames: string, publicity: string) {
  return {
    organisation: `${region}成立评选审核推荐工作小组，有关部门参加。`,
    process: `各推荐单位民主推荐、集体研究并公示 ${publicity}后报送，审核小组逐一审核材料。`,
    opinions: `已逐一征求${opinionNames}，均同意推荐。`,
    publicity: `各推荐单位均在本单位公示 ${publicity}，公示无异议。`,
    recommendation: `按照分配名额，${region}推荐以下对象参加全市评选。`,
  };
}

/** Poll `check` until it returns a value (or throws), up to `ms`. */
async function waitFor<T>(check: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new StepFailed(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
