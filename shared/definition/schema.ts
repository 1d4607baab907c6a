/**
 * A campaign definition: everything one notice (评选通知) decides, as data. The city office (or
 * whoever sets up a campaign) writes it as one YAML file in campaigns/; `parseDefinition`
 * (./load.ts) reads it, this schema checks each value, `definitionProblems` (./checks.ts) checks
 * the values against each other. campaigns/campaign-definition.schema.json is generated from it.
 *
 * Keys are English (they are also the keys stored data uses, e.g. a form's field keys); the
 * values a reader sees (titles, labels, options, rules) are the notice's own Chinese.
 */
import * as z from 'zod/mini';
import { isPhone } from '../text.ts';

const described = <T extends z.ZodMiniType>(schema: T, description: string): T =>
  schema.check(z.describe(description)) as T;

const POSITIVE = '应为正整数';
const NON_NEGATIVE = '应为不小于 0 的整数';
const positiveInt = z.int(POSITIVE).check(z.positive(POSITIVE));
const nonNegativeInt = z.int(NON_NEGATIVE).check(z.gte(0, NON_NEGATIVE));
const text = z.string().check(z.trim(), z.minLength(1, '不能为空'));

/** Ids of categories, regions, departments and documents: what links and stored records use. */
const ID = /^[a-z][a-z0-9-]{0,39}$/;
const id = z
  .string()
  .check(z.regex(ID, '应为小写字母开头的小写字母、数字或连字符（至多 40 个），如 hualong'));
/** Form field keys: camelCase, as the stored forms use them (unitAndPost, birthMonth …). */
const FIELD_KEY = /^[a-z][A-Za-z0-9]{0,39}$/;
const fieldKey = z
  .string()
  .check(z.regex(FIELD_KEY, '应为小写字母开头的英文字母和数字（驼峰式，至多 40 个），如 birthMonth'));
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real day of the calendar (2024-02-30 is not); a value of the wrong shape is left to the regex. */
function realDay(s: string): boolean {
  if (!DAY.test(s)) return true;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}
const isoDate = z
  .string()
  .check(z.regex(DAY, '日期格式应为 YYYY-MM-DD，如 2024-01-18'), z.refine(realDay, '不是有效日期'));

// ---- form fields ----

const fieldBase = {
  key: described(fieldKey, '字段键名：存储的表单以它为键，文书和规则以它引用本字段'),
  label: described(text, '表上的中文名称，如 姓名'),
  /** Absent means required: the notices list what they need, and optional fields are few. */
  required: z.optional(described(z.boolean(), '是否必填，缺省为 true')),
  help: z.optional(described(z.string(), '填表说明')),
};
const charLimit = described(positiveInt, '字数上限（空白不计）');

export const textField = z.strictObject({ ...fieldBase, kind: z.literal('text'), maxChars: charLimit });
export const longTextField = z.strictObject({
  ...fieldBase,
  kind: z.literal('longText'),
  maxChars: charLimit,
});
export const dateField = z.strictObject({ ...fieldBase, kind: z.literal('date') });
export const yearMonthField = z.strictObject({ ...fieldBase, kind: z.literal('yearMonth') });
export const choiceField = z.strictObject({
  ...fieldBase,
  kind: z.literal('choice'),
  options: described(z.array(text).check(z.minLength(1, '至少应有 1 个选项')), '可选值，按表上顺序'),
});
export const idNumberField = z.strictObject({ ...fieldBase, kind: z.literal('idNumber') });
export const phoneField = z.strictObject({ ...fieldBase, kind: z.literal('phone') });
export const numberField = z.strictObject({
  ...fieldBase,
  kind: z.literal('number'),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  integer: z.optional(described(z.boolean(), '是否只收整数，缺省为 true')),
  unit: z.optional(described(text, '单位，如 年、人')),
});
export const yesNoField = z.strictObject({
  ...fieldBase,
  kind: z.literal('yesNo'),
  /** What the user confirms by ticking the box; absent: the label. */
  statement: z.optional(described(text, '勾选框旁的陈述（勾选即为“是”），如 近五年无违法违纪问题')),
});
export const assessmentsField = z.strictObject({
  ...fieldBase,
  kind: z.literal('assessments'),
  years: described(positiveInt, '填报的考核年度数：工作年度及之前各年'),
  results: described(z.array(text).check(z.minLength(2, '至少应有 2 个等次')), '考核等次，由高到低'),
  rule: z.strictObject({
    everyAtLeast: described(text, '每一年度须达到的最低等次'),
    atLeastOnce: z.optional(described(text, '至少一个年度须达到的等次')),
  }),
});

