/**
 * Request bodies of the workflow steps (unit, county, city office, public objections), as
 * zod/mini schemas the handlers parse with and the office pages check with.
 */
import * as z from 'zod/mini';
import './zod.ts';
import { ULID } from './api.ts';
import { isPhone } from './text.ts';
import { MAX_UNIT_LIST_XLSX_BYTES } from './unit-list.ts';
import { PASS_RULES } from './workflow.ts';
import { campaignCalendarSchema, isoDateSchema } from './working-days.ts';

const text = (label: string, max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, `请填写${label}`), z.maxLength(max, `${label}不能超过 ${max} 字`));
const count = (label: string) =>
  z.int(`${label}应为整数`).check(z.gte(0, `${label}不能为负数`), z.lte(100_000, `${label}过大`));

export const unitRecommendationBody = z.strictObject({
  democratic: z
    .strictObject({ date: isoDateSchema, voters: count('参加民主推荐人数'), votesFor: count('得票数') })
    .check(
      z.refine((d) => d.votesFor <= d.voters, { message: '得票数不能超过参加人数', path: ['votesFor'] }),
    ),
  leadershipDecisionDate: isoDateSchema,
});

export const startUnitPublicityBody = z.strictObject({
  postedOn: isoDateSchema,
  /** The accepted photo of the posted notice: required when the publicity started before today. */
  noticeScanId: z.optional(z.string().check(z.regex(ULID, '公示照片编号有误'))),
});

export const closeUnitPublicityBody = z.strictObject({
  outcome: z.enum(['no_objection', 'objections_handled'], { error: '请选择公示结果' }),
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000, '说明不能超过 1000 字'))),
});

export const reasonBody = z.strictObject({ reason: text('理由', 500) });

export const politicalReviewBody = z.strictObject({
  passed: z.boolean('请选择政治审查结论'),
  text: z.string().check(z.trim(), z.maxLength(1000, '审查意见不能超过 1000 字')),
  date: isoDateSchema,
});

export const opinionBody = z.strictObject({
  conclusion: text('意见结论', 50),
  favourable: z.boolean('请选择是否同意推荐'),
  text: z.string().check(z.trim(), z.maxLength(1000, '意见内容不能超过 1000 字')),
  date: isoDateSchema,
  docNumber: z.optional(z.string().check(z.trim(), z.maxLength(50, '文号不能超过 50 字'))),
  scanId: z.optional(z.string().check(z.regex(ULID, '盖章扫描件编号有误'))),
});

export const countyReportBody = z.strictObject({
  organisation: text('组织情况', 5000),
  process: text('推荐过程', 5000),
  opinions: text('征求意见情况', 5000),
  publicity: text('公示情况', 5000),
  recommendation: text('推荐意见', 5000),
  /** The reviewing organisation that signs the report (e.g. 华龙区评选工作领导小组办公室). */
  signedBy: z.optional(text('署名单位', 60)),
});

export const meetingBody = z
  .strictObject({
    date: isoDateSchema,
    members: z.int('评选工作领导小组人数应为整数').check(z.gte(1, '成员人数至少为 1')),
    present: z.int('到会人数应为整数').check(z.gte(1, '到会人数至少为 1')),
    attendees: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(200)),
  })
  .check(z.refine((m) => m.present <= m.members, { message: '到会人数不能超过成员人数', path: ['present'] }));

export const voteBody = z.strictObject({
  for: count('赞成票'),
  against: count('反对票'),
  abstain: count('弃权票'),
  /**
   * 评审得分, 0–100 with at most one decimal: required when the campaign's notice ranks by score,
   * refused when it does not (shared/vote-score.ts, checked by the handler, which knows the campaign).
   */
  score: z.optional(
    z.number('评审得分应为数字').check(
      z.gte(0, '评审得分应在 0 到 100 分之间'),
      z.lte(100, '评审得分应在 0 到 100 分之间'),
      z.refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, '评审得分最多保留一位小数'),
      z.describe('评审得分，0–100，最多一位小数；评选按得分排序时必填，否则不填'),
    ),
  ),
});

/** A city publicity round: its first day (default today); `dryRun` only previews who would go in. */
export const cityPublicityBody = z.strictObject({
  startsOn: z.optional(isoDateSchema),
  dryRun: z.optional(z.boolean()),
});

/** The notice's own words and dates, changed before units start: title, 文号, deadlines. */
const noticeEdits = {
  title: z.optional(text('活动名称', 120)),
  docNumber: z.optional(text('文号', 60)),
  deadlines: z.optional(
    z.strictObject({ unitToCounty: z.optional(isoDateSchema), countyToCity: z.optional(isoDateSchema) }),
  ),
};

export const campaignSettingsBody = z.strictObject({
  /** Only while the campaign has no nomination yet (later, deadlines are extended instead). */
  notice: z.optional(z.strictObject(noticeEdits)),
  passRule: z.optional(z.enum(PASS_RULES, { error: '通过规则有误' })),
  calendar: z.optional(campaignCalendarSchema),
  extensions: z.optional(
    z.strictObject({ unitToCounty: z.optional(isoDateSchema), countyToCity: z.optional(isoDateSchema) }),
  ),
  objectionChannels: z.optional(
    z.strictObject({
      phone: z.optional(z.string().check(z.maxLength(50))),
      letter: z.optional(z.string().check(z.maxLength(200))),
      email: z.optional(z.string().check(z.maxLength(100))),
      visit: z.optional(z.string().check(z.maxLength(200))),
    }),
  ),
});

