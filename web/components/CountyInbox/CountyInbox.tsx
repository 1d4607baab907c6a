/**
 * The county's inbox (#/ for a county account): its region's quota and the share rules that bind
 * its places, its nominations by state, what each still lacks, and the batch to the city office
 * (报送市评选办) once the report is written.
 */
import { useEffect, useState } from 'preact/hooks';
import { type CategoryBrief, categoryBriefs, labelIn, nomineeNameIn, unnamedNominee } from '#shared/campaign';
import { levelNames, PUYANG_LEVELS } from '#shared/levels';
import { NOMINATION_STATUSES, type NominationView, statusLabelIn } from '#shared/nomination';
import { opinionsOfView } from '#shared/opinions';
import type { Principal } from '#shared/roles';
import { inVoteOrder, ranksByScore, voteRanks } from '#shared/vote-score';
import { type CampaignInfo, loadCampaign } from '../../api.ts';
import { ConfirmDialog, confirmations } from '../ConfirmDialog/ConfirmDialog.tsx';
import { failureOf, LoadFailed } from '../Process/form.tsx';
import { type BatchResult, listByStatus, submitRegion } from '../Process/process-api.ts';
import '../Process/style.ts';
import { RegionQuotas } from '../ShareUses/RegionQuotas.tsx';

/** How the lists name a nominee: its category's name field, or what is not yet filled in. */
const nameOf = (categories: readonly CategoryBrief[], n: NominationView) =>
  nomineeNameIn(categories, n) || unnamedNominee(categories, n.category);

/** What the county still has to record before recommending. */
function missing(n: NominationView): string[] {
  const out = n.problems.map((p) => p.message);
  const p = n.process;
  if (p && (n.status === 'submitted' || n.status === 'returned_to_county')) {
    if (!p.politicalReview) out.push('缺少政治审查');
    for (const { id, department } of opinionsOfView(n)) {
      const o = p.opinions?.[id];
      if (!o) out.push(`缺少${department}意见`);
      else if (!o.scanId) out.push(`${department}意见缺少盖章扫描件`);
    }
  }
  return out;
}

/**
 * The city office's list of a campaign whose vote ranks by score: every page, so that the order
 * and each nominee's place (第 N 名) cover the whole list, highest score first.
 */
async function rankedList(query: string): Promise<NominationView[]> {
  const all: NominationView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listByStatus(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * `city`: the same list for the city office, without the county's batch, ranked by score when the
 * campaign's vote is (按得分排序); the dashboard passes the campaign's `categories`, the county's
 * page loads them with the campaign.
 */
export function CountyInbox(props: { principal: Principal; city?: boolean; categories?: CategoryBrief[] }) {
  const { principal, city } = props;
  const [info, setInfo] = useState<CampaignInfo | null>(null);
  const campaign = info?.campaign ?? null;
  const categories = props.categories ?? (campaign ? categoryBriefs(campaign) : []);
  const ranked = !!city && !!campaign && ranksByScore(campaign);
  // the campaign's words once it is read (学校审核, 报送县教体局); Puyang's until then
  const levels = campaign ? levelNames(campaign.definition) : PUYANG_LEVELS;
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<NominationView[] | null>(null);
  const [error, setError] = useState('');
  const [batch, setBatch] = useState<BatchResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const load = () => {
    setError('');
    setItems(null);
    const query = status ? `&status=${status}` : '';
    (ranked ? rankedList(query) : listByStatus(query).then((r) => r.items)).then(
      (list) => setItems(list.filter((n) => n.status !== 'discarded' && n.status !== 'draft')),
      (e) => setError(failureOf(e).message),
    );
  };
  useEffect(load, [status, ranked]);
  useEffect(() => {
    // the city office's list needs the campaign's vote too (does it rank by score?)
    if (city || !props.categories) loadCampaign(principal.campaignId).then(setInfo, () => undefined);
  }, []);
  const shown = ranked && items && campaign ? inVoteOrder(campaign, items) : items;
  const ranks = ranked && items ? voteRanks(items) : new Map<string, number>();

  const submit = async () => {
    setAsking(false);
    setBusy(true);
    try {
      setBatch(await submitRegion(principal.regionId as string));
      load();
    } catch (e) {
      setBatch({ done: [], refused: [{ id: '', name: '', code: '', message: failureOf(e).message }] });
    }
    setBusy(false);
  };

  return (
    <>
      <section class="card" hidden={city}>
        <h1>{levels.middle}审核</h1>
        <p class="nav">
          <a href="#/o/report">审核推荐工作报告</a> <a href="#/o/exports">导出评选材料</a>
        </p>
        {info && (
          <RegionQuotas
            regionName={info.campaign.regions.find((r) => r.id === principal.regionId)?.name ?? ''}
            quotas={info.quotas}
            shares={info.shares}
            categories={categories}
          />
        )}
        <button type="button" class="primary block" onClick={() => setAsking(true)} disabled={busy}>
          将已推荐的对象报送{levels.top}
        </button>
        {asking && (
          <ConfirmDialog
            {...confirmations(levels).submitToCity}
            onYes={submit}
            onNo={() => setAsking(false)}
          />
        )}
        {batch && (
          <div role="status">
            {batch.done.length > 0 && <p class="ok">已报送 {batch.done.length} 个</p>}
            {batch.done.length === 0 && batch.refused.length === 0 && <p class="hint">没有待报送的对象</p>}
            {batch.refused.map((r) => (
              <p class="err" key={r.id + r.message}>
                {r.name ? `${r.name}：` : ''}
                {r.message}
              </p>
            ))}
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="inbox-title">
        <h2 id="inbox-title">推荐对象</h2>
        <label for="inbox-status">按状态筛选</label>
        <select
          id="inbox-status"
          value={status}
          onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">全部</option>
          {NOMINATION_STATUSES.filter((s) => s !== 'draft' && s !== 'discarded').map((s) => (
            <option key={s} value={s}>
              {statusLabelIn(s, levels)}
            </option>
          ))}
        </select>
        {error && <LoadFailed error={error} retry={load} />}
        {!items && !error && <p class="loading">正在加载…</p>}
        {items?.length === 0 && <p class="empty">暂无推荐对象</p>}
        <ul class="list">
          {shown?.map((n) => {
            const gaps = missing(n);
            const rank = ranks.get(n.id);
            return (
              <li class="item" key={n.id}>
                <a href={`#/n/${n.id}`}>{nameOf(categories, n)}</a>
                <p class="sub">
                  {labelIn(categories, n.category)} · {n.unitName} ·{' '}
                  <strong>{statusLabelIn(n.status, levels)}</strong>
                  {ranked && n.score !== undefined && (
                    <>
                      {' · '}
                      <strong class="rank">
                        {rank === undefined ? `${n.score} 分` : `第 ${rank} 名（${n.score} 分）`}
                      </strong>
                    </>
                  )}
                </p>
                {gaps.length > 0 && (
                  <ul class="problems">
                    {gaps.map((g) => (
                      <li key={g}>{g}</li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
