/** The objections filed during the city publicity (#/o/cases), each resolved with a reason. */
import { useEffect, useState } from 'preact/hooks';
import type { Principal } from '#shared/roles';
import { dateTime } from '../../format.ts';
import { CONFIRMATIONS } from '../ConfirmDialog/ConfirmDialog.tsx';
import { CASE_STATUS_LABELS } from '../NominationTimeline/event-labels.ts';
import { Field, failureOf, LoadFailed, StepForm, str } from '../Process/form.tsx';
import { listCases, type ObjectionCase, resolveCase } from '../Process/process-api.ts';
import '../Process/style.ts';

export function CasesList({ principal }: { principal: Principal }) {
  const [cases, setCases] = useState<ObjectionCase[] | null>(null);
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
      {cases.map((c) => (
        <div class="entry" key={c.caseId}>
          <p class="sub">
            {dateTime(c.filedAt)} · {CASE_STATUS_LABELS[c.status] ?? '状态未知'} ·{' '}
            <a href={`#/n/${c.nominationId}`}>查看对象</a>
          </p>
          <p>{c.content}</p>
          <p class="meta">
            反映人：{c.name || '匿名'}
            {c.phone ? `，${c.phone}` : ''}
          </p>
          {c.resolution && (
            <p class="meta">
              处理结果：{c.resolution.outcome === 'upheld' ? '异议成立' : '异议不成立'}，{c.resolution.reason}
            </p>
          )}
          {c.status === 'open' && (
            <StepForm
              submit="办结"
              confirm={(body) =>
                CONFIRMATIONS[
                  (body as { outcome?: string }).outcome === 'upheld' ? 'upholdObjection' : 'dismissObjection'
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
        </div>
      ))}
    </section>
  );
}
