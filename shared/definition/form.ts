/**
 * A category's approval form (推荐审批表) from its definition: the zod/mini schema of a draft and
 * what still blocks submitting it. The API and the phone build the same schemas from the same
 * definition, so a value the phone accepts is one the API stores.
 *
 * A draft may be incomplete, but every value it carries must be valid (each field checked by its
 * kind's rules), so a stored draft is never wrong, only unfinished. `formProblems` says what still
 * blocks submission: missing required fields, eligibility rules a machine can check, the
 * assessments' rule. Only types come from ./schema.ts: the phone does not load the definition's
 * own schema.
 */
import * as z from 'zod/mini';
import { parseIdNumber } from '../id-number.ts';
import { countChars, isPhone } from '../text.ts';
import type { CategoryDefinition, EligibilityRule, FormField } from './schema.ts';
import '../zod.ts';

export type Problem = { field: string; message: string };
type AssessmentsField = Extract<FormField, { kind: 'assessments' }>;
export type Assessment = { year: number; result: string };

const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^\d{17}[\dX]$/;

/** The years an assessments field asks for: the work year and the ones before it, oldest first. */
export function assessmentYearsOf(f: { years: number }, workYear: number): number[] {
  return Array.from({ length: f.years }, (_, i) => workYear - f.years + 1 + i);
}

/** The schema of one field's value, with messages that name the field. */
export function valueSchema(f: FormField, workYear: number): z.ZodMiniType {
  const label = f.label;
  const oneOf = (values: readonly string[], what = label) =>
    z.enum(values as [string, ...string[]], { error: `请从列表中选择${what}` });
  switch (f.kind) {
    case 'text':
    case 'longText': {
      const max = f.maxChars;
      const limit = z.refine<string>((s) => countChars(s) <= max, `${label}不能超过 ${max} 字`);
      return f.required === false
        ? z.string().check(z.trim(), limit)
        : z.string().check(z.trim(), z.minLength(1, `请填写${label}`), limit);
    }
    case 'yearMonth':
      return z.string().check(z.regex(MONTH, `${label}格式应为“年-月”，如 1985-06`));
    case 'date':
      return z.string().check(z.regex(DAY, `${label}格式应为“年-月-日”，如 2024-01-18`));
    case 'choice':
      return oneOf(f.options);
    case 'phone':
      return z
        .string()
        .check(z.trim(), z.refine(isPhone, `${label}应为 11 位手机号或带区号的固定电话（如 0393-6666715）`));
    case 'idNumber':
      return z.string().check(
        z.trim(),
        z.toUpperCase(),
        z.refine((s) => ID.test(s), `${label}应为 18 位，最后一位可为 X`),
        z.refine((s) => !ID.test(s) || parseIdNumber(s) !== null, `${label}校验位不正确，请核对`),
      );
    case 'number': {
      const checks = [];
      if (f.min !== undefined) checks.push(z.gte(f.min, `${label}至少为 ${f.min}`));
      if (f.max !== undefined) checks.push(z.lte(f.max, `${label}不能超过 ${f.max}`));
      const base = f.integer === false ? z.number(`${label}应为数字`) : z.int(`${label}应为整数`);
      return base.check(...checks);
    }
    case 'yesNo':
      return z.boolean();
    case 'assessments':
      return z
        .array(z.strictObject({ year: z.int(), result: oneOf(f.results, '考核结果') }))
        .check(z.maxLength(assessmentYearsOf(f, workYear).length));
  }
}

/** A field of the category by key. */
export const formField = (cat: CategoryDefinition, key: string): FormField | undefined =>
  cat.form.find((f) => f.key === key);

/** What an ID number says about its holder, which the form must agree with. */
export interface IdFacts {
  birthMonth: string;
  sex: '男' | '女';
}

/**
 * The form's birth month (field birthMonth) and sex (field sex) must agree with what the ID
 * number says; a form without one of them is not checked for it.
 */
export function idFactsProblems(
  id: IdFacts,
  f: Record<string, unknown>,
  labels: { idNumber?: string; birthMonth?: string; sex?: string } = {},
): Problem[] {
  const idLabel = labels.idNumber ?? '身份证号';
  const issues: Problem[] = [];
  if (f.birthMonth && id.birthMonth !== f.birthMonth) {
    const label = labels.birthMonth ?? '出生年月';
    issues.push({
      field: 'birthMonth',
      message: `${label}与${idLabel}不一致（${idLabel}为 ${id.birthMonth}）`,
    });
  }
  if (f.sex && id.sex !== f.sex) {
    issues.push({
      field: 'sex',
      message: `${labels.sex ?? '性别'}与${idLabel}不一致（${idLabel}为${id.sex}）`,
    });
  }
  return issues;
}

