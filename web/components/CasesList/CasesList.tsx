/**
 * The objections filed during the city publicity (#/o/cases), each resolved with a reason: who
 * it is about (nominee, unit, region), its receipt number, searchable, and the objector's phone,
 * which the city office reveals to call back (each reveal logged).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Principal } from '#shared/roles';
import { dateTime } from '../../format.ts';
import { CONFIRMATIONS } from '../ConfirmDialog/ConfirmDialog.tsx';
import { CASE_STATUS_LABELS } from '../NominationTimeline/event-labels.ts';
import { Field, failureOf, LoadFailed, StepForm, str } from '../Process/form.tsx';
import { listCases, type ObjectionCase, resolveCase, revealObjectorPhone } from '../Process/process-api.ts';
import '../Process/style.ts';

/** The objector, with the whole phone number on request (the city office only; logged). */
function Objector({ c, canReveal }: { c: ObjectionCase; canReveal: boolean }) {
  const [phone, setPhone] = useState('');
  const [err, setErr] = useState('');
  const reveal = () =>
    revealObjectorPhone(c.nominationId, c.caseId).then(
      (r) => setPhone(r.phone),
      (e) => setErr(failureOf(e).message),
    );
  return (
    <p class="meta">
      反映人：{c.name || '匿名'}
      {c.phone &&
        (phone ? (
          <>
            ，<a href={`tel:${phone}`}>{phone}</a>
          </>
        ) : (
          `，${c.phone}`
        ))}
      {c.phone && !phone && canReveal && (
        <>
          {' '}
          <button type="button" class="link" onClick={reveal}>
            查看完整电话
          </button>
          <span class="hint">（查看将留痕）</span>
        </>
      )}
      {err && (
        <span class="err" role="alert">
          {' '}
          {err}
        </span>
      )}
    </p>
  );
}

/** Whether a case matches what the office typed: receipt, nominee, unit, region or objector. */
const matches = (c: ObjectionCase, q: string) =>
  !q ||
  [c.receipt, c.nominee?.name, c.nominee?.unitName, c.nominee?.regionName, c.name]
    .filter(Boolean)
    .some((v) => String(v).includes(q));

export function CasesList({ principal }: { principal: Principal }) {
  const [cases, setCases] = useState<ObjectionCase[] | null>(null);
  const [query, setQuery] = useState('');
  const [error, setError] = useState('');
  const load = () => {
    setError('');
    listCases(principal.campaignId).then(
      (r) => setCases(r.cases),
      (e) => setError(failureOf(e).message),
    );
  };
  useEffect(load, []);
  if (error) return <LoadFailed error={error} retry={load} />;
  if (!cases) return <p class="loading">正在加载…</p>;
  return (
    <section class="card">
      <p class="nav">
        <a href="#/">返回首页</a>
      </p>
      <h1>异议处理</h1>
      {cases.length === 0 && <p class="empty">暂无异议</p>}
      {cases.length > 0 && (
        <div class="field">
          <label for="case-search">查找异议</label>
          <input
            id="case-search"
            type="search"
            placeholder="受理编号、对象、单位、地区或反映人"
            value={query}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value.trim())}
          />
        </div>
      )}
      {cases.length > 0 && !cases.some((c) => matches(c, query)) && <p class="empty">没有符合条件的异议</p>}
      {cases
        .filter((c) => matches(c, query))
        .map((c) => (
          <article class="entry" key={c.caseId} aria-label={`异议 ${c.receipt ?? c.caseId}`}>
            <h2 class="case-title">
              {c.nominee ? (
                <a href={`#/n/${c.nominationId}`}>{c.nominee.name}</a>
              ) : (
                <a href={`#/n/${c.nominationId}`}>查看对象</a>
              )}
              {c.nominee && (
                <span class="meta">
                  {' '}
                  {c.nominee.unitName} · {c.nominee.regionName}
                </span>
              )}
            </h2>
            <p class="sub">
              {c.receipt ? `受理编号 ${c.receipt} · ` : ''}
              {dateTime(c.filedAt)} · {CASE_STATUS_LABELS[c.status] ?? '状态未知'}
            </p>
            <p>{c.content}</p>
            <Objector c={c} canReveal={principal.role === 'city'} />
            {c.resolution && (
              <p class="meta">
                处理结果：{c.resolution.outcome === 'upheld' ? '异议成立' : '异议不成立'}，
                {c.resolution.reason}
              </p>
            )}
            {c.status === 'open' && (
              <StepForm
                submit="办结"
                confirm={(body) =>
                  CONFIRMATIONS[
                    (body as { outcome?: string }).outcome === 'upheld'
                      ? 'upholdObjection'
                      : 'dismissObjection'
                  ]
                }
                build={(fd) => ({ outcome: fd.get('outcome') ?? undefined, reason: str(fd, 'reason') })}
                run={(body) => resolveCase(c.nominationId, c.caseId, body)}
                onDone={load}
              >
                {(err) => (
                  <>
                    <fieldset class={err?.field === 'outcome' ? 'field invalid' : 'field'}>
                      <legend>异议是否成立</legend>
                      <label class="check">
                        <input type="radio" name="outcome" value="dismissed" />
                        不成立
                      </label>
                      <label class="check">
                        <input type="radio" name="outcome" value="upheld" />
                        成立（撤销该对象）
                      </label>
                      {err?.field === 'outcome' && (
                        <p class="err" role="alert">
                          {err.message}
                        </p>
                      )}
                    </fieldset>
                    <Field id={`case-${c.caseId}`} name="reason" label="处理理由" err={err}>
                      <textarea id={`case-${c.caseId}`} name="reason" rows={2} maxLength={1000} />
                    </Field>
                  </>
                )}
              </StepForm>
            )}
          </article>
        ))}
    </section>
  );
}
