/**
 * The nomination form's model, without any DOM: which inputs each category shows, how the
 * posted FormData becomes form values, and what the shared schemas say about them. The rules
 * themselves live in #shared/forms; this only applies them to what the user typed.
 */
import type { Category } from '#shared/campaign';
import {
  assessmentProblems,
  draftFormSchema,
  EDUCATIONS,
  ETHNIC_GROUPS,
  type FormRules,
  fieldSchema,
  nominationProblems,
  PERSONAL_IDENTITIES,
  POLITICAL_STATUSES,
  SEXES,
  UNIT_NATURES,
} from '#shared/forms';

export type FieldKind =
  | 'text'
  | 'select'
  | 'month'
  | 'tel'
  | 'id'
  | 'number'
  | 'textarea'
  | 'assessments'
  | 'declaration';

export interface FieldDef {
  field: string;
  kind: FieldKind;
  options?: readonly string[];
  optional?: boolean;
  hint?: string;
}

export const WORKER_FIELDS: readonly FieldDef[] = [
  { field: 'name', kind: 'text' },
  { field: 'sex', kind: 'select', options: SEXES },
  { field: 'ethnicity', kind: 'select', options: ETHNIC_GROUPS },
  { field: 'birthMonth', kind: 'month', hint: '如 1985-06' },
  { field: 'idNumber', kind: 'id', hint: '18 位；填写后自动带出出生年月和性别' },
  { field: 'politicalStatus', kind: 'select', options: POLITICAL_STATUSES },
  { field: 'workStartMonth', kind: 'month', hint: '如 2008-07' },
  { field: 'education', kind: 'select', options: EDUCATIONS },
  { field: 'professionalTitle', kind: 'text', optional: true },
  { field: 'unitAndPost', kind: 'text', hint: '如：濮阳县财政局 综合股股长' },
  { field: 'personalIdentity', kind: 'select', options: PERSONAL_IDENTITIES },
  { field: 'phone', kind: 'tel', hint: '11 位手机号或带区号的固定电话' },
  { field: 'assessments', kind: 'assessments' },
  { field: 'awards', kind: 'textarea', optional: true, hint: '如：2021年3月 受到濮阳市人民政府嘉奖' },
  { field: 'noViolation', kind: 'declaration' },
  { field: 'deeds', kind: 'textarea' },
  { field: 'summary', kind: 'textarea', hint: '用于汇总表' },
];

export const COLLECTIVE_FIELDS: readonly FieldDef[] = [
  { field: 'unitName', kind: 'text', hint: '填写全称' },
  { field: 'unitNature', kind: 'select', options: UNIT_NATURES },
  { field: 'unitLevel', kind: 'text', hint: '如：正科级' },
  { field: 'leader', kind: 'text' },
  { field: 'staffCount', kind: 'number' },
  { field: 'address', kind: 'text' },
  { field: 'contactPerson', kind: 'text' },
  { field: 'phone', kind: 'tel', hint: '11 位手机号或带区号的固定电话' },
  { field: 'noViolation', kind: 'declaration' },
  { field: 'deeds', kind: 'textarea' },
  { field: 'summary', kind: 'textarea', hint: '用于汇总表' },
];

export const fieldsOf = (category: Category) => (category === 'worker' ? WORKER_FIELDS : COLLECTIVE_FIELDS);

export type FormValues = Record<string, unknown>;
export type Assessment = { year: number; result: string };

/** The input name of one year's assessment select. */
export const assessmentName = (year: number) => `assessment-${year}`;

/** What the form holds, as the API's form values; blank inputs are left out. */
export function readForm(data: FormData, category: Category, years: readonly number[]): FormValues {
  const values: FormValues = {};
  for (const { field, kind } of fieldsOf(category)) {
    if (kind === 'assessments') {
      const list: Assessment[] = [];
      for (const year of years) {
        const result = data.get(assessmentName(year));
        if (result) list.push({ year, result: String(result) });
      }
      if (list.length) values[field] = list;
      continue;
    }
    const raw = data.get(field);
    if (kind === 'declaration') {
      if (raw) values[field] = true;
      continue;
    }
    const s = raw == null ? '' : String(raw);
    if (!s.trim()) continue;
    // A number input that holds no integer keeps its text, so the schema says what is wrong.
    values[field] = kind === 'number' && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s;
  }
  return values;
}

export interface FormCheck {
  /** Field → why its value is not valid (schema or cross-check); such values are not saved. */
  errors: Record<string, string>;
  /** Field → the value as the schema outputs it (trimmed, upper-cased ID number…). */
  valid: FormValues;
  /** The ID number disagrees with the birth month or sex. */
  crossFailed: boolean;
  /** Field → a valid value that still blocks submission (an assessment below 称职(合格)). */
  notices: Record<string, string>;
}

