/**
 * The auditor's home (#/, filters in the hash: #/?region=…&category=worker): every nomination of
 * the campaign, discarded drafts included, filtered by region, unit, category and state; and
 * beside the list the audit chain's status and the audit log's download.
 *
 * The filter form is uncontrolled: a change reads it whole with FormData and moves the hash,
 * and the hash is what the list is loaded from, so the back button and a reload keep the filters.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  CATEGORY_ID,
  type Category,
  categoriesOf,
  categoryBriefs,
  categoryLabel,
  nomineeNameIn,
  unnamedNominee,
} from '#shared/campaign';
import { levelNames, PUYANG_LEVELS } from '#shared/levels';
import { type NominationStatus, type NominationView, STATUS_LABELS, statusLabelIn } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { ApiFailure, type CampaignInfo, loadCampaign } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { AuditLog } from '../AuditLog/AuditLog.tsx';
import { queryNominations } from '../Auditor/audit-api.ts';
import { lastList } from '../Auditor/auditor.ts';
import { ChainStatus } from '../ChainStatus/ChainStatus.tsx';

export interface Filters {
  region?: string;
  unit?: string;
  category?: Category;
  status?: NominationStatus;
}

const FILTER_KEYS = ['region', 'unit', 'category', 'status'] as const;
/** The states in process order, from their labels (the label table is in the entry already). */
const STATUSES = Object.keys(STATUS_LABELS) as NominationStatus[];

/**
 * The list's query string: page size first, the filters that are set, then the cursor. Unset
 * filters are left out: the API refuses empty and unknown parameters.
 */
export function filterQuery(f: Filters, page: { limit?: number; cursor?: string } = {}): string {
  const q = new URLSearchParams();
  if (page.limit) q.set('limit', String(page.limit));
  for (const key of FILTER_KEYS) {
    const v = f[key];
    if (v) q.set(key, v);
  }
  if (page.cursor) q.set('cursor', page.cursor);
  return q.toString();
}

/** The filters a query string (the hash's) or the filter form holds; anything else is dropped. */
export function parseFilters(source: string | FormData): Filters {
  const q = typeof source === 'string' ? new URLSearchParams(source) : source;
  const get = (key: string) => String(q.get(key) ?? '').trim();
  const f: Filters = {};
  const region = get('region');
  const unit = get('unit');
  const category = get('category');
  const status = get('status');
  if (region) f.region = region;
  if (unit) f.unit = unit;
  if (CATEGORY_ID.test(category)) f.category = category;
  if ((STATUSES as string[]).includes(status)) f.status = status as NominationStatus;
  return f;
}

const LIMIT = 50;
/** Filters leave pages thin: keep reading until a page is full, at most this many times. */
const MAX_READS = 5;

interface Loaded {
  query: string;
  items: NominationView[];
  cursor?: string;
  scrollY: number;
}

/** The list last shown, kept while the app runs: coming back from a record shows it at once. */
let kept: Loaded | null = null;
/** Units seen in the lists so far, for the unit filter. */
const units = new Map<string, { name: string; regionId: string }>();

async function readPage(filters: Filters, cursor?: string) {
  const items: NominationView[] = [];
  let next = cursor;
  for (let i = 0; i < MAX_READS; i++) {
    const page = await queryNominations(filterQuery(filters, { limit: LIMIT, cursor: next }));
    items.push(...page.items);
    next = page.nextCursor;
    if (!next || items.length >= LIMIT) break;
  }
  for (const n of items) units.set(n.unitId, { name: n.unitName, regionId: n.regionId });
  return { items, cursor: next };
}

/** Where the reader was in the list, for the way back. */
function rememberScroll() {
  if (kept) kept.scrollY = window.scrollY;
}

