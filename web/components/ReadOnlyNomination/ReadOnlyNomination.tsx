/**
 * A nomination read only: every field, the photo. The county and the city office get a way back
 * to their list and may reveal the whole ID number (each reveal is logged; it hides again after
 * 30 s). A unit whose nomination the process has locked is told why, and what it typed that the
 * server did not take is kept and shown (to copy, or to drop), never silently discarded.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Campaign, categoryLabel } from '#shared/campaign';
import { categoryOf } from '#shared/forms';
import { inLevels, levelNames } from '#shared/levels';
import { type NominationStatus, type NominationView, statusLabelIn } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { ApiFailure, call, loadCampaign } from '../../api.ts';
import { type Assessment, type FieldDef, fieldsOf } from '../../form-model.ts';
import { draftKey, loadDraft, removeDraft } from '../../storage.ts';
import '../Lazy/style.ts';

/** Why a unit can no longer edit, and what to do if it must (the Puyang notice's words; see inLevels). */
export const LOCK_REASONS: Partial<Record<NominationStatus, string>> = {
  unit_publicity: '已开始单位公示，表单已锁定；如需修改，请先撤销单位公示',
  unit_publicized: '单位公示已结束，表单已锁定；如需修改，请撤回推荐后重新填报',
  submitted: '已报送县区，表单已锁定；如需修改，请联系县区退回',
  recommended: '县区已推荐，表单已锁定',
  city_review: '已报送市评选办，表单已锁定',
  returned_to_county: '已退回县区，表单已锁定',
  passed: '评审已通过，表单已锁定',
  city_publicity: '市级公示中，表单已锁定',
};

/** How long a revealed ID number stays on screen. */
const REVEAL_MS = 30_000;

function value(v: unknown, def: FieldDef): string {
  if (v === undefined || v === null || v === '') return '未填写';
  if (def.kind === 'assessments') return (v as Assessment[]).map((a) => `${a.year}年 ${a.result}`).join('；');
  if (def.kind === 'declaration') return v === true ? (def.statement ?? '是') : `未确认“${def.statement}”`;
  return String(v);
}

