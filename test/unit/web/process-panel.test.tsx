/**
 * The steps panel, the public page and the city dashboard against a stand-in for the API: what
 * each step posts, the updated nomination replacing the shown one, the server's message next to
 * its field, and the missing materials per region.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NominationView } from '#shared/nomination';
import { CityDashboard } from '../../../web/components/CityDashboard/CityDashboard.tsx';
import { ProcessPanel } from '../../../web/components/ProcessPanel/ProcessPanel.tsx';
import { PublicityPage } from '../../../web/components/PublicityPage/PublicityPage.tsx';
import { saveSession } from '../../../web/storage.ts';

const ID = '01HZX0000000000000000000N1';
const view = (over: Partial<NominationView> = {}): NominationView => ({
  id: ID,
  campaignId: 'c1',
  regionId: 'hualong',
  regionName: '华龙区',
  unitId: 'U1',
  unitName: '华龙区财政局',
  category: 'worker',
  status: 'submitted',
  form: { name: '张伟' } as NominationView['form'],
  version: 3,
  createdAt: '2024-01-05T02:00:00Z',
  updatedAt: '2024-01-05T02:00:00Z',
  problems: [],
  process: {
    unitPublicity: {
      postedOn: '2024-02-08',
      endsOn: '2024-02-21',
      noticeScanId: 'S',
      outcome: 'no_objection',
    },
  },
  actions: ['recordPoliticalReview', 'recordOpinion', 'returnToUnit', 'recommend', 'decline'],
  ...over,
});

type Call = { method: string; path: string; body?: any };
let calls: Call[];
const json = (status: number, body: unknown) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
function api(handler: (c: Call) => Promise<Response> | undefined) {
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit = {}) => {
      const c = {
        method: init.method ?? 'GET',
        path,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(c);
      return handler(c) ?? json(404, { error: { code: 'not_found', message: '记录不存在' } });
    }),
  );
}

beforeEach(() => {
  calls = [];
  localStorage.clear();
  saveSession({
    token: 't',
    expiresAt: '2099-01-01T00:00:00Z',
    principal: { accountId: 'A', role: 'county', campaignId: 'c1', regionId: 'hualong', name: '华龙区' },
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the steps panel, for a county reviewer', () => {
  it('shows the record and a form per step, records the political review and shows the new state', async () => {
    api((c) => {
      if (c.method === 'GET' && c.path === `/api/nominations/${ID}`) return json(200, view());
      if (c.method === 'PUT' && c.path.endsWith('/political-review'))
        return json(
          200,
          view({ process: { politicalReview: { passed: true, text: c.body.text, date: c.body.date } } }),
        );
      return undefined;
    });
    render(<ProcessPanel id={ID} />);
    expect(await screen.findByText(/公示至 2024年2月21日（5 个工作日）/)).toBeTruthy();
    for (const d of ['组织人事', '纪检监察', '公安'])
      expect(screen.getByLabelText(`${d}意见盖章扫描件`)).toBeTruthy();
    const form = screen.getByRole('form', { name: '政治审查' });
    fireEvent.click(form.querySelector('input[name="passed"][value="true"]') as HTMLInputElement);
    fireEvent.input(screen.getByLabelText('审查意见'), { target: { value: '政治立场坚定' } });
    fireEvent.input(screen.getByLabelText('审查日期'), { target: { value: '2024-02-23' } });
    fireEvent.click(screen.getByRole('button', { name: '保存政治审查' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('已保存'));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      passed: true,
      text: '政治立场坚定',
      date: '2024-02-23',
    });
    expect(screen.getByText(/通过（2024年2月23日）：政治立场坚定/)).toBeTruthy();
  });

  it('shows a refusal under the form, and a field error next to its field', async () => {
    api((c) => {
      if (c.method === 'GET') return json(200, view());
      if (c.path.endsWith('/recommend'))
        return json(409, { error: { code: 'quota_full', message: '华龙区先进工作者名额已满（6 个）' } });
      if (c.path.endsWith('/decline'))
        return json(400, {
          error: { code: 'reason_required', message: '请填写不予推荐的理由', field: 'reason' },
        });
      return undefined;
    });
    render(<ProcessPanel id={ID} />);
    fireEvent.click(await screen.findByRole('button', { name: '推荐' }));
    // Asked first, naming what follows; 取消 sends nothing.
    const dialog = await screen.findByRole('dialog', { name: '确定推荐吗？' });
    expect(dialog.textContent).toContain('占用本县区该类别 1 个名额');
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.some((c) => c.path.endsWith('/recommend'))).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: '推荐' }));
    fireEvent.click(await screen.findByRole('button', { name: '确认推荐' }));
    expect((await screen.findByText('华龙区先进工作者名额已满（6 个）')).getAttribute('role')).toBe('alert');
    // No reason: said next to the field before any question.
    fireEvent.click(screen.getByRole('button', { name: '不予推荐' }));
    const msg = await screen.findByText('请填写不予推荐的理由');
    expect(msg.closest('.field')?.querySelector('textarea')?.id).toBe('reason-decline');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('the steps panel, for the city office', () => {
  // ids of their own: the store keeps the nomination the tests above last showed
  const atCity = (rankByScore: boolean) =>
    view({
      id: rankByScore ? `${ID.slice(0, -2)}R1` : `${ID.slice(0, -2)}R2`,
      status: 'city_review',
      actions: ['recordVote'],
      process: { rankByScore },
    });
  beforeEach(() =>
    saveSession({
      token: 't',
      expiresAt: '2099-01-01T00:00:00Z',
      principal: { accountId: 'C', role: 'city', campaignId: 'c1', name: '市评选办' },
    }),
  );

  it('asks a 评审得分 when the notice ranks by score, posts it and shows it with the vote', async () => {
    api((c) => {
      if (c.method === 'GET') return json(200, atCity(true));
      if (c.path.endsWith('/vote'))
        return json(200, {
          ...atCity(true),
          status: 'passed',
          actions: [],
          score: c.body.score,
          process: { rankByScore: true, vote: { ...c.body, present: 7, members: 9 } },
        });
      return undefined;
    });
    render(<ProcessPanel id={atCity(true).id} />);
    const score = (await screen.findByLabelText('评审得分')) as HTMLInputElement;
    expect(score.closest('.field')?.textContent).toContain('按得分排序，0–100 分');
    for (const [name, value] of [
      ['赞成票', '5'],
      ['反对票', '1'],
      ['弃权票', '1'],
      ['评审得分', '87.5'],
    ] as const)
      fireEvent.input(screen.getByLabelText(name), { target: { value } });
    fireEvent.click(screen.getByRole('button', { name: '登记评审表决' }));
    fireEvent.click(await screen.findByRole('button', { name: '确认登记' }));
    await screen.findByText(/已完成，当前状态：评审通过/);
    expect(calls.find((c) => c.path.endsWith('/vote'))?.body).toEqual({
      for: 5,
      against: 1,
      abstain: 1,
      score: 87.5,
    });
    expect(screen.getByText(/到会 7\/9 人：同意 5，反对 1，弃权 1；评审得分 87.5 分/)).toBeTruthy();
  });

  it('asks no score when the notice does not rank by score', async () => {
    api((c) => (c.method === 'GET' ? json(200, atCity(false)) : undefined));
    render(<ProcessPanel id={atCity(false).id} />);
    expect(await screen.findByLabelText('赞成票')).toBeTruthy();
    expect(screen.queryByLabelText('评审得分')).toBeNull();
  });
});

describe('the public publicity page', () => {
  const entry = {
    id: ID,
    category: 'worker',
    categoryLabel: '先进工作者',
    name: '张伟',
    details: ['男', '华龙区财政局 科员'],
    unitName: '华龙区财政局',
    regionName: '华龙区',
    round: 1,
  };
  it('lists the entries and channels, and files an objection, telling an anonymous one it is not accepted', async () => {
    api((c) => {
      if (c.path === '/api/public/campaigns/c1/publicity')
        return json(200, {
          title: '2023年度评选',
          docNumber: '濮人社函〔2024〕2号',
          issuers: ['濮阳市人力资源和社会保障局'],
          channels: { phone: '0393-6666715', email: 'a@b.cn' },
          contact: {},
          rounds: [{ round: 1, startsOn: '2024-09-27', endsOn: '2024-10-11', entries: [entry] }],
          entries: [entry],
        });
      if (c.path === '/api/public/campaigns/c1/objections')
        return json(201, {
          caseId: '01K1',
          receipt: '20261206-0007',
          accepted: false,
          message: '匿名异议已记录，但不予受理',
        });
      return undefined;
    });
    render(<PublicityPage campaignId="c1" />);
    expect(await screen.findByText('0393-6666715')).toBeTruthy();
    expect(screen.getByText(/2024年9月27日/)).toBeTruthy();
    expect(screen.getByText(/匿名异议会被记录，但不予受理/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText('异议内容'), { target: { value: '考核结果有误' } });
    expect(screen.getByLabelText('真实姓名（选填）')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '提交对张伟的异议' }));
    expect(await screen.findByText('匿名异议已记录，但不予受理')).toBeTruthy();
    // the short receipt, not the case's 26-character id
    expect(screen.getByText('20261206-0007').className).toBe('receipt-number');
    expect(screen.queryByText(/01K1/)).toBeNull();
    expect(calls.at(-1)?.body).toEqual({ nominationId: ID, content: '考核结果有误' });
  });
});

describe('the city dashboard', () => {
  it('shows per region and in total how many nominations in play lack each material', async () => {
    const missing = (inPlay: number, incomplete: number, photo: number, opinions: number) => ({
      inPlay,
      incomplete,
      gaps: { photo, unit_recommendation: 0, unit_publicity: 0, opinions, opinion_scans: 0 },
    });
    const use = { quota: 6, used: 1, left: 5, counts: { submitted: 2 } };
    api((c) => {
      if (c.path === '/api/campaigns/c1/dashboard')
        return json(200, {
          title: '测试评选',
          levels: { middle: '县区', top: '市评选办', topLevel: '市级' },
          regions: [
            {
              regionId: 'hualong',
              regionName: '华龙区',
              categories: { collective: use, worker: use },
              missing: missing(3, 2, 1, 2),
            },
            {
              regionId: 'fanxian',
              regionName: '范县',
              categories: { collective: use, worker: use },
              missing: missing(1, 0, 0, 0),
            },
          ],
          categories: [
            { id: 'collective', kind: 'collective', label: '先进集体', nameField: 'unitName' },
            { id: 'worker', kind: 'person', label: '先进工作者', nameField: 'name' },
          ],
          missing: missing(4, 2, 1, 2),
          cityPublicityLength: { days: 5, dayKind: 'working' },
        });
      if (c.path.startsWith('/api/nominations')) return json(200, { items: [] });
      return undefined;
    });
    render(
      <CityDashboard principal={{ accountId: 'A', role: 'city', campaignId: 'c1', name: '市评选办' }} />,
    );
    const table = await screen.findByRole('table', { name: '材料缺漏' });
    const rows = Array.from(table.querySelectorAll('tr'), (tr) =>
      Array.from(tr.children, (cell) => cell.textContent),
    );
    expect(rows).toEqual([
      [
        '地区',
        '在办对象',
        '材料不全',
        '缺合格照片',
        '缺民主推荐或集体研究',
        '单位公示未完成',
        '缺部门意见',
        '缺意见盖章扫描件',
      ],
      ['华龙区', '3', '2', '1', '0', '0', '2', '0'],
      ['范县', '1', '0', '0', '0', '0', '0', '0'],
      ['合计', '4', '2', '1', '0', '0', '2', '0'],
    ]);
    expect(table.querySelector('tbody td.gap')?.textContent).toBe('2');
  });
});