/** An objection filed from the public page. Real name and phone make it acceptable; anonymous ones are recorded. */
export const objectionBody = z.strictObject({
  nominationId: z.string().check(z.regex(ULID, '请选择异议所针对的对象')),
  content: text('异议内容', 2000),
  name: z.optional(z.string().check(z.trim(), z.maxLength(20, '姓名不能超过 20 字'))),
  phone: z.optional(
    z.string().check(
      z.trim(),
      z.refine((p) => p === '' || isPhone(p), '联系电话应为手机号或带区号的固定电话'),
    ),
  ),
});

export const resolveCaseBody = z.strictObject({
  outcome: z.enum(['upheld', 'dismissed'], { error: '请选择异议是否成立' }),
  reason: text('处理理由', 1000),
});

/** The city office issues an account: a unit (with its region), a county reviewer (its region) or an auditor. */
export const issueAccountBody = z
  .strictObject({
    role: z.enum(['unit', 'county', 'auditor', 'city'], {
      error: '角色应为推荐单位、县区审核、审计监督或市评选办',
    }),
    name: text('名称', 60),
    regionId: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, '地区有误'))),
  })
  .check(
    z.refine((a) => !(a.role === 'unit' || a.role === 'county') || !!a.regionId, {
      message: '推荐单位和县区审核账号须选择所属地区',
      path: ['regionId'],
    }),
  );

/** The largest .xlsx unit list as base64: the importUnits route's body limit (routes.ts) allows for it. */
export const MAX_UNIT_LIST_XLSX_BASE64 = 4 * Math.ceil(MAX_UNIT_LIST_XLSX_BYTES / 3);

/**
 * A list of units to create, one "地区,单位名称" per row (a header row is allowed): either CSV
 * text, or an .xlsx file as base64 (its first worksheet is read).
 */
export const importUnitsBody = z
  .strictObject({
    csv: z.optional(z.string().check(z.minLength(1, '名单为空'), z.maxLength(200_000, '名单过长'))),
    xlsx: z.optional(
      z
        .string()
        .check(
          z.minLength(1, '文件为空'),
          z.maxLength(MAX_UNIT_LIST_XLSX_BASE64, `文件过大（上限 ${MAX_UNIT_LIST_XLSX_BYTES / 1024} KB）`),
          z.regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容应为 base64 编码'),
        ),
    ),
  })
  .check(
    z.refine((b) => (b.csv === undefined) !== (b.xlsx === undefined), {
      message: '请粘贴名单或选择一个 .csv / .xlsx 文件（二者选一）',
      path: ['csv'],
    }),
  );

/** New quotas: every region of the campaign, each category a whole number of places. */
export const quotasBody = z.strictObject({
  regions: z
    .array(
      z.strictObject({
        id: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, '地区有误')),
        quotas: z.strictObject({ collective: count('先进集体名额'), worker: count('先进工作者名额') }),
      }),
    )
    .check(z.minLength(1, '请填写各地区名额'), z.maxLength(100)),
});

/** An export: which set of nominations (by state), and for the city office optionally one region. */
export const exportRequestBody = z.strictObject({
  set: z.enum(['submitted', 'recommended', 'selected', 'confirmed'], {
    error: '导出范围应为已报送、已推荐、评审通过或已确定',
  }),
  regionId: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, '地区有误'))),
});

/** The city office pastes a year's State Council holiday notice (国务院办公厅关于某年部分节假日安排的通知). */
export const holidayNoticeBody = z.strictObject({
  text: text('通知全文', 20_000),
});

/** The largest campaign definition file the city office may upload (the files in campaigns/ are ~12 KB). */
export const MAX_DEFINITION_CHARS = 50_000;

/**
 * A new campaign: from a definition file's text (YAML or JSON), or a copy of an earlier campaign
 * the city office runs, with its title, 文号 and deadlines changed as given.
 */
export const newCampaignBody = z
  .strictObject({
    definition: z.optional(
      z
        .string()
        .check(
          z.minLength(1, '请选择评选定义文件'),
          z.maxLength(MAX_DEFINITION_CHARS, `评选定义文件不能超过 ${MAX_DEFINITION_CHARS} 字`),
        ),
    ),
    copyOf: z.optional(z.string().check(z.regex(ULID, '评选活动不存在'))),
    ...noticeEdits,
  })
  .check(
    z.refine((b) => (b.definition === undefined) !== (b.copyOf === undefined), {
      message: '请上传评选定义文件，或选择要复制的评选活动（二者选一）',
      path: ['definition'],
    }),
    z.refine((b) => b.copyOf !== undefined || (!b.title && !b.docNumber && !b.deadlines), {
      message: '活动名称、文号和截止日期写在定义文件中；复制评选活动时才可在此修改',
      path: ['title'],
    }),
  );