/** The kinds of form field both notices use. */
export const FIELD_KINDS = [
  'text',
  'longText',
  'date',
  'yearMonth',
  'choice',
  'idNumber',
  'phone',
  'number',
  'yesNo',
  'assessments',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const formFieldSchema = z.discriminatedUnion('kind', [
  textField,
  longTextField,
  dateField,
  yearMonthField,
  choiceField,
  idNumberField,
  phoneField,
  numberField,
  yesNoField,
  assessmentsField,
]);
export type FormField = z.infer<typeof formFieldSchema>;

/**
 * One eligibility condition (推荐条件) as the reviewers read it; where a machine can check it, the
 * field and the condition: `equals` for a yes/no or choice, `min`/`max` for a number; an
 * assessments field is checked by its own rule.
 */
export const eligibilitySchema = z.strictObject({
  text: described(text, '条件原文'),
  field: z.optional(fieldKey),
  equals: z.optional(z.union([z.boolean(), z.string()])),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  /** What the form says to a nominee who fails it; absent: the field's label and the rule's text. */
  refusal: z.optional(described(text, '不符合时的提示，如 有违法违纪问题者不能被推荐')),
});
export type EligibilityRule = z.infer<typeof eligibilitySchema>;

export const categorySchema = z.strictObject({
  id: described(id, '类别标识，如 worker'),
  kind: described(z.enum(['person', 'collective']), 'person：个人；collective：集体（单位）'),
  label: described(text, '类别名称，如 先进工作者'),
  /** 名 for people, 个 for collectives, as the notice counts them. */
  counter: z.optional(described(text, '量词，如 名、个')),
  total: described(nonNegativeInt, '本类别总名额'),
  /** The field that names a nominee in lists (姓名, 单位名称). */
  nameField: fieldKey,
  form: described(
    z.array(formFieldSchema).check(z.minLength(1, '至少应有 1 个字段')),
    '推荐审批表的字段，按表上顺序',
  ),
  eligibility: z.array(eligibilitySchema),
  /** What the public page shows of a nominee (never an ID number or a phone). */
  publicFields: described(z.array(fieldKey), '公示页面显示的字段'),
});
export type CategoryDefinition = z.infer<typeof categorySchema>;

export const regionDefinitionSchema = z.strictObject({
  id: described(id, '县区（学校）标识，如 hualong'),
  name: text,
  /** The organisation that reviews its nominations (the middle review). */
  reviewer: described(text, '审核单位名称'),
  tags: z.optional(described(z.array(text), '标签，如 农村；比例规则按标签统计')),
  quotas: described(z.record(z.string(), nonNegativeInt), '各类别名额，以类别标识为键'),
});
export type RegionDefinition = z.infer<typeof regionDefinitionSchema>;

/** A share of one category the regions with a tag must reach (e.g. rural schools ≥ 60 %). */
export const shareRuleSchema = z.strictObject({
  text: described(text, '规则原文'),
  category: id,
  tag: text,
  atLeastPercent: z.number().check(z.positive('应大于 0'), z.lte(100, '不能超过 100')),
});
export type ShareRule = z.infer<typeof shareRuleSchema>;

const dayKind = described(z.enum(['working', 'calendar']), 'working：工作日；calendar：自然日');
export const publicitySchema = z.strictObject({ days: positiveInt, dayKind, where: z.optional(text) });

export const stepsSchema = z.strictObject({
  unitPublicity: z.strictObject({
    enabled: z.boolean(),
    days: z.optional(positiveInt),
    dayKind: z.optional(dayKind),
  }),
  opinions: described(
    z.array(
      z.strictObject({
        id,
        department: described(text, '出具意见的部门，如 组织人事'),
        certifies: described(text, '意见审查的内容'),
        issuedBy: z.optional(described(text, '出具单位，如 县教体局纪检组')),
        title: z.optional(described(text, '意见的名称，如 师德师风专项审查意见；默认为“部门 + 部门意见”')),
      }),
    ),
    '推荐对象须取得的部门意见',
  ),
  middleReview: z.strictObject({
    by: described(text, '中间一级审核者，如 县（区）财政部门'),
    report: described(z.boolean(), '是否撰写审核推荐工作报告'),
  }),
  vote: z.strictObject({
    body: described(text, '评审机构，如 评选工作领导小组'),
    /** "1/2", "2/3": the share of `of` that the votes for must pass (moreThan) or reach (atLeast). */
    fraction: z.string().check(z.regex(/^[1-9]\d*\/[1-9]\d*$/, '应为分数，如 1/2、2/3')),
    comparison: described(z.enum(['moreThan', 'atLeast']), 'moreThan：超过；atLeast：达到（含）'),
    of: described(z.enum(['present', 'members']), 'present：到会成员；members：全体成员'),
    rankByScore: described(z.boolean(), '是否按得分排序'),
  }),
  finalPublicity: publicitySchema,
});
export type StepsDefinition = z.infer<typeof stepsSchema>;

const size = z.strictObject({ width: positiveInt, height: positiveInt });
export const photoSchema = z.strictObject({
  label: described(text, '如 2寸蓝底彩色证件照'),
  categories: described(z.array(id), '须交照片的类别'),
  mm: size,
  pixels: size,
  /** Heights (mm, at the width in `mm`) of the ratios accepted before the photo is cropped. */
  acceptHeightMm: z.optional(z.strictObject({ min: positiveInt, max: positiveInt })),
  background: z.enum(['blue', 'white', 'red']),
  prints: described(nonNegativeInt, '纸质照片张数；0 表示只交电子版'),
});
export type PhotoDefinition = z.infer<typeof photoSchema>;

const documentBase = {
  id,
  title: described(text, '文书标题'),
  attachment: z.optional(described(positiveInt, '通知中的附件序号')),
};
/** Values of a table column that do not come from the form. */
export const COLUMN_VALUES = ['seq', 'region', 'unit', 'remark'] as const;
const columnSchema = z.strictObject({
  header: text,
  field: z.optional(fieldKey),
  value: z.optional(
    described(z.enum(COLUMN_VALUES), 'seq：序号；region：县区（学校）；unit：推荐单位；remark：备注'),
  ),
  width: z.optional(positiveInt),
});

export const DOCUMENT_KINDS = [
  'approvalForm',
  'opinionForm',
  'summaryTable',
  'quotaTable',
  'report',
  'photoSheet',
] as const;
export const documentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...documentBase,
    kind: z.literal('approvalForm'),
    category: id,
    rows: described(z.array(fieldKey), '表上依次列出的字段'),
    /** Three: the unit's, the middle review's and the top's, as the opinions are recorded. */
    opinionBoxes: described(
      z.array(text),
      '意见栏，共 3 个，依次为推荐单位、审核单位、评选机构的意见，如 推荐单位意见',
    ),
  }),
  z.strictObject({
    ...documentBase,
    kind: z.literal('opinionForm'),
    category: id,
    subject: described(z.array(fieldKey), '表头列出的推荐对象信息'),
  }),
  z.strictObject({
    ...documentBase,
    kind: z.literal('summaryTable'),
    category: id,
    columns: z.array(columnSchema),
  }),
  z.strictObject({ ...documentBase, kind: z.literal('quotaTable') }),
  z.strictObject({
    ...documentBase,
    kind: z.literal('report'),
    /** {region} stands for the region's name. */
    title: described(text, '报告标题，{region} 代表县区名称'),
    sections: z.array(text),
  }),
  z.strictObject({ ...documentBase, kind: z.literal('photoSheet') }),
]);
export type DocumentDefinition = z.infer<typeof documentSchema>;

