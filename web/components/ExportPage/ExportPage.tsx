/**
 * The exports page (#/o/exports, city office, county and auditor): choose a set (and, for the
 * city office, a region), start the export, follow its progress every second, and download the
 * zip through its five-minute link, with its size and the audit head hash it was made at.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Region } from '#shared/campaign';
import type { Principal } from '#shared/roles';
import { getCampaign } from '../../api.ts';
import {
  EXPORT_SET_LABELS,
  type ExportJob,
  type ExportSet,
  getExport,
  requestExport,
  size,
} from '../Admin/admin-api.ts';
import '../Admin/style.ts';
import { HeadHash } from '../HeadHash/HeadHash.tsx';
import { type Failure, failureOf } from '../Process/form.tsx';
import '../Process/style.ts';

const STATUS: Record<ExportJob['status'], string> = {
  queued: '排队中',
  running: '正在生成',
  done: '已完成',
  failed: '生成失败',
};

export function ExportPage({ principal, pollMs = 1000 }: { principal: Principal; pollMs?: number }) {
  const city = principal.role === 'city';
  const [regions, setRegions] = useState<Region[]>([]);
  const [set, setSet] = useState<ExportSet>('confirmed');
  const [regionId, setRegionId] = useState('');
  const [job, setJob] = useState<ExportJob | null>(null);
  const [err, setErr] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    if (city)
      getCampaign(principal.campaignId).then(
        (i) => setRegions(i.campaign.regions),
        () => {},
      );
    return () => clearTimeout(timer.current);
  }, []);

  const poll = (id: string) => {
    getExport(id).then(
      (j) => {
        setJob(j);
        if (j.status === 'queued' || j.status === 'running')
          timer.current = setTimeout(() => poll(id), pollMs);
        else setBusy(false);
      },
      (e) => {
        // A dropped connection: keep asking; anything else ends the wait.
        const f = failureOf(e);
        setErr(f);
        if ((e as { status?: number }).status === 0) timer.current = setTimeout(() => poll(id), pollMs * 3);
        else setBusy(false);
      },
    );
  };

  const start = async (e: Event) => {
    e.preventDefault();
    clearTimeout(timer.current);
    setErr(null);
    setJob(null);
    setBusy(true);
    try {
      const { exportId } = await requestExport({ set, ...(city && regionId ? { regionId } : {}) });
      setJob({ exportId, status: 'queued' });
      poll(exportId);
    } catch (x) {
      setErr(failureOf(x));
      setBusy(false);
    }
  };

  const p = job?.progress;
  const pct = p && p.total > 0 ? Math.round((p.done / p.total) * 100) : job?.status === 'done' ? 100 : 0;
  return (
    <section class="card" aria-labelledby="exp-title">
      <p class="nav">
        <a href="#/">返回</a>
      </p>
      <h1 id="exp-title">导出评选材料</h1>
      <p class="hint">
        {principal.role === 'county'
          ? '导出本地区推荐对象的申报表、附件和审核记录。'
          : '导出所选推荐对象的申报表、附件和审核记录。'}
        生成后下载链接 5 分钟内有效，过期可重新导出。
      </p>
      <form onSubmit={start} noValidate aria-label="导出评选材料">
        <fieldset class="field">
          <legend>导出范围</legend>
          {(Object.keys(EXPORT_SET_LABELS) as ExportSet[]).map((s) => (
            <label class="check" key={s}>
              <input type="radio" name="set" value={s} checked={set === s} onChange={() => setSet(s)} />
              {EXPORT_SET_LABELS[s]}
            </label>
          ))}
        </fieldset>
        {city && (
          <div class="field">
            <label for="exp-region">地区</label>
            <select
              id="exp-region"
              name="regionId"
              value={regionId}
              onChange={(e) => setRegionId((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">全部地区</option>
              {regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {err && (
          <p class="err" role="alert">
            {err.message}
          </p>
        )}
        <button type="submit" class="primary block" disabled={busy}>
          {busy ? '正在导出…' : '开始导出'}
        </button>
      </form>
      {job && (
        <div class="export-job" role="status">
          <p>
            {STATUS[job.status]}
            {p ? `：${p.done} / ${p.total}` : ''}
          </p>
          <progress
            max={100}
            value={pct}
            aria-label="导出进度"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
          />
          {job.status === 'failed' && <p class="err">{job.error || '导出失败，请重试'}</p>}
          {job.status === 'done' && job.url && (
            <>
              <p>
                {/* the link names the file itself (Content-Disposition); a bare `download` would
                    make a same-origin link save as "true" or "download" */}
                <a class="button primary" href={job.url} download={job.fileName ?? ''}>
                  下载 {job.fileName ?? '评选材料.zip'}
                </a>{' '}
                {job.bytes !== undefined && <span class="meta">{size(job.bytes)}</span>}
              </p>
              <p class="meta">
                {job.nominees ?? 0} 个推荐对象，{job.files ?? 0} 个文件
              </p>
              {job.auditHeadHash && (
                <p class="meta">
                  导出时审计链头哈希：
                  <HeadHash hash={job.auditHeadHash} />
                </p>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
