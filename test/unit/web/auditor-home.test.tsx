/**
 * The auditor's home: the list's query string built from the filters, the filters moving the
 * hash, the list read with them, the chain check and the log's download, against a stand-in
 * for the API.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaign } from '#shared/campaign';
import type { NominationView } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { AuditLog } from '../../../web/components/AuditLog/AuditLog.tsx';
import { AuditorHome, filterQuery, parseFilters } from '../../../web/components/AuditorHome/AuditorHome.tsx';
import { ChainStatus } from '../../../web/components/ChainStatus/ChainStatus.tsx';
import { saveSession } from '../../../web/storage.ts';
import { puyangRules } from '../../support/forms.ts';

const UNIT = '01HZX00000000000000000UNIT';
const principal: Principal = { accountId: 'AUD1', role: 'auditor', campaignId: 'c1', name: '市纪委监委' };
const campaign = {
  id: 'c1',
  title: '2023年度“一卡通”管理工作先进集体和先进工作者评选',
  docNumber: '濮人社函〔2024〕2号',
  regions: [
    { id: 'hualong', name: '华龙区', quotas: { collective: 4, worker: 6 } },
    { id: 'puyang', name: '濮阳县', quotas: { collective: 5, worker: 7 } },
  ],
  definition: puyangRules().definition,
} as unknown as Campaign;

function nomination(id: string, over: Partial<NominationView>): NominationView {
  return {
    id,
    campaignId: 'c1',
    regionId: 'hualong',
    regionName: '华龙区',
    unitId: UNIT,
    unitName: '华龙区财政局',
    category: 'worker',
    status: 'draft',
    form: { name: '李建国' },
    version: 1,
    createdAt: '2024-01-05T02:00:00Z',
    updatedAt: '2024-01-05T02:00:00Z',
    problems: [],
    ...over,
  } as NominationView;
}

let paths: string[];
function api(routes: Record<string, unknown>) {
  paths = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string) => {
      paths.push(path);
      const key = Object.keys(routes).find((k) => path === k || path.startsWith(`${k}?`));
      const body = key ? routes[key] : { error: { code: 'not_found', message: '记录不存在' } };
      return Promise.resolve(new Response(JSON.stringify(body), { status: key ? 200 : 404 }));
    }),
  );
}

beforeEach(() => {
  localStorage.clear();
  location.hash = '';
  saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', principal });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the list query', () => {
  it('carries only the filters that are set, after the page size and before the cursor', () => {
    expect(filterQuery({})).toBe('');
    expect(filterQuery({ category: 'worker' })).toBe('category=worker');
    expect(
      filterQuery(
        { status: 'discarded', category: 'collective', unit: UNIT, region: 'hualong' },
        { limit: 50, cursor: 'eyJwayI6Ik5PTSMxIn0=' },
      ),
    ).toBe(
      `limit=50&region=hualong&unit=${UNIT}&category=collective&status=discarded&cursor=eyJwayI6Ik5PTSMxIn0%3D`,
    );
    // "全部" in a select is an empty value: never sent (the API refuses an empty region).
    expect(filterQuery({ region: '', category: undefined }, { limit: 20 })).toBe('limit=20');
  });

  it('reads the filters back from the hash and drops what the API would refuse', () => {
    const f = { region: 'hualong', unit: UNIT, category: 'worker', status: 'submitted' } as const;
    expect(parseFilters(filterQuery(f))).toEqual(f);
    expect(parseFilters('category=Robot!&status=lost&region=&limit=5&foo=bar')).toEqual({});
  });

  it('reads the filter form whole', () => {
    const data = new FormData();
    data.set('region', 'puyang');
    data.set('unit', '');
    data.set('category', 'collective');
    data.set('status', '');
    expect(parseFilters(data)).toEqual({ region: 'puyang', category: 'collective' });
  });
});

describe('the auditor home', () => {
  it('lists the campaign with the hash’s filters and moves the hash when a filter changes', async () => {
    api({
      '/api/campaigns/c1': { campaign, quotas: [] },
      '/api/nominations': {
        items: [
          nomination('N1', {}),
          nomination('N2', {
            category: 'collective',
            status: 'discarded',
            form: { unitName: '华龙区审计局' } as NominationView['form'],
            unitId: '01HZX0000000000000000UNIT2',
            unitName: '华龙区审计局',
          }),
        ],
      },
    });
    render(<AuditorHome principal={principal} query="region=hualong" />);

    const table = await screen.findByRole('table');
    expect(paths).toContain('/api/nominations?limit=50&region=hualong');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => Array.from(r.children, (c) => c.textContent))).toEqual([
      [
        '李建国',
        '先进工作者',
        '华龙区',
        '华龙区财政局',
        '草稿',
        expect.stringMatching(/^2024年1月5日 \d\d:\d\d$/),
      ],
      [
        '华龙区审计局',
        '先进集体',
        '华龙区',
        '华龙区审计局',
        '已删除',
        expect.stringMatching(/^2024年1月5日 \d\d:\d\d$/),
      ],
    ]);
    expect(
      within(rows[0] as HTMLElement)
        .getByRole('link', { name: '李建国' })
        .getAttribute('href'),
    ).toBe('#/n/N1');
    expect(screen.getByText('已全部加载', { exact: false })).toBeTruthy();

    const region = screen.getByLabelText('地区') as HTMLSelectElement;
    expect(region.value).toBe('hualong');
    // Units seen in the list become choices of the unit filter, in pinyin order.
    const units = within(screen.getByLabelText('推荐单位')).getAllByRole('option');
    expect(units.map((o) => o.textContent)).toEqual(['全部单位', '华龙区财政局', '华龙区审计局']);

    const category = screen.getByLabelText('类别') as HTMLSelectElement;
    category.value = 'worker';
    fireEvent.change(category);
    expect(location.hash).toBe('#/?region=hualong&category=worker');
  });

  it('keeps reading while filtered pages come back thin, and offers more', async () => {
    let n = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string) => {
        if (path.startsWith('/api/campaigns/'))
          return Promise.resolve(new Response(JSON.stringify({ campaign, quotas: [] })));
        n++;
        return Promise.resolve(
          new Response(JSON.stringify({ items: n === 2 ? [nomination('N1', {})] : [], nextCursor: `c${n}` })),
        );
      }),
    );
    render(<AuditorHome principal={principal} query="category=worker" />);
    await screen.findByRole('table');
    expect(n).toBe(5);
    expect(screen.getByRole('button', { name: '加载更多' })).toBeTruthy();
  });
});

/** A finished verification job with this report. */
const verification = (result: Record<string, unknown>) => ({
  verificationId: 'V1',
  status: 'done',
  progress: { done: 12, total: 12 },
  result,
});

