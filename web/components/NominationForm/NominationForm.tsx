/**
 * The approval form of a worker or a collective: every field, labelled in Chinese, checked as
 * the user types with the shared schemas. Uncontrolled: the inputs hold the values and each
 * input event reads the whole form with FormData. Saving is the parent's job (onChange).
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { Category } from '#shared/campaign';
import type { FormRules } from '#shared/forms';
import { parseIdNumber } from '#shared/id-number';
import { countChars } from '#shared/text';
import {
  type Assessment,
  assessmentName,
  checkForm,
  type FieldDef,
  type FormCheck,
  type FormValues,
  fieldsOf,
  formProblems,
  normalised,
  readForm,
} from '../../form-model.ts';

export const FORM_ID = 'nomination-form';

export interface NominationFormProps {
  category: Category;
  campaign: FormRules;
  /** Values to start from (server copy with any local edits laid over it). */
  initial?: FormValues;
  /** 410902********1234 when the server holds an ID number (never sent back whole). */
  idNumberMasked?: string;
  /** Field → message the server gave for the value it refused. */
  serverErrors?: Record<string, string>;
  /** Problems the server reports beyond the form's own fields (e.g. the photo). */
  extraProblems?: { field: string; message: string }[];
  onChange?: (values: FormValues, check: FormCheck) => void;
  /** A field lost focus: a good moment to save. */
  onFieldDone?: () => void;
  onSubmit?: (values: FormValues, check: FormCheck) => void;
  /** Rendered after the fields, before the checklist (the photo). */
  before?: ComponentChildren;
  /** Rendered inside the form, after the checklist (the save bar). */
  children?: ComponentChildren;
}

/** Whether a value is complete enough to judge while the user is still in the field. */
function judgeWhileTyping(def: FieldDef, value: unknown): boolean {
  if (typeof value !== 'string') return true;
  if (def.kind === 'id') return value.trim().length >= 18;
  if (def.kind === 'tel') return value.trim().length >= 11;
  return def.kind !== 'text';
}

const fieldId = (field: string) => `f-${field}`;

function focusField(def: FieldDef | undefined, field: string) {
  const el = document.getElementById(fieldId(def?.years ? assessmentName(def.years[0] ?? 0) : field));
  el?.focus();
  el?.scrollIntoView?.({ block: 'center' });
}

