/**
 * The two approval forms (先进工作者推荐审批表, 先进集体推荐审批表) as zod/mini schemas.
 * The web form checks each field with these as the user types; the API enforces the same.
 *
 * A draft may be incomplete, but every field it carries must be valid, so a stored draft is
 * never wrong, only unfinished. `nominationProblems` says what still blocks submission:
 * missing fields and failed eligibility (the five assessment results, the declarations).
 */

import * as z from 'zod/mini';
import type { Campaign, Category } from './campaign.ts';
import { parseIdNumber } from './id-number.ts';
import { countChars, isPhone } from './text.ts';
import './zod.ts';

export const SEXES = ['男', '女'] as const;
export const ETHNIC_GROUPS = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;
export const POLITICAL_STATUSES = [
  '中共党员',
  '中共预备党员',
  '共青团员',
  '民主党派成员',
  '无党派人士',
  '群众',
] as const;
export const EDUCATIONS = [
  '博士研究生',
  '硕士研究生',
  '大学本科',
  '大学专科',
  '中等专科',
  '高中',
  '初中及以下',
] as const;
export const PERSONAL_IDENTITIES = [
  '公务员',
  '参照公务员法管理',
  '事业单位工作人员',
  '企业人员',
  '其他',
] as const;
export const ASSESSMENT_RESULTS = ['优秀', '称职(合格)', '基本称职', '不称职'] as const;
/** Results that meet the notice's bar: 称职(合格) or better. */
export const PASSING_RESULTS: readonly string[] = ['优秀', '称职(合格)'];
export const UNIT_NATURES = [
  '机关',
  '参公单位',
  '事业单位',
  '国有企业',
  '国有控股企业',
  '社会团体',
  '其他',
] as const;

/** The Chinese label of every form field, for messages, the web form and the documents. */
export const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  sex: '性别',
  ethnicity: '民族',
  birthMonth: '出生年月',
  idNumber: '身份证号',
  politicalStatus: '政治面貌',
  workStartMonth: '参加工作时间',
  education: '学历',
  professionalTitle: '职称',
  unitAndPost: '工作单位及职务',
  personalIdentity: '个人身份',
  phone: '联系电话',
  assessments: '近五年年度考核结果',
  awards: '何时何地受过何种奖励',
  noViolation: '有无违法违纪',
  deeds: '主要事迹',
  summary: '事迹简介',
  unitName: '单位名称',
  unitNature: '单位性质',
  unitLevel: '单位级别',
  leader: '主要负责人',
  staffCount: '职工总数',
  address: '单位地址',
  contactPerson: '联系人',
};

const month = (label: string) =>
  z.string().check(z.regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, `${label}格式应为“年-月”，如 1985-06`));
const text = (label: string, max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1, `请填写${label}`),
    z.refine((s) => countChars(s) <= max, `${label}不能超过 ${max} 字`),
  );
const oneOf = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: `请从列表中选择${label}` });
const phone = z
  .string()
  .check(z.trim(), z.refine(isPhone, '联系电话应为 11 位手机号或带区号的固定电话（如 0393-6666715）'));
const idNumber = z.string().check(
  z.trim(),
  z.toUpperCase(),
  z.refine((s) => /^\d{17}[\dX]$/.test(s), '身份证号应为 18 位，最后一位可为 X'),
  z.refine((s) => !/^\d{17}[\dX]$/.test(s) || parseIdNumber(s) !== null, '身份证号校验位不正确，请核对'),
);
const assessment = z.strictObject({
  year: z.int(),
  result: oneOf('考核结果', ASSESSMENT_RESULTS),
});

/** Limits a campaign sets for the forms. */
export type FormRules = Pick<Campaign, 'limits' | 'assessmentYears'>;

function workerShape(r: FormRules) {
  return {
    name: text('姓名', 20),
    sex: oneOf('性别', SEXES),
    ethnicity: oneOf('民族', ETHNIC_GROUPS),
    birthMonth: month('出生年月'),
    idNumber,
    politicalStatus: oneOf('政治面貌', POLITICAL_STATUSES),
    workStartMonth: month('参加工作时间'),
    education: oneOf('学历', EDUCATIONS),
    professionalTitle: z.string().check(z.trim(), z.maxLength(30, '职称不能超过 30 字')),
    unitAndPost: text('工作单位及职务', 60),
    personalIdentity: oneOf('个人身份', PERSONAL_IDENTITIES),
    phone,
    assessments: z.array(assessment).check(z.maxLength(r.assessmentYears.length)),
    awards: z.string().check(
      z.trim(),
      z.refine((s) => countChars(s) <= 1000, '奖励情况不能超过 1000 字'),
    ),
    noViolation: z.boolean(),
    deeds: text('主要事迹', r.limits.deedsMax),
    summary: text('事迹简介', r.limits.summaryMax),
  };
}