describe('the chain status', () => {
  it('shows an intact chain with its head hash and counts', async () => {
    const headHash = 'ab12'.repeat(16);
    api({
      '/api/audit/verifications': { verificationId: 'V1', status: 'queued' },
      '/api/audit/verifications/V1': verification({
        ok: true,
        campaignId: 'c1',
        chains: 12,
        events: 345,
        headHash,
        breaks: [],
        checkedAt: '2024-01-05T02:00:00Z',
      }),
    });
    render(<ChainStatus />);
    fireEvent.click(screen.getByRole('button', { name: '校验审计链' }));
    await screen.findByText('完整');
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('12 条');
    expect(status.textContent).toContain('345 条');
    expect(status.querySelector('.hash')?.textContent).toBe(headHash);
    expect(screen.getByRole('button', { name: '重新校验' })).toBeTruthy();
  });

  it('lists each break with its chain, position and message, linking a nomination', async () => {
    api({
      '/api/audit/verifications': { verificationId: 'V1', status: 'queued' },
      '/api/audit/verifications/V1': verification({
        ok: false,
        chains: 12,
        events: 345,
        headHash: '0'.repeat(64),
        breaks: [
          { chain: 'NOM#N1', seq: 3, problem: 'edited', message: '第 3 条记录内容与其哈希不符（被修改）' },
          { chain: 'READS#ACC9', seq: 1, problem: 'missing', message: '第 1 条记录缺失' },
        ],
        checkedAt: '2024-01-05T02:00:00Z',
      }),
    });
    render(<ChainStatus />);
    fireEvent.click(screen.getByRole('button', { name: '校验审计链' }));
    await screen.findByText('发现 2 处断裂');
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items[0]).toContain('第 3 条：第 3 条记录内容与其哈希不符（被修改）');
    expect(items[1]).toContain('查阅记录');
    expect(screen.getByRole('link', { name: '推荐对象' }).getAttribute('href')).toBe('#/n/N1');
    expect(screen.queryByText('完整')).toBeNull();
  });

  it('shows the job’s progress until it ends, then its result', async () => {
    const answers = [
      { verificationId: 'V1', status: 'running', progress: { done: 5, total: 12 } },
      verification({
        ok: true,
        chains: 12,
        events: 30,
        headHash: 'ef'.repeat(32),
        breaks: [],
        checkedAt: '2024-01-05T02:00:00Z',
      }),
    ];
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string, init: { method: string }) => {
        calls.push(`${init.method} ${path}`);
        const body = init.method === 'POST' ? { verificationId: 'V1', status: 'queued' } : answers.shift();
        return Promise.resolve(
          new Response(JSON.stringify(body), { status: init.method === 'POST' ? 202 : 200 }),
        );
      }),
    );
    render(<ChainStatus />);
    fireEvent.click(screen.getByRole('button', { name: '校验审计链' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('已核对 5 / 12'));
    await screen.findByText('完整', undefined, { timeout: 5000 });
    expect(calls).toEqual([
      'POST /api/audit/verifications',
      'GET /api/audit/verifications/V1',
      'GET /api/audit/verifications/V1',
    ]);
  });

  it('says why when the job fails', async () => {
    api({
      '/api/audit/verifications': { verificationId: 'V1', status: 'queued' },
      '/api/audit/verifications/V1': {
        verificationId: 'V1',
        status: 'failed',
        progress: { done: 0, total: 0 },
        error: '校验超时未完成，请重新发起',
      },
    });
    render(<ChainStatus />);
    fireEvent.click(screen.getByRole('button', { name: '校验审计链' }));
    expect((await screen.findByRole('alert')).textContent).toBe('校验超时未完成，请重新发起');
  });

  it('says why when the check fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify({ error: { code: 'forbidden', message: '当前账号无权执行此操作' } }), {
            status: 403,
          }),
        ),
      ),
    );
    render(<ChainStatus />);
    fireEvent.click(screen.getByRole('button', { name: '校验审计链' }));
    expect((await screen.findByRole('alert')).textContent).toBe('当前账号无权执行此操作');
  });
});

describe('the audit log', () => {
  it('offers the JSONL file and shows the head hash to write down', async () => {
    const headHash = 'cd34'.repeat(16);
    api({
      '/api/audit/log': { events: 345, headHash, verified: true, url: 'http://s3.local/audit.jsonl?sig=1' },
    });
    render(<AuditLog />);
    fireEvent.click(screen.getByRole('button', { name: '生成审计日志' }));
    const link = await screen.findByRole('link', { name: '下载审计日志 (JSONL)' });
    expect(link.getAttribute('href')).toBe('http://s3.local/audit.jsonl?sig=1');
    await waitFor(() => expect(document.querySelector('.auditlog .hash')?.textContent).toBe(headHash));
    expect(screen.getByRole('status').textContent).toContain('345 条');
  });
});
