/**
 * The pages name the levels as the campaign's notice does: a Qingfeng unit reports to its 学校,
 * which reports to the 县教体局; nothing on its pages says 县区 or 市评选办 (the Puyang words).
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEvent } from '#shared/audit';
import { levelNames } from '#shared/levels';
import type { NominationView } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { CountyInbox } from '../../../web/components/CountyInbox/CountyInbox.tsx';
import { Home } from '../../../web/components/Home/Home.tsx';
import { NominationTimeline } from '../../../web/components/NominationTimeline/NominationTimeline.tsx';
import { ProcessPanel } from '../../../web/components/ProcessPanel/ProcessPanel.tsx';
import { ReadOnlyNomination } from '../../../web/components/ReadOnlyNomination/ReadOnlyNomination.tsx';
import { saveSession } from '../../../web/storage.ts';
import { campaign, definition, qingfengUnit } from './qingfeng-campaign.ts';

const ID = '01HZX0000000000000000000N1';
const nomination = (over: Partial<NominationView>): NominationView =>
  ({
    id: ID,
    campaignId: 'qf',
    regionId: 'town-a',
    regionName: '阳邵镇中心校',
    unitId: 'U1',
    unitName: '阳邵镇第一小学',
    category: 'teacher',
    status: 'unit_publicized',
    form: { name: '王丽' },
    version: 2,
    createdAt: '2026-11-01T02:00:00Z',
    updatedAt: '2026-11-05T02:00:00Z',
    problems: [],
    ...over,
  }) as NominationView;

const unit = qingfengUnit;
const county: Principal = {
  accountId: 'A2',
  role: 'county',
  campaignId: 'qf',
  regionId: 'town-a',
  name: '阳邵镇中心校',
};

const PUYANG_LEVELS = /县区|市评选办|市级|县（区）/;
const respond = (status: number, body: unknown) =>
  Promise.resolve(new Response(JSON.stringify(body), { status }));

/** Signed in as `principal`; the API answers the campaign, the list and the one nomination. */
function serve(principal: Principal, items: NominationView[], one?: NominationView) {
  saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', principal });
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string) => {
      if (path === '/api/campaigns/qf') return respond(200, { campaign, quotas: [] });
      if (path.startsWith('/api/nominations?')) return respond(200, { items });
      if (one && path === `/api/nominations/${one.id}`) return respond(200, one);
      return respond(404, {});
    }),
  );
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('a Qingfeng unit', () => {
  it('reads its deadline and its nominations’ states in the notice’s words', async () => {
    serve(unit, [nomination({ status: 'submitted' }), nomination({ id: 'N2', status: 'city_review' })]);
    render(<Home principal={unit} />);
    expect(await screen.findByText('推荐单位报送学校（学区）截止', { exact: false })).toBeTruthy();
    expect(await screen.findByText(/已报送学校/)).toBeTruthy();
    expect(screen.getByText(/县级审核中/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(PUYANG_LEVELS);
  });

  it('reports to its school and is asked 确定报送学校吗？', async () => {
    const view = nomination({ process: { levels: levelNames(definition) }, actions: ['submitToCounty'] });
    serve(unit, [], view);
    render(<ProcessPanel id={ID} />);
    fireEvent.click(await screen.findByRole('button', { name: '报送学校' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.querySelector('h2')?.textContent).toBe('确定报送学校吗？');
    expect(dialog.textContent).toContain(
      '报送后推荐材料交学校审核，单位不能再修改；如需修改，须由学校退回。',
    );
    expect(document.body.textContent).not.toMatch(PUYANG_LEVELS);
  });

  it('is told why its submitted nomination is locked, and whom to ask', async () => {
    serve(unit, []);
    render(
      <ReadOnlyNomination view={nomination({ status: 'submitted' })} principal={unit} campaign={campaign} />,
    );
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      '已报送学校，表单已锁定；如需修改，请联系学校退回',
    );
    expect(document.body.textContent).not.toMatch(PUYANG_LEVELS);
  });
});

describe('a Qingfeng school reviewing', () => {
  it('reviews as the school and reports to the 县教体局', async () => {
    serve(county, [nomination({ status: 'recommended' })]);
    render(<CountyInbox principal={county} />);
    expect(await screen.findByRole('heading', { name: '学校审核' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '将已推荐的对象报送县教体局' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.querySelector('h2')?.textContent).toBe('确定报送县教体局吗？');
    expect(await screen.findByText('学校已推荐', { selector: 'strong' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(PUYANG_LEVELS);
  });
});

describe('a Qingfeng nomination’s history', () => {
  it('names the steps and states in the notice’s words, and leaves what people wrote as written', () => {
    const event = (seq: number, action: string, changes: AuditEvent['changes']): AuditEvent => ({
      chain: `NOM#${ID}`,
      seq,
      campaignId: 'qf',
      at: '2026-11-26T02:31:00Z',
      actor: { accountId: `ACC${seq}`, role: 'unit' },
      action,
      changes,
      requestId: `req-${seq}`,
      prevHash: String(seq - 1).repeat(64),
      hash: String(seq).repeat(64),
    });
    const submitted = event(1, 'workflow.submitToCounty', [
      { field: 'status', before: 'unit_publicized', after: 'submitted' },
      { field: 'submittedAt', before: null, after: '2026-11-26T02:31:00Z' },
    ]);
    const returned = event(2, 'workflow.returnToCounty', [
      { field: 'status', before: 'city_review', after: 'returned_to_county' },
      { field: 'reason', before: null, after: '请县区补充材料' },
    ]);
    render(
      <NominationTimeline
        history={{
          events: [submitted, returned],
          verified: true,
          actors: { ACC1: '阳邵镇第一小学', ACC2: '教师工作股' },
        }}
        levels={levelNames(definition)}
      />,
    );
    const [s, r] = screen.getAllByRole('listitem') as [HTMLElement, HTMLElement];
    expect(within(s).getByText('报送学校')).toBeTruthy();
    const states = within(s).getByRole('rowheader', { name: '状态' }).parentElement as HTMLElement;
    expect(states.textContent).toBe('状态单位公示已结束已报送学校');
    expect(within(r).getByText('退回学校')).toBeTruthy();
    expect(
      (within(r).getByRole('rowheader', { name: '状态' }).parentElement as HTMLElement).textContent,
    ).toBe('状态县级审核中已退回学校');
    // the auditor reads what was typed, not a rewording of it
    expect(r.textContent).toContain('请县区补充材料');
  });
});
