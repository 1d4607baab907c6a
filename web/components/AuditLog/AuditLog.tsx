/**
 * The campaign's audit log as a JSONL file: the server writes it (every event, oldest first,
 * then a closing line with the head hash) and hands back a link valid for five minutes. The
 * head hash is shown so that the auditor can write it down and check the file against it later.
 */
import { useEffect, useState } from 'preact/hooks';
import { clock } from '../../format.ts';
import { exportAuditLog } from '../Auditor/audit-api.ts';
import { useSlowCall, Working } from '../ChainStatus/ChainStatus.tsx';
import { HeadHash } from '../HeadHash/HeadHash.tsx';

/** The link lives 300 s on the server; stop offering it a little before. */
const LINK_MS = 280_000;

type Export = Awaited<ReturnType<typeof exportAuditLog>> & { at: Date };

export function AuditLog() {
  const {
    result: log,
    busy,
    error,
    seconds,
    run,
  } = useSlowCall<Export>(async () => ({ ...(await exportAuditLog()), at: new Date() }), '导出失败，请重试');
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    if (!log) return;
    setExpired(false);
    const timer = setTimeout(() => setExpired(true), LINK_MS);
    return () => clearTimeout(timer);
  }, [log]);

  return (
    <section class="card auditlog" aria-labelledby="log-title">
      <h2 id="log-title">审计日志</h2>
      <p class="hint">导出本次评选的全部审计记录（每行一条 JSON），最后一行为校验后的头哈希。</p>
      <button type="button" class="block" onClick={run} disabled={busy}>
        {log ? '重新生成审计日志' : '生成审计日志'}
      </button>
      <div role="status" aria-live="polite">
        {busy && <Working text="正在生成审计日志…" seconds={seconds} />}
        {!busy && log && (
          <div class="result">
            {expired ? (
              <p class="hint">下载链接已过期，请重新生成。</p>
            ) : (
              <a class="button primary block" href={log.url} download="audit-log.jsonl">
                下载审计日志 (JSONL)
              </a>
            )}
            <dl class="facts">
              <div>
                <dt>记录</dt>
                <dd>{log.events} 条</dd>
              </div>
              <div>
                <dt>审计链</dt>
                <dd>
                  {log.verified ? (
                    <span class="badge good">完整</span>
                  ) : (
                    <span class="badge bad">有断裂</span>
                  )}
                </dd>
              </div>
              <div>
                <dt>生成时间</dt>
                <dd>{clock(log.at)}</dd>
              </div>
              <div class="wide">
                <dt>头哈希（请记录）</dt>
                <dd>
                  <HeadHash hash={log.headHash} />
                </dd>
              </div>
            </dl>
            {!expired && <p class="hint">下载链接 5 分钟内有效。</p>}
          </div>
        )}
      </div>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
