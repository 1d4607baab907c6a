/**
 * What the process pages' forms share: uncontrolled forms read with FormData, checked with the
 * shared request schema before posting, and the server's zh-CN message shown next to the field
 * it names (or under the form).
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { chinaDate, type DateProblem } from '#shared/dates';
import { ApiFailure, serverNow } from '../../api.ts';
import { type Confirmation, ConfirmDialog } from '../ConfirmDialog/ConfirmDialog.tsx';

export interface Failure {
  message: string;
  field?: string;
}

export function failureOf(e: unknown): Failure {
  if (e instanceof ApiFailure) return { message: e.message, ...(e.field ? { field: e.field } : {}) };
  return { message: '操作失败，请重试' };
}

/** Today's date in China as yyyy-mm-dd by the server's clock, for date fields' defaults and checks. */
export const today = () => chinaDate(serverNow());

export const str = (fd: FormData, name: string) => String(fd.get(name) ?? '').trim();
/** A whole number typed in a field; NaN stays NaN so that the schema names the field. */
export const int = (fd: FormData, name: string) => {
  const v = str(fd, name);
  return v === '' ? Number.NaN : Number(v);
};
/** A date rule as the step forms' `schema`: its problem becomes the message under its field. */
export function dateRule<B>(problem: (body: B) => DateProblem | null) {
  return {
    safeParse(body: unknown) {
      const p = problem(body as B);
      return p
        ? { success: false, error: { issues: [{ message: p.message, path: p.field.split('.') }] } }
        : { success: true };
    },
  };
}

/** A yes/no radio group: undefined while neither is picked. */
export const yesNo = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return v === 'true' ? true : v === 'false' ? false : undefined;
};

interface Schema {
  safeParse(v: unknown): { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } };
}

/** One labelled field; the failure about it (`err.field === name`) right under it. */
export function Field(props: {
  id: string;
  name: string;
  label: string;
  err: Failure | null;
  hint?: string;
  children: ComponentChildren;
}) {
  const bad = props.err?.field === props.name;
  return (
    <div class={bad ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && <p class="hint">{props.hint}</p>}
      {bad && (
        <p class="err" role="alert">
          {props.err?.message}
        </p>
      )}
    </div>
  );
}

/** Under a file input: which file was chosen (or null), and why it could not be read. */
export function FileStatus({ chosen, error }: { chosen: string | null; error: string }) {
  return (
    <>
      {chosen && (
        <p class="hint" role="status">
          {chosen}
        </p>
      )}
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** A yes/no choice as two radios in a labelled group. */
export function YesNo(props: { name: string; legend: string; yes: string; no: string; err: Failure | null }) {
  const bad = props.err?.field === props.name;
  return (
    <fieldset class={bad ? 'field invalid' : 'field'}>
      <legend>{props.legend}</legend>
      <div>
        <label class="check">
          <input type="radio" name={props.name} value="true" />
          {props.yes}
        </label>
        <label class="check">
          <input type="radio" name={props.name} value="false" />
          {props.no}
        </label>
      </div>
      {bad && (
        <p class="err" role="alert">
          {props.err?.message}
        </p>
      )}
    </fieldset>
  );
}

/**
 * A form that builds its body from FormData, checks it with `schema` (when given), asks first
 * when the step cannot be taken back (`confirm`), runs the call and hands the answer to `onDone`.
 * Failures: next to their field when it is in the form, otherwise under the form.
 */
export function StepForm<T>(props: {
  title?: string;
  submit: string;
  build: (fd: FormData) => unknown;
  schema?: Schema;
  run: (body: unknown) => Promise<T>;
  onDone: (answer: T) => void;
  danger?: boolean;
  /** Ask this before running the call (or what the body calls for; undefined: no question). */
  confirm?: Confirmation | ((body: unknown) => Confirmation | undefined);
  children?: (err: Failure | null) => ComponentChildren;
}) {
  const ref = useRef<HTMLFormElement>(null);
  const [err, setErr] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<{ body: unknown; question: Confirmation } | null>(null);
  const inForm = (field?: string) => !!field && !!ref.current?.querySelector(`[name="${field}"]`);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = ref.current as HTMLFormElement;
    const body = props.build(new FormData(form));
    const checked = props.schema?.safeParse(body);
    if (checked && !checked.success) {
      const issue = checked.error?.issues[0];
      setErr({ message: issue?.message ?? '请检查填写内容', field: issue?.path.join('.') });
      return;
    }
    setErr(null);
    const question = typeof props.confirm === 'function' ? props.confirm(body) : props.confirm;
    if (question) setAsking({ body, question });
    else run(body);
  };

  const run = async (body: unknown) => {
    setAsking(null);
    setBusy(true);
    try {
      const answer = await props.run(body);
      setBusy(false);
      props.onDone(answer);
    } catch (x) {
      setBusy(false);
      setErr(failureOf(x));
    }
  };

  const title = props.title;
  return (
    <form ref={ref} class="step" onSubmit={onSubmit} noValidate aria-label={title ?? props.submit}>
      {title && <h3>{title}</h3>}
      {props.children?.(err)}
      {err && !inForm(err.field) && (
        <p class="err" role="alert">
          {err.message}
        </p>
      )}
      <button type="submit" class={props.danger ? 'danger block' : 'primary block'} disabled={busy}>
        {busy ? '正在提交…' : props.submit}
      </button>
      {asking && (
        <ConfirmDialog {...asking.question} onYes={() => run(asking.body)} onNo={() => setAsking(null)} />
      )}
    </form>
  );
}

/** The page's load state: the error with a retry, or 正在加载…. */
export function LoadFailed({ error, retry }: { error: string; retry: () => void }) {
  return (
    <div class="card">
      <p class="err" role="alert">
        {error}
      </p>
      <button type="button" onClick={retry}>
        重试
      </button>
    </div>
  );
}