/** The whole ID number for the county and the city office, on request, for 30 s. */
function IdNumber({ view }: { view: NominationView }) {
  const [whole, setWhole] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!whole) return;
    const timer = setTimeout(() => setWhole(''), REVEAL_MS);
    return () => clearTimeout(timer);
  }, [whole]);
  const reveal = async () => {
    setBusy(true);
    setError('');
    try {
      setWhole((await call<{ idNumber: string }>('POST', `/api/nominations/${view.id}/id-number`)).idNumber);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : '查看失败，请重试');
    }
    setBusy(false);
  };
  if (!view.idNumberMasked) return <>未填写</>;
  return (
    <>
      <span class="mono">{whole || view.idNumberMasked}</span>
      {whole ? (
        <>
          {' '}
          <button type="button" class="link" onClick={() => setWhole('')}>
            隐藏
          </button>
          <span class="hint"> 30 秒后自动隐藏</span>
        </>
      ) : (
        <>
          {' '}
          <button type="button" class="link" disabled={busy} onClick={reveal}>
            查看完整身份证号
          </button>
          <span class="hint">（每次查看均记入审计日志）</span>
        </>
      )}
      {error && (
        <span class="err" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}

/** What the unit typed and the server did not take before the form was locked. */
function Unsaved({
  view,
  principal,
  campaign,
}: {
  view: NominationView;
  principal: Principal;
  campaign: Campaign;
}) {
  const key = draftKey(view.id, view.category);
  const [edits, setEdits] = useState(() => loadDraft(key, principal.accountId));
  const [copied, setCopied] = useState('');
  if (!edits || !Object.keys(edits).length) return null;
  const defs = fieldsOf(view.category, campaign).filter((d) => d.field in edits);
  const text = defs
    .map((d) => `${d.label}：${edits[d.field] === null ? '（清空）' : value(edits[d.field], d)}`)
    .join('\n');
  const copy = () => {
    const area = document.getElementById('unsaved-text') as HTMLTextAreaElement;
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      // Old WebViews: the text stays selected for a long-press copy.
    }
    setCopied(ok ? '已复制，可粘贴到别处保存' : '已选中文字，请长按复制');
  };
  return (
    <section class="card unsaved" aria-labelledby="unsaved-title">
      <h2 id="unsaved-title">本机有 {defs.length} 项修改未能保存</h2>
      <p class="hint">
        表单锁定前这些修改尚未保存到服务器，仍保留在本机。可复制留存；如需采用，请在表单可修改后重新填写。
      </p>
      <textarea
        id="unsaved-text"
        aria-label="未能保存的修改"
        readOnly
        rows={Math.min(8, defs.length + 1)}
        value={text}
        style={{ width: '100%' }}
      />
      <div class="row">
        <button type="button" onClick={copy}>
          复制为文字
        </button>
        <button
          type="button"
          class="danger-link"
          onClick={() => {
            removeDraft(key);
            setEdits(null);
          }}
        >
          丢弃这些修改
        </button>
      </div>
      {copied && <p role="status">{copied}</p>}
    </section>
  );
}

/**
 * `principal`: the reader, on the unit's, county's and city office's page (the auditor's has its
 * own). `campaign`: the nomination's, for its form; loaded here when not given.
 */
export function ReadOnlyNomination(props: {
  view: NominationView;
  principal?: Principal;
  campaign?: Campaign;
}) {
  const { view, principal } = props;
  const [loaded, setLoaded] = useState<Campaign | null>(null);
  useEffect(() => {
    if (!props.campaign)
      loadCampaign(view.campaignId).then(
        (info) => setLoaded(info.campaign),
        () => undefined,
      );
  }, [props.campaign, view.campaignId]);
  const campaign = props.campaign ?? loaded;
  if (!campaign) return <p class="loading">正在加载…</p>;
  const unit = principal?.role === 'unit';
  const reviewer = principal?.role === 'county' || principal?.role === 'city';
  const levels = levelNames(campaign.definition);
  const reason = unit ? LOCK_REASONS[view.status] : undefined;
  const lock = reason && inLevels(reason, levels);
  return (
    <>
      {principal && (
        <p class="nav">
          <a href="#/" class="back">
            ‹ {unit ? '返回' : '返回列表'}
          </a>
        </p>
      )}
      {lock && (
        // The reason sits on the page itself: this chunk carries no stylesheet.
        <p class="card" role="status" style={{ borderLeft: '4px solid #b26a00', fontWeight: 600 }}>
          {lock}
        </p>
      )}
      {unit && <Unsaved view={view} principal={principal as Principal} campaign={campaign} />}
      <section class="card nomination-record">
        <h1>{categoryLabel(campaign, view.category)}推荐审批表</h1>
        <p class="meta">
          {view.unitName} · {view.regionName} · {statusLabelIn(view.status, levels)}
        </p>
        <dl class="readonly">
          {fieldsOf(view.category, campaign).map((def) => (
            <div key={def.field}>
              <dt>{def.label}</dt>
              <dd>
                {def.kind === 'id' ? (
                  reviewer ? (
                    <IdNumber key={view.id} view={view} />
                  ) : (
                    (view.idNumberMasked ?? '未填写')
                  )
                ) : (
                  value((view.form as Record<string, unknown>)[def.field], def)
                )}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {categoryOf(campaign, view.category)?.kind === 'person' && (
        <section class="card nomination-record">
          <h2>照片</h2>
          {view.photoUrl ? (
            <img class="photo-ok" src={view.photoUrl} alt="推荐对象照片" width={140} height={196} />
          ) : (
            <p class="hint">
              {view.photo?.status === 'refused' ? `未通过：${view.photo.reason ?? ''}` : '尚无通过审核的照片'}
            </p>
          )}
        </section>
      )}
    </>
  );
}