export function AuditorHome({ principal, query = '' }: { principal: Principal; query?: string }) {
  const filters = parseFilters(query);
  const [info, setInfo] = useState<CampaignInfo | null>(null);
  const [list, setList] = useState<Loaded | null>(() => (kept?.query === query ? kept : null));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [formKey, setFormKey] = useState(0);
  /** The query the filter form shows; another one (back button, link) rebuilds the form. */
  const shown = useRef(query);
  const current = useRef(query);
  current.current = query;
  lastList.query = query;

  const fail = (e: unknown) => setError(e instanceof ApiFailure ? e.message : '加载失败，请重试');

  const keep = (next: Loaded) => {
    kept = next;
    setList(next);
  };

  const load = async (more: boolean) => {
    const q = query;
    setBusy(true);
    setError('');
    try {
      const page = await readPage(filters, more ? list?.cursor : undefined);
      if (current.current !== q) return;
      keep({
        query: q,
        items: more ? [...(list?.items ?? []), ...page.items] : page.items,
        cursor: page.cursor,
        scrollY: 0,
      });
    } catch (e) {
      if (current.current === q) fail(e);
    }
    if (current.current === q) setBusy(false);
  };

  useEffect(() => {
    loadCampaign(principal.campaignId).then(setInfo, fail);
  }, []);

  useEffect(() => {
    if (query !== shown.current) {
      shown.current = query;
      setFormKey((k) => k + 1);
    }
    if (kept?.query === query) {
      const y = kept.scrollY;
      setList(kept);
      setBusy(false);
      if (y) requestAnimationFrame(() => window.scrollTo(0, y));
      return;
    }
    setList(null);
    load(false);
  }, [query]);

  const onFilter = (e: Event) => {
    const f = parseFilters(new FormData(e.currentTarget as HTMLFormElement));
    const changed = (e.target as HTMLSelectElement).name;
    // A unit outside the region just chosen would leave the list empty: drop it.
    const unitRegion = f.unit ? units.get(f.unit)?.regionId : undefined;
    const dropUnit = changed === 'region' && f.region && unitRegion && unitRegion !== f.region;
    if (dropUnit) delete f.unit;
    const q = filterQuery(f);
    if (!dropUnit) shown.current = q;
    // Not route.ts's go(): importing route.ts here makes the bundler split Preact out of the entry.
    location.hash = q ? `/?${q}` : '/';
  };

  const regions = info?.campaign.regions ?? [];
  const briefs = info ? categoryBriefs(info.campaign) : [];
  const levels = info ? levelNames(info.campaign.definition) : PUYANG_LEVELS;
  const regionName = (id: string) => regions.find((r) => r.id === id)?.name ?? id;
  const unitOptions = [...units.entries()]
    .filter(([id, u]) => !filters.region || u.regionId === filters.region || id === filters.unit)
    .sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh-CN'));
  if (filters.unit && !units.has(filters.unit))
    unitOptions.unshift([filters.unit, { name: '（所选单位）', regionId: '' }]);
  const filtered = FILTER_KEYS.some((k) => filters[k]);

  return (
    <>
      <section class="card campaign">
        <h1>{info ? info.campaign.title : '评选'}</h1>
        <p class="meta">
          {info ? `文号：${info.campaign.docNumber} · ` : ''}审计监督（只读）：全部推荐对象、修改记录与审计链
        </p>
        <p class="meta">
          <a href="#/o/exports">导出评选材料</a>
        </p>
      </section>
      <div class="audit-home">
        <div class="audit-main">
          <form
            key={formKey}
            class="card filters"
            aria-label="筛选推荐对象"
            onChange={onFilter}
            onSubmit={(e) => e.preventDefault()}
          >
            <div class="field">
              <label for="f-region">地区</label>
              <select id="f-region" name="region">
                <option value="" selected={!filters.region}>
                  全部地区
                </option>
                {regions.map((r) => (
                  <option key={r.id} value={r.id} selected={r.id === filters.region}>
                    {r.name}
                  </option>
                ))}
                {filters.region && !regions.some((r) => r.id === filters.region) && (
                  <option value={filters.region} selected>
                    {filters.region}
                  </option>
                )}
              </select>
            </div>
            <div class="field">
              <label for="f-unit">推荐单位</label>
              <select id="f-unit" name="unit">
                <option value="" selected={!filters.unit}>
                  全部单位
                </option>
                {unitOptions.map(([id, u]) => (
                  <option key={id} value={id} selected={id === filters.unit}>
                    {u.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-category">类别</label>
              <select id="f-category" name="category">
                <option value="" selected={!filters.category}>
                  全部类别
                </option>
                {(info ? categoriesOf(info.campaign) : []).map((c) => (
                  <option key={c.id} value={c.id} selected={c.id === filters.category}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-status">状态</label>
              <select id="f-status" name="status">
                <option value="" selected={!filters.status}>
                  全部状态
                </option>
                {STATUSES.map((s) => (
                  <option key={s} value={s} selected={s === filters.status}>
                    {statusLabelIn(s, levels)}
                  </option>
                ))}
              </select>
            </div>
            {filters.unit && !filters.status && (
              <p class="hint wide">按单位筛选时，已删除的草稿只在状态选“已删除”时列出。</p>
            )}
            {filtered && (
              <p class="wide">
                <a href="#/">清除筛选</a>
              </p>
            )}
          </form>

          <section aria-labelledby="noms-title">
            <div class="list-head">
              <h2 id="noms-title">推荐对象</h2>
              {list && (
                <span class="sub">
                  已显示 {list.items.length} 条{list.cursor ? '' : '，已全部加载'}
                </span>
              )}
              <button type="button" class="link" onClick={() => load(false)} disabled={busy}>
                刷新
              </button>
            </div>
            {error && (
              <div class="card">
                <p class="err" role="alert">
                  {error}
                </p>
                <button type="button" onClick={() => load(false)}>
                  重试
                </button>
              </div>
            )}
            {!list && !error && <p class="loading">正在加载…</p>}
            {list && list.items.length === 0 && (
              <p class="empty">{filtered ? '没有符合筛选条件的推荐对象。' : '还没有推荐对象。'}</p>
            )}
            {list && list.items.length > 0 && (
              <table class="noms">
                <thead>
                  <tr>
                    <th scope="col">名称</th>
                    <th scope="col">类别</th>
                    <th scope="col">地区</th>
                    <th scope="col">推荐单位</th>
                    <th scope="col">状态</th>
                    <th scope="col">更新时间</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((n) => (
                    <tr key={n.id} class={n.status === 'discarded' ? 'discarded' : undefined}>
                      <th scope="row" class="name">
                        <a href={`#/n/${n.id}`} onClick={rememberScroll}>
                          {nomineeNameIn(briefs, n) || unnamedNominee(briefs, n.category)}
                        </a>
                      </th>
                      <td data-label="类别">{info ? categoryLabel(info.campaign, n.category) : ''}</td>
                      <td data-label="地区">{n.regionName || regionName(n.regionId)}</td>
                      <td data-label="推荐单位">{n.unitName}</td>
                      <td data-label="状态">
                        <span class={n.status === 'discarded' ? 'badge bad' : 'badge'}>
                          {statusLabelIn(n.status, levels)}
                        </span>
                      </td>
                      <td data-label="更新时间">{dateTime(n.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {list?.cursor && (
              <button type="button" class="block" onClick={() => load(true)} disabled={busy}>
                {busy ? '正在加载…' : '加载更多'}
              </button>
            )}
          </section>
        </div>
        <aside class="audit-side" aria-label="审计链与日志">
          <ChainStatus />
          <AuditLog />
        </aside>
      </div>
    </>
  );
}
