/**
 * "校验审计链": the server recomputes every chain of the campaign (seconds on a big one; the
 * page counts them meanwhile) and reports either an intact history with its head hash, or each
 * chain's first broken event.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { type AuditReport, verifyAudit } from '../Auditor/audit-api.ts';
import { chainLabel } from '../Auditor/auditor.ts';
import { HeadHash } from '../HeadHash/HeadHash.tsx';

/** Seconds since `busy` turned true, ticking once a second. */
export function useElapsed(busy: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!busy) return;
    setSeconds(0);
    const timer = setInterval(() => setSeconds((s) => s + 1), 1000);
    return () => clearInterval(timer);
  }, [busy]);
  return seconds;
}

export function Working({ text, seconds }: { text: string; seconds: number }) {
  return (
    <p class="working">
      <span class="spinner" aria-hidden="true" />
      {text}
      {seconds > 0 ? `（已用时 ${seconds} 秒）` : ''}
    </p>
  );
}

export function ChainStatus() {
  const [report, setReport] = useState<AuditReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const seconds = useElapsed(busy);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const verify = async () => {
    setBusy(true);
    setError('');
    try {
      const r = await verifyAudit();
      if (alive.current) setReport(r);
    } catch (e) {
      if (alive.current) setError(e instanceof ApiFailure ? e.message : '校验失败，请重试');
    }
    if (alive.current) setBusy(false);
  };

  return (
    <section class="card chain" aria-labelledby="chain-title">
      <h2 id="chain-title">审计链</h2>
      <p class="hint">重新计算本次评选全部记录的哈希链，检查是否有记录被修改、删除、插入或调换顺序。</p>
      <button type="button" class="primary block" onClick={verify} disabled={busy}>
        {report ? '重新校验' : '校验审计链'}
      </button>
      <div role="status" aria-live="polite">
        {busy && <Working text="正在校验全部审计链…" seconds={seconds} />}
        {!busy && report && (
          <div class="result">
            {report.ok ? (
              <p>
                <span class="badge good">完整</span> 全部审计链校验通过
              </p>
            ) : (
              <p>
                <span class="badge bad">发现 {report.breaks.length} 处断裂</span>
              </p>
            )}
            <dl class="facts">
              <div>
                <dt>审计链</dt>
                <dd>{report.chains} 条</dd>
              </div>
              <div>
                <dt>记录</dt>
                <dd>{report.events} 条</dd>
              </div>
              <div>
                <dt>校验时间</dt>
                <dd>{dateTime(report.checkedAt)}</dd>
              </div>
              <div class="wide">
                <dt>头哈希</dt>
                <dd>
                  <HeadHash hash={report.headHash} />
                </dd>
              </div>
            </dl>
          </div>
        )}
      </div>
      {!busy && report && report.breaks.length > 0 && (
        <ol class="breaks">
          {report.breaks.map((b) => {
            const c = chainLabel(b.chain);
            return (
              <li key={b.chain}>
                <p>
                  {c.href ? <a href={c.href}>{c.kind}</a> : c.kind} <span class="mono">{c.id}</span>
                </p>
                <p>
                  <strong>第 {b.seq} 条</strong>：{b.message}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
