/**
 * The nomination form's model, without any DOM: which inputs each category shows, how the
 * posted FormData becomes form values, and what the shared schemas say about them. The rules
 * themselves live in #shared/forms; this only applies them to what the user typed.
 */
import type { Category } from '#shared/campaign';
import type { FormField } from '#shared/definition/schema';
import {
  assessmentProblems,
  assessmentYearsOf,
  categoryOf,
  draftFormSchema,
  type FormRules,
  fieldSchema,
  nominationProblems,
} from '#shared/forms';

export type FieldKind =
  | 'text'
  | 'select'
  | 'month'
  | 'date'
  | 'tel'
  | 'id'
  | 'number'
  | 'textarea'
  | 'assessments'
  | 'declaration';

/** One input of the form, as the category's definition describes its field. */
export interface FieldDef {
  field: string;
  kind: FieldKind;
  label: string;
  options?: readonly string[];
  optional?: boolean;
  hint?: string;
  /** The 字 limit of a text. */
  limit?: number;
  /** The lowest number a number field takes. */
  min?: number;
  /** A declaration's statement (what ticking the box confirms). */
  statement?: string;
  /** The years an assessments field asks for. */
  years?: readonly number[];
}

const KINDS: Record<FormField['kind'], FieldKind> = {
  text: 'text',
  longText: 'textarea',
  date: 'date',
  yearMonth: 'month',
  choice: 'select',
  idNumber: 'id',
  phone: 'tel',
  number: 'number',
  yesNo: 'declaration',
  assessments: 'assessments',
};

function toDef(f: FormField, workYear: number): FieldDef {
  const def: FieldDef = { field: f.key, kind: KINDS[f.kind], label: f.label, optional: f.required === false };
  if (f.help) def.hint = f.help;
  if (f.kind === 'choice') def.options = f.options;
  if (f.kind === 'text' || f.kind === 'longText') def.limit = f.maxChars;
  if (f.kind === 'number') def.min = f.min;
  if (f.kind === 'yesNo') def.statement = f.statement ?? f.label;
  if (f.kind === 'assessments') {
    def.options = f.results;
    def.years = assessmentYearsOf(f, workYear);
  }
  return def;
}

/** The inputs of a category's form, in the definition's order. */
export const fieldsOf = (category: Category, rules: FormRules): readonly FieldDef[] =>
  cached(rules, `defs.${category}`, () =>
    (categoryOf(rules, category)?.form ?? []).map((f) => toDef(f, rules.workYear)),
  );

export type FormValues = Record<string, unknown>;
export type Assessment = { year: number; result: string };

/** The input name of one year's assessment select. */
export const assessmentName = (year: number) => `assessment-${year}`;

/** What the form holds, as the API's form values; blank inputs are left out. */
export function readForm(data: FormData, category: Category, rules: FormRules): FormValues {
  const values: FormValues = {};
  for (const { field, kind, years } of fieldsOf(category, rules)) {
    if (kind === 'assessments') {
      const list: Assessment[] = [];
      for (const year of years ?? []) {
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
  /** Field → a valid value that still blocks submission (an assessment below the rule's bar). */
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
  for (const f of categoryOf(rules, category)?.form ?? []) {
    const assessments = check.valid[f.key] as Assessment[] | undefined;
    if (f.kind !== 'assessments' || !assessments) continue;
    // A year not filled in yet is for the checklist, not an error yet.
    const [first] = assessmentProblems(f, assessments, assessmentYearsOf(f, rules.workYear), true);
    if (first) check.notices[f.key] = first.message;
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
export function diffForm(
  current: FormValues,
  base: FormValues,
  category: Category,
  rules: FormRules,
): FormValues {
  const edits: FormValues = {};
  for (const { field } of fieldsOf(category, rules)) {
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