export function NominationForm(props: NominationFormProps) {
  const { category, campaign: rules, idNumberMasked } = props;
  const initial = props.initial ?? {};
  const defs = fieldsOf(category, rules);
  const assessments = defs.find((d) => d.kind === 'assessments')?.field;
  const focus = (field: string) =>
    focusField(
      defs.find((d) => d.field === field),
      field,
    );
  const formRef = useRef<HTMLFormElement>(null);
  // Fields the user has finished with (or that came filled in): their errors are shown.
  const touched = useRef<Set<string>>(new Set(Object.keys(initial))).current;
  const [state, setState] = useState(() => ({ values: initial, check: checkForm(category, initial, rules) }));
  const [reenterId, setReenterId] = useState(!idNumberMasked || initial.idNumber !== undefined);

  const update = (target: EventTarget | null, final: boolean) => {
    const form = formRef.current;
    const name = (target as HTMLInputElement | null)?.name ?? '';
    const field = name.startsWith('assessment-') ? (assessments ?? name) : name;
    if (!form || !defs.some((d) => d.field === field)) return;
    if (field === 'idNumber') fillFromId(form, (target as HTMLInputElement).value);
    const values = readForm(new FormData(form), category, rules);
    const check = checkForm(category, values, rules);
    const def = defs.find((d) => d.field === field) as FieldDef;
    if (final || judgeWhileTyping(def, values[field])) touched.add(field);
    setState({ values, check });
    props.onChange?.(normalised(values, check), check);
    if (final) props.onFieldDone?.();
  };

  const onSubmit = (e: Event) => {
    e.preventDefault();
    const form = formRef.current as HTMLFormElement;
    const values = readForm(new FormData(form), category, rules);
    const check = checkForm(category, values, rules);
    for (const d of defs) touched.add(d.field);
    setState({ values, check });
    const [first] = Object.keys(check.errors);
    if (first) focus(first);
    props.onSubmit?.(normalised(values, check), check);
  };

  const { values, check } = state;
  const messageOf = (field: string) =>
    props.serverErrors?.[field] ??
    (touched.has(field) ? (check.errors[field] ?? check.notices[field]) : undefined);
  const problems = formProblems(category, values, check, rules, Boolean(idNumberMasked) && !reenterId);
  const own = new Set(defs.map((d) => d.field));
  for (const p of props.extraProblems ?? []) if (!own.has(p.field)) problems.push(p);

  const renderField = (def: FieldDef) => {
    const { field, kind, label, limit } = def;
    const id = fieldId(field);
    const message = messageOf(field);
    const described = [message && `${id}-err`, def.hint && `${id}-hint`, kind === 'textarea' && `${id}-count`]
      .filter(Boolean)
      .join(' ');
    const common = {
      id,
      name: field,
      'aria-invalid': message ? ('true' as const) : undefined,
      'aria-describedby': described || undefined,
    };
    const start = initial[field];
    const text = typeof start === 'string' || typeof start === 'number' ? String(start) : '';
    const error = message && (
      <p class="err" id={`${id}-err`}>
        {message}
      </p>
    );
    const hint = def.hint && (
      <p class="hint" id={`${id}-hint`}>
        {def.hint}
      </p>
    );

    if (kind === 'assessments') {
      const list = (start as Assessment[] | undefined) ?? [];
      return (
        <fieldset class={message ? 'field invalid' : 'field'} key={field}>
          <legend>{label}</legend>
          {(def.years ?? []).map((year) => {
            const chosen = list.find((a) => a.year === year)?.result ?? '';
            const yid = fieldId(assessmentName(year));
            return (
              <div class="pair" key={year}>
                <label for={yid}>{`${year}年度考核结果`}</label>
                <select
                  id={yid}
                  name={assessmentName(year)}
                  aria-invalid={message ? 'true' : undefined}
                  aria-describedby={message ? `${id}-err` : undefined}
                >
                  <option value="" selected={!chosen}>
                    请选择
                  </option>
                  {def.options?.map((r) => (
                    <option value={r} selected={r === chosen} key={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
          {error}
        </fieldset>
      );
    }

    if (kind === 'declaration') {
      return (
        <fieldset class={message ? 'field invalid' : 'field'} key={field}>
          <legend>{label}</legend>
          {hint}
          <label class="check">
            <input type="checkbox" {...common} value="true" defaultChecked={start === true} />
            {def.statement}
          </label>
          {error}
        </fieldset>
      );
    }

    let control: ComponentChildren;
    if (kind === 'id' && !reenterId) {
      return (
        <div class="field" key={field}>
          <span class="label">{label}</span>
          <p class="onfile">
            已填写 {idNumberMasked}
            <button
              type="button"
              class="link"
              onClick={() => {
                setReenterId(true);
                setTimeout(() => document.getElementById(id)?.focus());
              }}
            >
              重新填写
            </button>
          </p>
          {error}
        </div>
      );
    }
    if (kind === 'select') {
      control = (
        <select {...common}>
          <option value="" selected={!text}>
            请选择
          </option>
          {def.options?.map((o) => (
            <option value={o} selected={o === text} key={o}>
              {o}
            </option>
          ))}
        </select>
      );
    } else if (kind === 'textarea') {
      const n = countChars(typeof values[field] === 'string' ? (values[field] as string) : '');
      control = (
        <>
          <textarea {...common} rows={limit && limit > 1000 ? 10 : 4} defaultValue={text} />
          <p class={limit && n > limit ? 'count over' : 'count'} id={`${id}-count`}>
            {limit ? `${n} / ${limit} 字` : `${n} 字`}
          </p>
        </>
      );
    } else {
      control =
        kind === 'month' ? (
          <input {...common} type="month" placeholder="YYYY-MM" inputMode="numeric" defaultValue={text} />
        ) : kind === 'date' ? (
          <input {...common} type="date" placeholder="YYYY-MM-DD" inputMode="numeric" defaultValue={text} />
        ) : kind === 'tel' ? (
          <input {...common} type="tel" inputMode="tel" autoComplete="tel" defaultValue={text} />
        ) : kind === 'number' ? (
          <input {...common} type="number" inputMode="numeric" min={def.min} step={1} defaultValue={text} />
        ) : kind === 'id' ? (
          <input
            {...common}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            defaultValue={text}
          />
        ) : (
          <input {...common} autoComplete="off" defaultValue={text} />
        );
    }

    return (
      <div class={message ? 'field invalid' : 'field'} key={field}>
        <div class="head">
          <label for={id}>{label}</label>
          {def.optional && <span class="tag">选填</span>}
        </div>
        {control}
        {hint}
        {error}
      </div>
    );
  };

  return (
    <form
      id={FORM_ID}
      ref={formRef}
      noValidate
      onInput={(e) => update(e.target, false)}
      onChange={(e) => update(e.target, true)}
      onFocusOut={(e) => update(e.target, true)}
      onSubmit={onSubmit}
    >
      {defs.map(renderField)}
      {props.before}
      <section class="card checklist" aria-labelledby="checklist-title">
        <h2 id="checklist-title">
          {problems.length ? `提交前还需完成 ${problems.length} 项` : '必填项已齐全'}
        </h2>
        {problems.length ? (
          <ul>
            {problems.map((p) => (
              <li key={p.field + p.message}>
                <button type="button" class="link" onClick={() => focus(p.field)}>
                  {p.message}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="ok">各项内容已填写完整，符合推荐条件。</p>
        )}
      </section>
      {props.children}
    </form>
  );
}

/** A valid ID number fills in birth month and sex where they are still empty. */
function fillFromId(form: HTMLFormElement, raw: string) {
  const id = parseIdNumber(raw);
  if (!id) return;
  const birth = form.elements.namedItem('birthMonth') as HTMLInputElement | null;
  const sex = form.elements.namedItem('sex') as HTMLSelectElement | null;
  if (birth && !birth.value) birth.value = id.birthMonth;
  if (sex && !sex.value) sex.value = id.sex;
}
