/**
 * The unit's home: the campaign (title, 文号, deadline), its region's quota per category and how
 * much is used, and its nominations; new ones start here. (The county's, city office's and
 * auditor's home pages are in their own chunks.)
 */
import { useEffect, useState } from 'preact/hooks';
import { type CategoryBrief, categoryBriefs, labelIn, nomineeNameIn, unnamedNominee } from '#shared/campaign';
import { levelNames, PUYANG_LEVELS } from '#shared/levels';
import { type NominationView, statusLabelIn } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { officialDate } from '#shared/text';
import { ApiFailure, type CampaignInfo, deleteNomination, listNominations, loadCampaign } from '../../api.ts';
import { dateTime, daysUntil } from '../../format.ts';
import { go } from '../../route.ts';
import { draftKey, loadDraft, removeDraft } from '../../storage.ts';
import { ConfirmDelete } from '../ConfirmDelete/ConfirmDelete.tsx';

const titleOf = (categories: readonly CategoryBrief[], n: NominationView): string =>
  nomineeNameIn(categories, n) || unnamedNominee(categories, n.category);

function Deadline({ label, date }: { label: string; date: string }) {
  const days = daysUntil(date);
  return (
    <p class="meta">
      {label}：<strong>{officialDate(date)}</strong>
      {days >= 0 ? `（还有 ${days} 天）` : '（已截止）'}
    </p>
  );
}

export function Home({ principal }: { principal: Principal }) {
  const [info, setInfo] = useState<CampaignInfo | null>(null);
  const [items, setItems] = useState<NominationView[] | null>(null);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [more, setMore] = useState(false);

  const fail = (e: unknown) => setError(e instanceof ApiFailure ? e.message : '加载失败，请重试');
  const load = () => {
    setError('');
    loadCampaign(principal.campaignId).then(setInfo, fail);
    listNominations().then((page) => {
      setItems(page.items);
      setCursor(page.nextCursor);
    }, fail);
  };
  useEffect(load, []);

  const loadMore = async () => {
    setMore(true);
    try {
      const page = await listNominations(cursor);
      setItems((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      fail(e);
    }
    setMore(false);
  };

  const c = info?.campaign;
  const regionName = c?.regions.find((r) => r.id === principal.regionId)?.name ?? '';
  const categories = c ? categoryBriefs(c) : [];
  const levels = c ? levelNames(c.definition) : PUYANG_LEVELS;
  const unsaved = categories.filter((k) => loadDraft(draftKey(null, k.id), principal.accountId));
  const visible = (items ?? []).filter((n) => n.status !== 'discarded');

  return (
    <>
      {error && (
        <div class="card">
          <p class="err" role="alert">
            {error}
          </p>
          <button type="button" onClick={load}>
            重试
          </button>
        </div>
      )}
      {c ? (
        <section class="card campaign" aria-labelledby="campaign-title">
          <h1 id="campaign-title">{c.title}</h1>
          <p class="meta">文号：{c.docNumber}</p>
          <Deadline label={`推荐单位报送${c.definition.regionTerm}截止`} date={c.deadlines.unitToCounty} />
          <table class="quota">
            <caption>{regionName}名额</caption>
            <thead>
              <tr>
                <th scope="col">类别</th>
                <th scope="col">名额</th>
                <th scope="col">已用</th>
                <th scope="col">剩余</th>
              </tr>
            </thead>
            <tbody>
              {info?.quotas.map((q) => (
                <tr key={q.regionId + q.category}>
                  <th scope="row">{labelIn(categories, q.category)}</th>
                  <td>{q.quota}</td>
                  <td>{q.used}</td>
                  <td>{Math.max(0, q.quota - q.used)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        !error && <p class="loading">正在加载…</p>
      )}

      <section aria-labelledby="list-title">
        <h2 id="list-title" class="section-title">
          本单位推荐对象
        </h2>
        {unsaved.map((k) => (
          <p class="card notice" key={k.id}>
            本机有未保存的{k.label}草稿。<a href={`#/n/new/${k.id}`}>继续填写</a>
          </p>
        ))}
        {items && !visible.length && <p class="empty">还没有推荐对象，请点击下方按钮新建。</p>}
        <ul class="list">
          {visible.map((n) => (
            <li class="item" key={n.id}>
              <a href={`#/n/${n.id}`}>
                <strong>{titleOf(categories, n)}</strong>
                <span class="sub">
                  {labelIn(categories, n.category)} · {statusLabelIn(n.status, levels)} ·{' '}
                  {n.problems.length ? `还差 ${n.problems.length} 项` : '已填写完整'}
                </span>
                <span class="sub">更新于 {dateTime(n.updatedAt)}</span>
              </a>
              {n.status === 'draft' && (
                <ConfirmDelete
                  onConfirm={async () => {
                    await deleteNomination(n.id);
                    removeDraft(draftKey(n.id, n.category));
                    setItems((list) => (list ?? []).filter((x) => x.id !== n.id));
                  }}
                />
              )}
            </li>
          ))}
        </ul>
        {cursor && (
          <button type="button" class="block" onClick={loadMore} disabled={more}>
            {more ? '正在加载…' : '加载更多'}
          </button>
        )}
      </section>

      <div class="actionbar">
        {categories.map((k) => (
          <button type="button" class="primary" key={k.id} onClick={() => go(`/n/new/${k.id}`)}>
            新建{k.label}
          </button>
        ))}
      </div>
    </>
  );
}
