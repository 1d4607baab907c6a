/**
 * The pages list the campaign's own categories: a campaign of two person categories (Qingfeng's
 * 优秀教师 and 优秀班主任) shows their names, in the definition's order, and names its nominees by
 * each category's name field; nothing says 先进工作者 or 先进集体.
 */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { categoryBriefs } from '#shared/campaign';
import type { NominationView } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { CityDashboard } from '../../../web/components/CityDashboard/CityDashboard.tsx';
import { CountyInbox } from '../../../web/components/CountyInbox/CountyInbox.tsx';
import { Home } from '../../../web/components/Home/Home.tsx';
import { saveSession } from '../../../web/storage.ts';
import { campaign, qingfengUnit } from './qingfeng-campaign.ts';

const nomination = (id: string, category: string, form: Record<string, unknown>) =>
  ({
    id,
    category,
    status: 'draft',
    form,
    problems: [],
    unitName: '阳邵镇第一小学',
    updatedAt: '2026-11-05T02:00:00Z',
  }) as unknown as NominationView;

function respond(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status }));
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const PUYANG_WORDS = /先进工作者|先进集体/;
/** Qingfeng's rule as the API answers its use. */
const SHARE = {
  category: 'teacher',
  tag: '农村',
  text: '农村学校教师不少于优秀教师名额的60%',
  others: '非农村学校',
  used: 3,
  limit: 16,
};

const QUOTAS = [
  { regionId: 'town-a', category: 'teacher', quota: 3, used: 1 },
  { regionId: 'town-a', category: 'class-teacher', quota: 2, used: 0 },
];

/** Signed in as `principal`; the campaign answers with its quotas (and `extra`), the list with `items`. */
function serve(principal: Principal, extra: Record<string, unknown>, items: NominationView[]) {
  saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', principal });
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string) => {
      if (path === '/api/campaigns/qf') return respond(200, { campaign, quotas: QUOTAS, ...extra });
      if (path.startsWith('/api/nominations?')) return respond(200, { items });
      return respond(404, {});
    }),
  );
}