function collectiveShape(r: FormRules) {
  return {
    unitName: text('单位名称（全称）', 60),
    unitNature: oneOf('单位性质', UNIT_NATURES),
    unitLevel: text('单位级别', 20),
    leader: text('主要负责人', 20),
    staffCount: z
      .int('职工总数应为整数')
      .check(z.gte(1, '职工总数至少为 1'), z.lte(1_000_000, '职工总数过大')),
    address: text('单位地址', 100),
    contactPerson: text('联系人', 20),
    phone,
    noViolation: z.boolean(),
    deeds: text('主要事迹', r.limits.deedsMax),
    summary: text('事迹简介', r.limits.summaryMax),
  };
}

/** A single field's schema, for checking one input as the user types. */
export function fieldSchema(category: Category, field: string, r: FormRules): z.ZodMiniType | undefined {
  const shape: Record<string, z.ZodMiniType> = category === 'worker' ? workerShape(r) : collectiveShape(r);
  return shape[field];
}

/** What an ID number says about its holder, which the form must agree with. */
export interface IdFacts {
  birthMonth: string;
  sex: '男' | '女';
}

/** Birth month and sex must agree with what the ID number says. */
export function idFactsProblems(
  id: IdFacts,
  f: { birthMonth?: string; sex?: string },
): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (f.birthMonth && id.birthMonth !== f.birthMonth) {
    issues.push({ field: 'birthMonth', message: `出生年月与身份证号不一致（身份证号为 ${id.birthMonth}）` });
  }
  if (f.sex && id.sex !== f.sex) {
    issues.push({ field: 'sex', message: `性别与身份证号不一致（身份证号为${id.sex}）` });
  }
  return issues;
}

/** Cross-field checks a worker form must pass: the ID number agrees with birth month and sex. */
function workerCrossChecks(f: Partial<WorkerForm>): { field: string; message: string }[] {
  const id = f.idNumber ? parseIdNumber(f.idNumber) : null;
  return id ? idFactsProblems(id, f) : [];
}

/** The schema of a (possibly incomplete) form of either category: unknown fields are refused. */
export function draftFormSchema(category: Category, r: FormRules) {
  if (category === 'collective') return z.partial(z.strictObject(collectiveShape(r)));
  return z.partial(z.strictObject(workerShape(r))).check(
    z.superRefine((f, ctx) => {
      for (const { field, message } of workerCrossChecks(f as Partial<WorkerForm>)) {
        ctx.issues.push({ code: 'custom', message, path: [field], input: f });
      }
    }),
  );
}

export type WorkerForm = z.infer<z.ZodMiniObject<ReturnType<typeof workerShape>>>;
export type CollectiveForm = z.infer<z.ZodMiniObject<ReturnType<typeof collectiveShape>>>;
export type NominationForm = Partial<WorkerForm> | Partial<CollectiveForm>;

const OPTIONAL_FIELDS = new Set(['professionalTitle', 'awards']);

/**
 * What still blocks submitting this form: required fields not filled, and eligibility not met.
 * Empty when the form is complete and eligible. Assumes the form already passed `draftFormSchema`.
 */
export function nominationProblems(
  category: Category,
  form: Record<string, unknown>,
  r: FormRules,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const shape = category === 'worker' ? workerShape(r) : collectiveShape(r);
  for (const field of Object.keys(shape)) {
    if (OPTIONAL_FIELDS.has(field)) continue;
    const v = form[field];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) {
      problems.push({ field, message: `请填写${FIELD_LABELS[field] ?? field}` });
    }
  }
  if (form.noViolation === false) {
    problems.push({
      field: 'noViolation',
      message: category === 'worker' ? '有违法违纪问题者不能被推荐' : '近 5 年有违法违纪问题的单位不能被推荐',
    });
  }
  if (category === 'worker' && Array.isArray(form.assessments) && form.assessments.length > 0) {
    problems.push(...assessmentProblems(form.assessments as WorkerForm['assessments'], r.assessmentYears));
  }
  return problems;
}

/** The notice's bar: each of the five years assessed 称职(合格) or better. */
export function assessmentProblems(
  assessments: { year: number; result: string }[],
  years: readonly number[],
): { field: string; message: string }[] {
  const byYear = new Map(assessments.map((a) => [a.year, a.result]));
  const missing = years.filter((y) => !byYear.has(y));
  const failing = years.filter((y) => byYear.has(y) && !PASSING_RESULTS.includes(byYear.get(y) as string));
  const stray = assessments.filter((a) => !years.includes(a.year)).map((a) => a.year);
  const out: { field: string; message: string }[] = [];
  if (stray.length)
    out.push({
      field: 'assessments',
      message: `考核年度应为 ${years.join('、')} 年，不含 ${stray.join('、')} 年`,
    });
  if (missing.length)
    out.push({ field: 'assessments', message: `请填写 ${missing.join('、')} 年度考核结果` });
  if (failing.length) {
    out.push({
      field: 'assessments',
      message: `近五年考核须均为称职（合格）及以上，${failing.join('、')} 年度未达到`,
    });
  }
  return out;
}