/** The labels of the fields the ID number is checked against, as this form names them. */
export function idLabels(cat: CategoryDefinition) {
  const idField = cat.form.find((f) => f.kind === 'idNumber');
  return {
    key: idField?.key,
    labels: {
      idNumber: idField?.label,
      birthMonth: formField(cat, 'birthMonth')?.label,
      sex: formField(cat, 'sex')?.label,
    },
  };
}

/** The schema of a (possibly incomplete) form of the category: unknown fields are refused. */
export function draftSchema(cat: CategoryDefinition, workYear: number) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const f of cat.form) shape[f.key] = valueSchema(f, workYear);
  const draft = z.partial(z.strictObject(shape));
  const { key, labels } = idLabels(cat);
  if (!key) return draft;
  return draft.check(
    z.superRefine((form, ctx) => {
      const raw = form[key];
      const id = typeof raw === 'string' ? parseIdNumber(raw) : null;
      for (const { field, message } of id ? idFactsProblems(id, form, labels) : []) {
        ctx.issues.push({ code: 'custom', message, path: [field], input: form });
      }
    }),
  );
}

const NUMERALS = '一二三四五六七八九十';
/** 近五年, 近三年: how the notices name the years of assessments. */
const recentYears = (n: number) => `近${n <= 10 ? NUMERALS[n - 1] : String(n)}年`;
/** The notices write the results' brackets full-width in prose: 称职（合格）. */
const prose = (s: string) => s.replace('(', '（').replace(')', '）');

/**
 * The assessments field's rule over `years`: each year assessed at `everyAtLeast` or better and,
 * when the rule says so, one year at `atLeastOnce` or better. `partial`: the years not yet filled
 * are not reported (while the user is still choosing).
 */
export function assessmentProblems(
  f: Pick<AssessmentsField, 'key' | 'results' | 'rule'>,
  assessments: readonly Assessment[],
  years: readonly number[],
  partial = false,
): Problem[] {
  const rank = (r: string | undefined) => (r === undefined ? -1 : f.results.indexOf(r));
  const byYear = new Map(assessments.map((a) => [a.year, a.result]));
  const missing = years.filter((y) => !byYear.has(y));
  const failing = years.filter((y) => byYear.has(y) && rank(byYear.get(y)) > rank(f.rule.everyAtLeast));
  const stray = assessments.filter((a) => !years.includes(a.year)).map((a) => a.year);
  const recent = recentYears(years.length);
  const out: Problem[] = [];
  const push = (message: string) => out.push({ field: f.key, message });
  if (stray.length) push(`考核年度应为 ${years.join('、')} 年，不含 ${stray.join('、')} 年`);
  if (missing.length && !partial) push(`请填写 ${missing.join('、')} 年度考核结果`);
  if (failing.length) {
    push(`${recent}考核须均为${prose(f.rule.everyAtLeast)}及以上，${failing.join('、')} 年度未达到`);
  }
  const best = f.rule.atLeastOnce;
  if (best && !missing.length && !years.some((y) => rank(byYear.get(y)) <= rank(best))) {
    push(`${recent}考核须至少一年为${prose(best)}`);
  }
  return out;
}

const isEmpty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** An eligibility rule the form's value breaks: its refusal, or one that names the field. */
function eligibilityProblem(rule: EligibilityRule, f: FormField, value: unknown): Problem | undefined {
  const broken =
    (rule.equals !== undefined && value !== rule.equals) ||
    (rule.min !== undefined && typeof value === 'number' && value < rule.min) ||
    (rule.max !== undefined && typeof value === 'number' && value > rule.max);
  if (!broken) return undefined;
  return { field: f.key, message: rule.refusal ?? `${f.label}不符合推荐条件：${rule.text}` };
}

/**
 * What still blocks submitting this form: required fields not filled, then the eligibility rules
 * on a field's value (equals, min, max), then the assessments' rules. Empty when the form is
 * complete and eligible. Assumes the form already passed `draftSchema`.
 */
export function formProblems(
  cat: CategoryDefinition,
  form: Record<string, unknown>,
  workYear: number,
): Problem[] {
  const problems: Problem[] = [];
  for (const f of cat.form) {
    if (f.required !== false && isEmpty(form[f.key])) {
      problems.push({ field: f.key, message: `请填写${f.label}` });
    }
  }
  for (const rule of cat.eligibility) {
    const f = rule.field ? formField(cat, rule.field) : undefined;
    const value = f && form[f.key];
    const p = f && !isEmpty(value) ? eligibilityProblem(rule, f, value) : undefined;
    if (p) problems.push(p);
  }
  for (const f of cat.form) {
    const list = form[f.key];
    if (f.kind === 'assessments' && Array.isArray(list) && list.length > 0) {
      problems.push(...assessmentProblems(f, list, assessmentYearsOf(f, workYear)));
    }
  }
  return problems;
}