export const campaignDefinitionSchema = z.strictObject({
  title: described(text, '评选名称'),
  docNumber: described(text, '文号，如 濮人社函〔2024〕2号'),
  issuers: z.array(text).check(z.minLength(1, '至少应有 1 个发文单位')),
  issuedOn: z.optional(described(isoDate, '发文日期')),
  workYear: described(
    z.int('应为年份').check(z.gte(2000, '应为年份'), z.lte(2100, '应为年份')),
    '评选的工作年度',
  ),
  contact: z.strictObject({
    name: text,
    phone: z
      .string()
      .check(z.trim(), z.refine(isPhone, '应为 11 位手机号或带区号的固定电话，如 0393-6666715')),
    email: z.optional(text),
    address: z.optional(text),
  }),
  /** The top of the process: who owns the campaign (评选工作领导小组办公室). */
  office: text,
  /** What a region is called in tables and messages: 县（区）, 学校（学区）. */
  regionTerm: text,
  /** The short names a user reads on buttons and in messages (shared/levels.ts defaults them). */
  regionShort: z.optional(described(text, '审核单位的简称，如 县区、学校；缺省为 regionTerm 去掉括号部分')),
  officeShort: z.optional(described(text, '评选办公室的简称，如 市评选办、县教体局；缺省为 office')),
  officeLevel: z.optional(
    described(text, '评选办公室一级的称呼，如 市级、县级（市级公示、市级审核中）；缺省为 上级'),
  ),
  regions: z.array(regionDefinitionSchema).check(z.minLength(1, '至少应有 1 个县区（学校）')),
  categories: z.array(categorySchema).check(z.minLength(1, '至少应有 1 个类别')),
  shares: z.optional(z.array(shareRuleSchema)),
  steps: stepsSchema,
  photo: z.optional(photoSchema),
  deadlines: z.strictObject({
    /** Units to their reviewer; absent: a week before middleToTop. */
    unitToMiddle: z.optional(
      described(isoDate, '推荐单位报送审核单位的截止日期，缺省为 middleToTop 前 7 天'),
    ),
    middleToTop: described(isoDate, '审核单位报送评选办公室的截止日期'),
  }),
  documents: z.array(documentSchema),
});
export type CampaignDefinition = z.infer<typeof campaignDefinitionSchema>;
