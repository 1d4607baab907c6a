/**
 * The draft editor against a stand-in for the API (the contract's JSON over fetch): what is sent,
 * what is kept on the phone, and what the user is told when the network or a second editor
 * gets in the way.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaign } from '#shared/campaign';
import type { NominationView } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { NominationPage } from '../../../web/components/NominationPage/NominationPage.tsx';
import { saveSession } from '../../../web/storage.ts';
import { puyangRules } from '../../support/forms.ts';

const principal: Principal = {
  accountId: 'A1',
  role: 'unit',
  campaignId: 'c1',
  regionId: 'hualong',
  unitId: 'U1',
  name: '华龙区财政局',
};
const campaign: Campaign = {
  id: 'c1',
  title: '2023年度“一卡通”管理工作先进集体和先进工作者评选',
  docNumber: '濮人社函〔2024〕2号',
  issuers: ['濮阳市人力资源和社会保障局', '濮阳市财政局'],
  workYear: 2023,
  totals: { collective: 4, worker: 6 },
  regions: [{ id: 'hualong', name: '华龙区', quotas: { collective: 4, worker: 6 } }],
  deadlines: { unitToCounty: '2024-01-12', countyToCity: '2024-01-18' },
  assessmentYears: [2019, 2020, 2021, 2022, 2023],
  limits: { deedsMax: 2000, summaryMax: 200 },
  contact: { name: '李', phone: '0393-6666715', email: 'a@b.cn', address: '濮阳' },
  endsAt: '2099-01-01T00:00:00Z',
  definition: puyangRules().definition,
};

function viewOf(form: Record<string, unknown>, version: number): NominationView {
  return {
    id: '01HZX0000000000000000000N1',
    campaignId: 'c1',
    regionId: 'hualong',
    regionName: '华龙区',
    unitId: 'U1',
    unitName: '华龙区财政局',
    category: 'worker',
    status: 'draft',
    form,
    version,
    createdAt: '2024-01-05T02:00:00Z',
    updatedAt: '2024-01-05T02:00:00Z',
    problems: [],
  };
}

type Call = { method: string; path: string; body?: { form?: Record<string, unknown>; version?: number } };
let calls: Call[];

function json(status: number, body: unknown) {
  return Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
}

function api(handler: (call: Call) => Promise<Response> | undefined) {
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit = {}) => {
      const call = {
        method: init.method ?? 'GET',
        path,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      if (call.path === '/api/campaigns/c1') return json(200, { campaign, quotas: [] });
      return handler(call) ?? json(404, { error: { code: 'not_found', message: '记录不存在' } });
    }),
  );
}

beforeEach(() => {
  calls = [];
  localStorage.clear();
  saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', principal });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const status = () => document.querySelector('.savebar .status')?.textContent ?? '';

describe('saving a new worker nomination', () => {
  it('creates it with the valid fields only and keeps the invalid one on the phone', async () => {
    api((call) => (call.method === 'POST' ? json(201, viewOf(call.body?.form ?? {}, 1)) : undefined));
    location.hash = '#/n/new/worker';
    render(<NominationPage principal={principal} category="worker" />);
    const name = await screen.findByLabelText('姓名');
    fireEvent.input(name, { target: { value: '张三' } });
    fireEvent.input(screen.getByLabelText('联系电话'), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post).toMatchObject({
      path: '/api/nominations',
      body: { category: 'worker', form: { name: '张三' } },
    });
    await waitFor(() => expect(status()).toContain('有内容需改正'));
    expect(location.hash).toBe('#/n/01HZX0000000000000000000N1');
    const local = JSON.parse(localStorage.getItem('pingxuan:draft:01HZX0000000000000000000N1') ?? '{}');
    expect(local.edits).toEqual({ phone: '12345' });
    expect(localStorage.getItem('pingxuan:draft:new:worker')).toBeNull();
  });

  it('keeps what was typed on the phone when the network is down, and says so', async () => {
    api(() => Promise.reject(new TypeError('Failed to fetch')));
    render(<NominationPage principal={principal} category="worker" />);
    fireEvent.input(await screen.findByLabelText('姓名'), { target: { value: '张三' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(status()).toBe('未保存：网络中断，已存本机'));
    const local = JSON.parse(localStorage.getItem('pingxuan:draft:new:worker') ?? '{}');
    expect(local).toMatchObject({ accountId: 'A1', edits: { name: '张三' } });
  });
});

describe('editing a saved draft', () => {
  it('lays unsaved local values over the server copy when the page is opened again', async () => {
    localStorage.setItem(
      'pingxuan:draft:01HZX0000000000000000000N1',
      JSON.stringify({ accountId: 'A1', edits: { unitAndPost: '华龙区财政局 科长' }, savedAt: '' }),
    );
    api((call) => {
      if (call.method === 'GET') return json(200, viewOf({ name: '张三', unitAndPost: '科员' }, 3));
      if (call.method === 'PATCH') return json(200, viewOf({ name: '张三', ...call.body?.form }, 4));
      return undefined;
    });
    render(<NominationPage principal={principal} id="01HZX0000000000000000000N1" />);
    expect(((await screen.findByLabelText('工作单位及职务')) as HTMLInputElement).value).toBe(
      '华龙区财政局 科长',
    );
    expect((screen.getByLabelText('姓名') as HTMLInputElement).value).toBe('张三');

    // …and sends them without waiting for another keystroke, then drops the local copy.
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true), { timeout: 4000 });
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      version: 3,
      form: { unitAndPost: '华龙区财政局 科长' },
    });
    await waitFor(() => expect(localStorage.getItem('pingxuan:draft:01HZX0000000000000000000N1')).toBeNull());
    expect(status()).toMatch(/^已保存/);
  });

  it('on a version conflict reloads the server copy, keeps the typed value and tells the user', async () => {
    let reads = 0;
    api((call) => {
      if (call.method === 'GET')
        return json(200, viewOf({ name: reads++ ? '李四' : '张三', deeds: '别人写的' }, reads));
      if (call.method === 'PATCH')
        return json(409, { error: { code: 'version_conflict', message: '记录已被修改' } });
      return undefined;
    });
    render(<NominationPage principal={principal} id="01HZX0000000000000000000N1" />);
    fireEvent.input(await screen.findByLabelText('工作单位及职务'), { target: { value: '股长' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(status()).toContain('推荐表已在别处被修改'));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      version: 1,
      form: { unitAndPost: '股长' },
    });
    expect((screen.getByLabelText('工作单位及职务') as HTMLInputElement).value).toBe('股长');
    expect((screen.getByLabelText('姓名') as HTMLInputElement).value).toBe('李四');
  });
});

describe('a draft the process has locked', () => {
  it('stops autosave on the first 409 for the state, turns read-only and keeps the typed value', async () => {
    let status: NominationView['status'] = 'draft';
    api((call) => {
      if (call.method === 'GET') return json(200, { ...viewOf({ name: '张三' }, 2), status });
      if (call.method === 'PATCH') {
        status = 'unit_publicity';
        return json(409, { error: { code: 'not_editable', message: '只有草稿或被退回的推荐可以修改' } });
      }
      return undefined;
    });
    render(<NominationPage principal={principal} id="01HZX0000000000000000000N1" />);
    fireEvent.input(await screen.findByLabelText('工作单位及职务'), { target: { value: '股长' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText(/已开始单位公示，表单已锁定/)).toBeTruthy();
    expect(screen.queryByLabelText('工作单位及职务')).toBeNull();
    expect(await screen.findByText('本机有 1 项修改未能保存')).toBeTruthy();
    expect((screen.getByRole('textbox') as HTMLTextAreaElement).value).toBe('工作单位及职务：股长');
    await new Promise((r) => setTimeout(r, 2500));
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);

    // Opened again later: the refused value is still there, not silently dropped.
    cleanup();
    render(<NominationPage principal={principal} id="01HZX0000000000000000000N1" />);
    expect(await screen.findByText('本机有 1 项修改未能保存')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '丢弃这些修改' }));
    expect(localStorage.getItem('pingxuan:draft:01HZX0000000000000000000N1')).toBeNull();
  });

  it('offers to reload or keep the typed values on a stale version, and keeping them saves on the new one', async () => {
    let reads = 0;
    api((call) => {
      if (call.method === 'GET') return json(200, viewOf({ name: reads++ ? '李四' : '张三' }, reads));
      if (call.method === 'PATCH' && call.body?.version === 1)
        return json(409, { error: { code: 'version_conflict', message: '记录已被修改' } });
      if (call.method === 'PATCH') return json(200, viewOf({ name: '李四', ...call.body?.form }, 3));
      return undefined;
    });
    render(<NominationPage principal={principal} id="01HZX0000000000000000000N1" />);
    fireEvent.input(await screen.findByLabelText('工作单位及职务'), { target: { value: '股长' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(status()).toContain('在别处被修改'));
    expect(screen.getByRole('button', { name: '重新加载' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '保留我的修改' }));
    await waitFor(() => expect(status()).toMatch(/^已保存/));
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { version: 1, form: { unitAndPost: '股长' } },
      { version: 2, form: { unitAndPost: '股长' } },
    ]);
  });

  it('backs off after a server failure instead of retrying at once', async () => {
    api((call) =>
      call.method === 'GET'
        ? json(200, viewOf({ name: '张三' }, 1))
        : call.method === 'PATCH'
          ? json(500, {})
          : undefined,
    );
    render(<NominationPage principal={principal} id="01HZX0000000000000000000N1" />);
    fireEvent.input(await screen.findByLabelText('工作单位及职务'), { target: { value: '股长' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(status()).toContain('稍后自动重试'));
    await new Promise((r) => setTimeout(r, 1000));
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });
});
