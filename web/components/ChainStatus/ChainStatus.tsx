/**
 * "校验审计链": a verification job recomputes every chain of the campaign and compares every
 * record, quota counter and photo with its history (a minute or more on a big one; the page
 * shows how far it has come) and reports either an intact history with its head hash, or each
 * chain's first break.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { verifyAudit } from '../Auditor/audit-api.ts';
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

/**
 * A call the server takes seconds over, started by a button: its result, whether it is running
 * and for how long, and its failure in Chinese (`failed` when the server gave no message). A page
 * left meanwhile is not updated.
 */
export function useSlowCall<T>(call: () => Promise<T>, failed: string) {
  const [result, setResult] = useState<T | null>(null);
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
  const run = async () => {
    setBusy(true);
    setError('');
    try {
      const r = await call();
      if (alive.current) setResult(r);
    } catch (e) {
      if (alive.current) setError(e instanceof ApiFailure ? e.message : failed);
    }
    if (alive.current) setBusy(false);
  };
  return { result, busy, error, seconds, run };
}

export function Working({ text, seconds, progress }: { text: string; seconds: number; progress?: string }) {
  return (
    <p class="working">
      <span class="spinner" aria-hidden="true" />
      {text}
      {progress ? ` ${progress}` : ''}
      {seconds > 0 ? `（已用时 ${seconds} 秒）` : ''}
    </p>
  );
}

export function ChainStatus() {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const {
    result: report,
    busy,
    error,
    seconds,
    run,
  } = useSlowCall(() => verifyAudit(setProgress), '校验失败，请重试');
  const verify = () => {
    setProgress(null);
    return run();
  };
  const total = report?.breaksTotal ?? report?.breaks.length ?? 0;

  return (
    <section class="card chain" aria-labelledby="chain-title">
      <h2 id="chain-title">审计链</h2>
      <p class="hint">重新计算本次评选全部记录的哈希链，检查是否有记录被修改、删除、插入或调换顺序。</p>
      <button type="button" class="primary block" onClick={verify} disabled={busy}>
        {report ? '重新校验' : '校验审计链'}
      </button>
      <div role="status" aria-live="polite">
        {busy && (
          <Working
            text="正在校验全部审计链…"
            seconds={seconds}
            {...(progress?.total ? { progress: `已核对 ${progress.done} / ${progress.total}` } : {})}
          />
        )}
        {!busy && report && (
          <div class="result">
            {report.ok ? (
              <p>
                <span class="badge good">完整</span> 全部审计链校验通过
              </p>
            ) : (
              <p>
                <span class="badge bad">发现 {total} 处断裂</span>
                {total > report.breaks.length && `（列出前 ${report.breaks.length} 处）`}
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
              {report.checked && (
                <div>
                  <dt>核对</dt>
                  <dd>
                    业务记录 {report.checked.records} 条，名额 {report.checked.quotas} 个，照片{' '}
                    {report.checked.photos} 张
                  </dd>
                </div>
              )}
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
              <li key={`${b.chain}#${b.problem}`}>
                <p>
                  {c.href ? <a href={c.href}>{c.kind}</a> : c.kind} <span class="mono">{c.id}</span>
                </p>
                <p>
                  {b.seq > 0 && <strong>第 {b.seq} 条：</strong>}
                  {b.message}
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
