/**
 * The city office's administration pages against a stand-in for the API: the quota form's live
 * sum and what it posts, the code sheet's QR code per account, the unit list chosen as .csv or
 * .xlsx, the export's progress and link.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaign } from '#shared/campaign';
import type { Principal } from '#shared/roles';
import { AccountsPage } from '../../../web/components/AccountsPage/AccountsPage.tsx';
import { CodeSheet } from '../../../web/components/AccountsPage/CodeSheet.tsx';
import type { Issued } from '../../../web/components/Admin/admin-api.ts';
import { QuotaForm } from '../../../web/components/CampaignSettings/CampaignSettings.tsx';
import { ExportPage } from '../../../web/components/ExportPage/ExportPage.tsx';
import { Login } from '../../../web/components/Login/Login.tsx';
import { parseRoute } from '../../../web/route.ts';
import { saveSession } from '../../../web/storage.ts';
import { puyangRules } from '../../support/forms.ts';

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

const city: Principal = { accountId: 'A', role: 'city', campaignId: 'c1', name: '市评选办' } as Principal;
beforeEach(() => {
  calls = [];
  localStorage.clear();
  saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', principal: city });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const campaign = {
  id: 'c1',
  title: '2023 年度评优评先',
  totals: { collective: 5, worker: 10 },
  regions: [
    { id: 'hualong', name: '华龙区', quotas: { collective: 3, worker: 6 } },
    { id: 'puyang', name: '濮阳县', quotas: { collective: 2, worker: 4 } },
  ],
  definition: puyangRules().definition,
} as unknown as Campaign;

describe('the quota form', () => {
  it('sums as one types, shows use, and posts every region', async () => {
    api((c) => (c.method === 'PUT' && c.path === '/api/campaigns/c1/quotas' ? json(200, {}) : undefined));
    const onSaved = vi.fn();
    render(<QuotaForm campaign={campaign} used={{ hualong: { worker: 2 } }} onSaved={onSaved} />);
    expect(screen.getByTestId('sum-worker').textContent).toBe('10 / 10');
    expect(screen.getByText('（已用 2）')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('华龙区先进工作者名额'), { target: { value: '7' } });
    expect(screen.getByTestId('sum-worker').textContent).toContain('11 / 10');
    expect(screen.getByTestId('sum-worker').textContent).toContain('多 1');
    fireEvent.input(screen.getByLabelText('濮阳县先进工作者名额'), { target: { value: '3' } });
    expect(screen.getByTestId('sum-worker').textContent).toBe('10 / 10');
    fireEvent.click(screen.getByRole('button', { name: '保存名额' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls.at(-1)).toEqual({
      method: 'PUT',
      path: '/api/campaigns/c1/quotas',
      body: {
        regions: [
          { id: 'hualong', quotas: { collective: 3, worker: 7 } },
          { id: 'puyang', quotas: { collective: 2, worker: 3 } },
        ],
      },
    });
    expect(screen.getByRole('status').textContent).toContain('名额已保存');
  });

  it("shows the server's refusal naming the region", async () => {
    api(() =>
      json(409, { error: { code: 'quota_below_used', message: '华龙区先进工作者名额不能少于已用的 2 个' } }),
    );
    render(<QuotaForm campaign={campaign} used={{}} onSaved={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: '保存名额' }));
    expect((await screen.findByRole('alert')).textContent).toContain('华龙区');
  });
});

describe('the code sheet', () => {
  it('renders the name, region, code and a QR code of the login link per account', async () => {
    const issued: Issued[] = ['ABCD-EFGH-JK23', 'MNPQ-RSTU-VW45'].map((code, i) => ({
      code,
      account: {
        accountId: `A${i}`,
        role: 'unit',
        name: `单位${i}`,
        regionId: 'hualong',
        expiresAt: '2024-12-31',
        createdAt: '2024-01-01',
      },
    }));
    const { container } = render(
      <CodeSheet issued={issued} regionName={() => '华龙区'} onClose={() => {}} />,
    );
    await waitFor(() => expect(container.querySelectorAll('svg.qr')).toHaveLength(2));
    const sheet = within(container as HTMLElement);
    expect(sheet.getByText('ABCD-EFGH-JK23')).toBeTruthy();
    expect(sheet.getAllByText(/华龙区/)).toHaveLength(2);
    const qr = sheet.getAllByRole('img')[0] as Element;
    expect(qr.getAttribute('aria-label')).toContain('/#/login/ABCD-EFGH-JK23');
    expect(qr.querySelector('path')?.getAttribute('d')?.length).toBeGreaterThan(100);
    const print = vi.fn();
    vi.stubGlobal('print', print);
    fireEvent.click(screen.getByRole('button', { name: '打印（A4）' }));
    expect(print).toHaveBeenCalled();
    // The copy that prints: straight under <body>, one card per account, gone with the sheet.
    const copy = document.body.querySelector(':scope > .print-sheet') as HTMLElement;
    expect(copy.querySelectorAll('.print-page')).toHaveLength(1);
    expect(copy.querySelectorAll('.code-card')).toHaveLength(2);
    cleanup();
    await waitFor(() => expect(document.body.querySelector('.print-sheet')).toBeNull());
  });

  it('the login link is a route whose code fills in the login form, without logging in', () => {
    expect(parseRoute('#/login/ABCD-EFGH-JK23')).toEqual({ page: 'login', id: 'ABCD-EFGH-JK23' });
    api(() => undefined);
    render(<Login code="ABCD-EFGH-JK23" onLoggedIn={() => {}} />);
    expect((screen.getByLabelText('登录码') as HTMLInputElement).value).toBe('ABCD-EFGH-JK23');
    expect(calls).toHaveLength(0);
  });
});

describe('the accounts page', () => {
  const answers = (c: Call) => {
    if (c.path === '/api/accounts' && c.method === 'GET') return json(200, { accounts: [] });
    if (c.path === '/api/campaigns/c1') return json(200, { campaign, quotas: [] });
    if (c.path === '/api/accounts/import')
      return json(400, {
        error: { code: 'xlsx_invalid', message: '文件不是有效的 Excel 工作簿（.xlsx）', field: 'xlsx' },
      });
    return undefined;
  };
  const choose = (file: File) => {
    const input = screen.getByLabelText('或选择 .csv / .xlsx 文件') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
  };

  it('sends a chosen .xlsx as base64, and shows the server’s refusal under the file field', async () => {
    api(answers);
    render(<AccountsPage principal={city} />);
    await screen.findByText('暂无账号');
    const bytes = new Uint8Array([0x50, 0x4b, 3, 4, 0xff, 0x00, 0x41]);
    choose(new File([bytes], '名单.xlsx'));
    expect((await screen.findByRole('status')).textContent).toContain('名单.xlsx');
    expect((screen.getByLabelText('单位名单') as HTMLTextAreaElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '导入并显示登录码' }));
    expect((await screen.findByRole('alert')).textContent).toContain('不是有效的 Excel');
    expect(calls.find((c) => c.path === '/api/accounts/import')?.body).toEqual({
      xlsx: Buffer.from(bytes).toString('base64'),
    });
  });

  it('reads a .csv into the list, and refuses an old .xls before sending anything', async () => {
    api(answers);
    render(<AccountsPage principal={city} />);
    await screen.findByText('暂无账号');
    choose(new File(['地区,单位名称\n华龙区,华龙区财政局'], '名单.csv'));
    await waitFor(() =>
      expect((screen.getByLabelText('单位名单') as HTMLTextAreaElement).value).toContain('华龙区财政局'),
    );
    choose(new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])], '旧名单.xls'));
    expect((await screen.findByRole('alert')).textContent).toContain('“另存为” .xlsx');
    expect(calls.some((c) => c.path === '/api/accounts/import')).toBe(false);
  });
});

describe('the export page', () => {
  it('starts an export of the chosen set and region, shows progress, then the link, size and head hash', async () => {
    let polls = 0;
    api((c) => {
      if (c.method === 'GET' && c.path === '/api/campaigns/c1') return json(200, { campaign, quotas: [] });
      if (c.method === 'POST' && c.path === '/api/exports')
        return json(202, { exportId: 'E1', status: 'queued' });
      if (c.method === 'GET' && c.path === '/api/exports/E1') {
        polls++;
        if (polls === 1)
          return json(200, { exportId: 'E1', status: 'running', progress: { done: 1, total: 4 } });
        return json(200, {
          exportId: 'E1',
          status: 'done',
          progress: { done: 4, total: 4 },
          url: 'https://s3.example/e1.zip?sig',
          fileName: '华龙区-评选材料.zip',
          bytes: 3 * 1024 * 1024,
          files: 12,
          nominees: 4,
          auditHeadHash: 'a'.repeat(64),
        });
      }
      return undefined;
    });
    render(<ExportPage principal={city} pollMs={30} />);
    await screen.findByRole('option', { name: '华龙区' });
    fireEvent.click(screen.getByLabelText('评审通过'));
    fireEvent.change(screen.getByLabelText('地区'), { target: { value: 'hualong' } });
    fireEvent.click(screen.getByRole('button', { name: '开始导出' }));
    await waitFor(() => expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ set: 'selected', regionId: 'hualong' });
    const link = await screen.findByRole('link', { name: '下载 华龙区-评选材料.zip' });
    expect(link.getAttribute('href')).toBe('https://s3.example/e1.zip?sig');
    // the file's own name, never a bare `download` (which Preact writes as download="true")
    expect(link.getAttribute('download')).toBe('华龙区-评选材料.zip');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(screen.getByText('3.0 MB')).toBeTruthy();
    expect(document.querySelector('.hash')?.getAttribute('title')).toBe('a'.repeat(64));
  });

  it('shows a failed export with its message', async () => {
    api((c) => {
      if (c.method === 'POST') return json(202, { exportId: 'E2', status: 'queued' });
      if (c.path === '/api/exports/E2')
        return json(200, { exportId: 'E2', status: 'failed', error: '生成失败：存储不可用' });
      return undefined;
    });
    render(
      <ExportPage principal={{ ...city, role: 'county', regionId: 'hualong' } as Principal} pollMs={10} />,
    );
    expect(screen.queryByLabelText('地区')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '开始导出' }));
    expect(await screen.findByText('生成失败：存储不可用')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ set: 'confirmed' });
  });
});