// Schemas are built once per campaign rules, not on every keystroke.
const memo = new WeakMap<FormRules, Map<string, unknown>>();
function cached<T>(rules: FormRules, key: string, make: () => T): T {
  let byKey = memo.get(rules);
  if (!byKey) {
    byKey = new Map();
    memo.set(rules, byKey);
  }
  if (!byKey.has(key)) byKey.set(key, make());
  return byKey.get(key) as T;
}

/** Whether this value passes the field's schema: its output, or the schema's first message. */
export function checkField(category: Category, field: string, value: unknown, rules: FormRules) {
  const result = cached(rules, `${category}.${field}`, () => fieldSchema(category, field, rules))?.safeParse(
    value,
  );
  if (!result || result.success) return { ok: true as const, data: result ? result.data : value };
  return { ok: false as const, message: result.error.issues[0]?.message ?? '填写内容不符合要求' };
}

/** Every field on its own, then the whole draft (the ID number against birth month and sex). */
export function checkForm(category: Category, values: FormValues, rules: FormRules): FormCheck {
  const check: FormCheck = { errors: {}, valid: {}, crossFailed: false, notices: {} };
  for (const field of Object.keys(values)) {
    const r = checkField(category, field, values[field], rules);
    if (r.ok) check.valid[field] = r.data;
    else check.errors[field] = r.message;
  }
  const draft = cached(rules, category, () => draftFormSchema(category, rules)).safeParse(check.valid);
  if (!draft.success) {
    for (const issue of draft.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field && !check.errors[field]) check.errors[field] = issue.message;
      check.crossFailed = true;
    }
  }
  const assessments = check.valid.assessments as Assessment[] | undefined;
  if (assessments) {
    // Only the years filled in so far: a missing year is for the checklist, not an error yet.
    const filled = rules.assessmentYears.filter((y) => assessments.some((a) => a.year === y));
    const [first] = assessmentProblems(assessments, filled);
    if (first) check.notices.assessments = first.message;
  }
  return check;
}

/** The values the user sees: schema output where valid, what was typed where not. */
export const normalised = (values: FormValues, check: FormCheck): FormValues => ({
  ...values,
  ...check.valid,
});

function same(a: unknown, b: unknown): boolean {
  // Assessments compare by year and result, whatever the order of rows or keys.
  const key = (v: unknown) =>
    JSON.stringify(
      Array.isArray(v)
        ? (v as Assessment[]).map((x) => [x.year, x.result]).sort((x, y) => Number(x[0]) - Number(y[0]))
        : v,
    );
  return key(a) === key(b);
}

/** What differs from the server copy: the new value, or null for a field the user cleared. */
export function diffForm(current: FormValues, base: FormValues, category: Category): FormValues {
  const edits: FormValues = {};
  for (const { field } of fieldsOf(category)) {
    const a = current[field];
    const b = base[field];
    if (a === undefined) {
      if (b !== undefined && b !== null) edits[field] = null;
    } else if (!same(a, b)) edits[field] = a;
  }
  return edits;
}

/** The server copy with the local edits laid over it. */
export function applyEdits(base: FormValues, edits: FormValues): FormValues {
  const out = { ...base };
  for (const field of Object.keys(edits)) {
    if (edits[field] === null) delete out[field];
    else out[field] = edits[field];
  }
  return out;
}

const ID_LINKED = ['idNumber', 'birthMonth', 'sex'];

/**
 * The edits the server can take now: only values that pass validation. While the ID number
 * disagrees with birth month or sex none of the three is sent, so the stored trio stays consistent.
 * `rejected` holds values the server already refused (field → JSON), not sent again unchanged.
 */
export function savableEdits(edits: FormValues, check: FormCheck, rejected: Record<string, string> = {}) {
  const out: FormValues = {};
  for (const field of Object.keys(edits)) {
    if (check.errors[field] || (check.crossFailed && ID_LINKED.includes(field))) continue;
    if (rejected[field] === JSON.stringify(edits[field])) continue;
    out[field] = edits[field];
  }
  return out;
}

/**
 * What still blocks submission, as a checklist: invalid values first, then the shared rules'
 * missing fields and eligibility. `idOnFile`: the server holds an ID number not re-entered here.
 */
export function formProblems(
  category: Category,
  values: FormValues,
  check: FormCheck,
  rules: FormRules,
  idOnFile: boolean,
): { field: string; message: string }[] {
  const present: FormValues = { ...values, ...check.valid };
  if (idOnFile && present.idNumber === undefined) present.idNumber = 'on file';
  const list = Object.keys(check.errors).map((field) => ({ field, message: check.errors[field] as string }));
  for (const p of nominationProblems(category, present, rules)) if (!check.errors[p.field]) list.push(p);
  return list;
}