describe('a campaign whose categories are teachers', () => {
  it('the unit’s home shows their quotas, names the nominees and offers a new one of each', async () => {
    const principal = qingfengUnit;
    serve(principal, {}, [
      nomination('01HZX0000000000000000000N1', 'teacher', { name: '王丽' }),
      nomination('01HZX0000000000000000000N2', 'class-teacher', {}),
    ]);
    render(<Home principal={principal} />);

    expect((await screen.findByRole('row', { name: /优秀教师/ })).textContent).toBe('优秀教师312');
    expect(screen.getByRole('row', { name: /优秀班主任/ }).textContent).toBe('优秀班主任202');
    expect((await screen.findByRole('link', { name: /王丽/ })).textContent).toContain('优秀教师');
    // a person not yet named is one, whatever the category is called
    expect(screen.getByRole('link', { name: /未填写姓名/ }).textContent).toContain('优秀班主任');
    const buttons = screen.getAllByRole('button').map((b) => b.textContent);
    expect(buttons).toEqual(expect.arrayContaining(['新建优秀教师', '新建优秀班主任']));
    expect(document.body.textContent).not.toMatch(PUYANG_WORDS);
  });

  it('the city dashboard tabulates the quotas by the campaign’s categories', async () => {
    const use = (quota: number, used: number) => ({ quota, used, left: quota - used, counts: {} });
    const none = { inPlay: 0, incomplete: 0, gaps: {} };
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string) => {
        if (path === '/api/campaigns/qf/dashboard')
          return respond(200, {
            title: '清丰县2026年度全县优秀教师和优秀班主任评选',
            levels: { middle: '学校', top: '县教体局', topLevel: '县级' },
            regions: [
              {
                regionId: 'town-a',
                regionName: '阳邵镇中心校',
                categories: { teacher: use(3, 1), 'class-teacher': use(2, 0) },
                missing: none,
              },
            ],
            categories: categoryBriefs(campaign),
            missing: none,
            shares: [SHARE],
            cityPublicityLength: { days: 5, dayKind: 'working' },
          });
        if (path.startsWith('/api/nominations')) return respond(200, { items: [] });
        return respond(404, {});
      }),
    );
    render(
      <CityDashboard principal={{ accountId: 'A', role: 'city', campaignId: 'qf', name: '县教体局' }} />,
    );

    const table = await screen.findByRole('table', { name: '各地推荐情况' });
    const rows = Array.from(table.querySelectorAll('tbody tr'), (tr) =>
      Array.from(tr.children, (c) => c.textContent),
    );
    expect(rows).toEqual([
      ['阳邵镇中心校', '优秀教师', '3', '1', '2', '—'],
      ['阳邵镇中心校', '优秀班主任', '2', '0', '2', '—'],
    ]);
    // the share rule's use, as the notice words the rule
    expect(screen.getByRole('list', { name: '比例规则' }).textContent).toBe(
      '农村学校教师不少于优秀教师名额的60%：非农村学校已推荐 3 / 最多 16',
    );
    expect(document.body.textContent).not.toMatch(PUYANG_WORDS);
  });

  it('a county whose places a share rule counts sees its quota and the rule’s use before recommending', async () => {
    const principal: Principal = {
      accountId: 'A2',
      role: 'county',
      campaignId: 'qf',
      regionId: 'town-a',
      name: '城关镇中心校',
    };
    serve(principal, { shares: [{ ...SHARE, used: 16 }] }, []);
    render(<CountyInbox principal={principal} />);

    const table = await screen.findByRole('table', { name: '阳邵镇中心校名额' });
    const rows = Array.from(table.querySelectorAll('tbody tr'), (tr) =>
      Array.from(tr.children, (c) => c.textContent),
    );
    expect(rows).toEqual([
      [
        '优秀教师',
        '3',
        '1',
        '2',
        '农村学校教师不少于优秀教师名额的60%：非农村学校已推荐 16 / 最多 16（已满，不能再推荐）',
      ],
      ['优秀班主任', '2', '0', '2', '—'],
    ]);
  });

  it('the city office’s list ranks the voted by score (按得分排序), each category on its own', async () => {
    const voted = (id: string, category: string, name: string, score?: number) => ({
      ...nomination(id, category, { name }),
      status: score === undefined ? 'city_review' : 'passed',
      ...(score === undefined ? {} : { score }),
    });
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string) => {
        if (path === '/api/campaigns/qf') return respond(200, { campaign, quotas: [] });
        if (path === '/api/campaigns/qf/dashboard')
          return respond(200, {
            title: '清丰县2026年度全县优秀教师和优秀班主任评选',
            levels: { middle: '学校', top: '县教体局', topLevel: '县级' },
            regions: [],
            categories: categoryBriefs(campaign),
            missing: { inPlay: 0, incomplete: 0, gaps: {} },
            cityPublicityLength: { days: 7, dayKind: 'calendar' },
          });
        // two pages: the ranking covers both
        if (path.startsWith('/api/nominations?') && !path.includes('cursor='))
          return respond(200, {
            items: [
              voted('01HZX0000000000000000000N1', 'teacher', '张秀英', 86.5),
              voted('01HZX0000000000000000000N2', 'teacher', '赵未评'),
            ],
            nextCursor: 'next',
          });
        if (path.startsWith('/api/nominations?'))
          return respond(200, {
            items: [
              voted('01HZX0000000000000000000N3', 'teacher', '李春华', 92),
              voted('01HZX0000000000000000000N4', 'class-teacher', '王红梅', 88),
              {
                ...voted('01HZX0000000000000000000N5', 'class-teacher', '周未过', 95),
                status: 'not_selected',
              },
            ],
          });
        return respond(404, {});
      }),
    );
    render(
      <CityDashboard principal={{ accountId: 'A', role: 'city', campaignId: 'qf', name: '县教体局' }} />,
    );
    await screen.findByRole('link', { name: '李春华' });
    // the dashboard names the office and the levels as the notice does, and says which campaign
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('县教体局');
    expect(document.body.textContent).toContain('清丰县2026年度全县优秀教师和优秀班主任评选');
    expect(document.body.textContent).toContain('县级公示：');
    expect(document.body.textContent).not.toMatch(/市评选办|市级公示/);
    const items = Array.from(
      (await screen.findByRole('heading', { name: '推荐对象' })).parentElement?.querySelectorAll('li.item') ??
        [],
      (li) => li.textContent,
    );
    // a nominee who failed the vote shows its score, first by it, but takes no place
    expect(items).toEqual([
      expect.stringMatching(/^周未过.*未通过 · 95 分$/),
      expect.stringMatching(/^李春华.*第 1 名（92 分）$/),
      expect.stringMatching(/^王红梅.*第 1 名（88 分）$/),
      expect.stringMatching(/^张秀英.*第 2 名（86.5 分）$/),
      expect.stringMatching(/^赵未评.*县级审核中$/),
    ]);
  });
});
