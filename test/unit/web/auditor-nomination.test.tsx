/**
 * One nomination as the auditor opens it, against a stand-in for the API: the form read only
 * with the ID number masked, every photo and scan version, and the history beside them.
 */
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NominationView } from '#shared/nomination';
import { AuditorNomination } from '../../../web/components/AuditorNomination/AuditorNomination.tsx';
import { saveSession } from '../../../web/storage.ts';
import { puyangRules } from '../../support/forms.ts';

const ID = '01HZX0000000000000000000N1';
const view = {
  id: ID,
  campaignId: 'c1',
  regionId: 'hualong',
  regionName: '华龙区',
  unitId: 'U1',
  unitName: '华龙区财政局',
  category: 'worker',
  status: 'submitted',
  form: { name: '李建国' },
  idNumberMasked: '410902********1231',
  version: 5,
  createdAt: '2024-01-05T02:00:00Z',
  updatedAt: '2024-01-06T02:00:00Z',
  problems: [],
  photoUrl: 'http://s3.local/p2.jpg',
  photos: [
    { photoId: 'P2', status: 'accepted', uploadedAt: '2024-01-05T03:00:00Z', url: 'http://s3.local/p2.jpg' },
    { photoId: 'P1', status: 'refused', reason: '照片背景不是蓝色', uploadedAt: '2024-01-05T02:30:00Z' },
  ],
} as unknown as NominationView;

const history = {
  verified: true,
  events: [
    {
      chain: `NOM#${ID}`,
      seq: 1,
      campaignId: 'c1',
      at: '2024-01-05T02:00:00Z',
      actor: { accountId: 'U1ACC', role: 'unit' },
      action: 'photo.upload_started',
      changes: [{ field: 'photo', before: 'P1', after: 'P2' }],
      requestId: 'r1',
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
    },
  ],
};

function stub(scans: { status: number; body: unknown }) {
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string) => {
      paths.push(path);
      const [status, body] =
        path === `/api/nominations/${ID}`
          ? [200, view]
          : path === '/api/campaigns/c1'
            ? [200, { campaign: { id: 'c1', workYear: 2023, definition: puyangRules().definition } }]
            : path === `/api/nominations/${ID}/history`
              ? [200, history]
              : [scans.status, scans.body];
      return Promise.resolve(new Response(JSON.stringify(body), { status }));
    }),
  );
  return paths;
}

beforeEach(() => {
  localStorage.clear();
  saveSession({
    token: 't',
    expiresAt: '2099-01-01T00:00:00Z',
    principal: { accountId: 'AUD1', role: 'auditor', campaignId: 'c1', name: '市纪委监委' },
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('a nomination for the auditor', () => {
  it('shows the form with the ID number masked, every photo and scan, and the history', async () => {
    const paths = stub({
      status: 200,
      body: {
        scans: [
          {
            scanId: 'S2',
            purpose: 'opinion-police',
            status: 'accepted',
            kind: 'pdf',
            pages: 2,
            uploadedAt: '2024-01-06T01:00:00Z',
            url: 'http://s3.local/s2.pdf',
          },
          {
            scanId: 'S1',
            purpose: 'notice',
            status: 'refused',
            reason: '看不清公章',
            uploadedAt: '2024-01-05T01:00:00Z',
          },
        ],
      },
    });
    render(<AuditorNomination id={ID} />);

    await screen.findByRole('heading', { name: '先进工作者推荐审批表' });
    expect(screen.getByText('410902********1231')).toBeTruthy();
    expect(paths).toEqual([
      `/api/nominations/${ID}`,
      `/api/nominations/${ID}/history`,
      `/api/nominations/${ID}/scans`,
      '/api/campaigns/c1',
    ]);

    const photos = within(await screen.findByRole('region', { name: /照片历次上传/ })).getAllByRole(
      'listitem',
    );
    expect(photos.map((p) => p.querySelector('strong')?.textContent)).toEqual(['第 2 次', '第 1 次']);
    expect(photos[0]?.querySelector('img')?.getAttribute('src')).toBe('http://s3.local/p2.jpg');
    expect(photos[1]?.textContent).toContain('照片背景不是蓝色');

    const scans = within(await screen.findByRole('region', { name: /盖章扫描件/ })).getAllByRole('listitem');
    expect(scans[0]?.textContent).toContain('公安部门意见');
    expect(
      within(scans[0] as HTMLElement)
        .getByRole('link', { name: '打开 PDF' })
        .getAttribute('href'),
    ).toBe('http://s3.local/s2.pdf');
    expect(scans[1]?.textContent).toContain('看不清公章');

    // The photo ids in the history are named by their upload.
    const timeline = await screen.findByRole('region', { name: /修改记录/ });
    const cells = within(timeline)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[0]).toContain('第 1 次上传的照片');
    expect(cells[1]).toContain('第 2 次上传的照片');
  });

  it('leaves the scans out when the server has none to list', async () => {
    stub({ status: 404, body: { error: { code: 'not_found', message: '接口不存在' } } });
    render(<AuditorNomination id={ID} />);
    await screen.findByRole('region', { name: /修改记录/ });
    expect(screen.queryByRole('region', { name: /盖章扫描件/ })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
