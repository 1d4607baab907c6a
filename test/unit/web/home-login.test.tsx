import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaign } from '#shared/campaign';
import type { NominationView } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { Home } from '../../../web/components/Home/Home.tsx';
import { Login } from '../../../web/components/Login/Login.tsx';
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
const campaign = {
  id: 'c1',
  title: '2023年度“一卡通”管理工作先进集体和先进工作者评选',
  docNumber: '濮人社函〔2024〕2号',
  regions: [{ id: 'hualong', name: '华龙区', quotas: { collective: 4, worker: 6 } }],
  deadlines: { unitToCounty: '2024-01-12', countyToCity: '2024-01-18' },
  assessmentYears: [2019, 2020, 2021, 2022, 2023],
  limits: { deedsMax: 2000, summaryMax: 200 },
  definition: puyangRules().definition,
} as unknown as Campaign;

const draft = {
  id: '01HZX0000000000000000000N1',
  category: 'worker',
  status: 'draft',
  form: { name: '张三' },
  problems: [{ field: 'phone', message: '请填写联系电话' }],
  updatedAt: '2024-01-05T02:00:00Z',
} as unknown as NominationView;

function respond(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status }));
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('login', () => {
  it('shows the server’s Chinese message when the code is wrong', async () => {
    const fetch = vi.fn(() =>
      respond(401, { error: { code: 'login_failed', message: '登录码不正确或已失效' } }),
    );
    vi.stubGlobal('fetch', fetch);
    const onLoggedIn = vi.fn();
    render(<Login onLoggedIn={onLoggedIn} />);
    fireEvent.input(screen.getByLabelText('登录码'), { target: { value: 'WRONG-CODE' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByRole('alert')).textContent).toBe('登录码不正确或已失效');
    expect(fetch).toHaveBeenCalledWith(
      '/api/auth/login',
      expect.objectContaining({ method: 'POST', body: '{"code":"WRONG-CODE"}' }),
    );
    expect(onLoggedIn).not.toHaveBeenCalled();
  });

  it('asks for a code before calling the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(<Login onLoggedIn={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请输入登录码');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('home', () => {
  it('shows the campaign, the region’s quota use and the unit’s drafts, and deletes a draft after confirming', async () => {
    saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', principal });
    const fetch = vi.fn((path: string, init: RequestInit = {}) => {
      if (path === '/api/campaigns/c1')
        return respond(200, {
          campaign,
          quotas: [
            { regionId: 'hualong', category: 'collective', quota: 4, used: 1 },
            { regionId: 'hualong', category: 'worker', quota: 6, used: 2 },
          ],
        });
      if (path.startsWith('/api/nominations?')) return respond(200, { items: [draft] });
      if (init.method === 'DELETE') return respond(200, { id: draft.id, status: 'discarded' });
      return respond(404, {});
    });
    vi.stubGlobal('fetch', fetch);
    render(<Home principal={principal} />);

    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(campaign.title);
    expect(screen.getByText('文号：濮人社函〔2024〕2号')).toBeTruthy();
    expect(screen.getByText('2024年1月12日')).toBeTruthy();
    const workers = screen.getByRole('row', { name: /先进工作者/ });
    expect(workers.textContent).toBe('先进工作者624');
    expect((await screen.findByRole('link', { name: /张三/ })).getAttribute('href')).toBe(`#/n/${draft.id}`);
    expect(screen.getByRole('button', { name: '新建先进工作者' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '新建先进集体' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '删除草稿' }));
    fireEvent.click(await screen.findByRole('button', { name: '确认删除' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: /张三/ })).toBeNull());
    expect(fetch).toHaveBeenCalledWith(
      `/api/nominations/${draft.id}`,
      expect.objectContaining({ method: 'DELETE' }),
    );
  });
});
