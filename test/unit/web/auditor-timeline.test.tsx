/**
 * The auditor's timeline of one nomination: each event in Chinese with its diff, the chain's
 * verdict, and the event where a broken chain stops being trustworthy.
 */
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '#shared/audit';
import type { NominationHistory } from '../../../web/components/Auditor/audit-api.ts';
import { NominationTimeline } from '../../../web/components/NominationTimeline/NominationTimeline.tsx';

afterEach(cleanup);

/** 2026年11月26日 10:31 in the test's own time zone, as the page shows it. */
const AT = new Date(2026, 10, 26, 10, 31).toISOString();

function event(seq: number, action: string, changes: AuditEvent['changes'], role = 'unit'): AuditEvent {
  return {
    chain: 'NOM#01HZX0000000000000000000N1',
    seq,
    campaignId: 'c1',
    at: AT,
    actor: { accountId: `ACC${seq}`, role: role as AuditEvent['actor']['role'] },
    action,
    changes,
    requestId: `req-${seq}`,
    prevHash: String(seq - 1).repeat(64),
    hash: String(seq).repeat(64),
  };
}

const created = event(1, 'nomination.created', [
  { field: 'category', before: null, after: 'worker' },
  { field: 'name', before: null, after: '李建国' },
  {
    field: 'assessments',
    before: null,
    after: [
      { year: 2022, result: '优秀' },
      { year: 2023, result: '称职(合格)' },
    ],
  },
  { field: 'noViolation', before: null, after: true },
]);
const updated = event(2, 'nomination.updated', [
  { field: 'phone', before: '13903930001', after: '13903930002' },
  { field: 'idNumber', before: '410902********1234', after: null },
]);
const verdict = event(
  3,
  'photo.refused',
  [{ field: 'photo.status', before: 'pending', after: 'refused' }],
  'system',
);
const unknown = event(4, 'nomination.frobnicated', []);

/** The diff row of a field: [label, before, after]. */
function row(item: HTMLElement, label: string): string[] {
  const th = within(item).getByRole('rowheader', { name: label });
  return Array.from((th.parentElement as HTMLElement).children, (c) => c.textContent ?? '');
}

describe('the timeline, field by field', () => {
  it('names every actor by unit or office, and shows recorded objects and codes in Chinese', () => {
    const vote = event(
      5,
      'workflow.recordVote',
      [
        { field: 'status', before: 'city_review', after: 'passed' },
        { field: 'vote', before: null, after: { for: 7, against: 1, abstain: 0, present: 8, members: 9 } },
      ],
      'city',
    );
    const opinions = event(
      6,
      'workflow.recordOpinion',
      [
        {
          field: 'opinions',
          before: null,
          after: {
            personnel: {
              conclusion: '同意推荐',
              favourable: true,
              text: '该同志表现突出',
              date: '2024-02-23',
            },
          },
        },
      ],
      'county',
    );
    const dismissed = event(
      7,
      'objection.dismissed',
      [
        { field: 'case', before: '01J0000000000000000000CASE', after: 'dismissed' },
        { field: 'case.status', before: null, after: 'open' },
      ],
      'city',
    );
    render(
      <NominationTimeline
        history={{
          events: [vote, opinions, dismissed],
          verified: true,
          actors: { ACC5: '市评选工作领导小组办公室', ACC6: '华龙区审核' },
        }}
      />,
    );
    const [v, o, d] = screen.getAllByRole('listitem') as [HTMLElement, HTMLElement, HTMLElement];
    expect(v.textContent).toContain('市评选工作领导小组办公室（市评选办）');
    expect(v.textContent).not.toContain('ACC5');
    expect(row(v, '状态')).toEqual(['状态', '市级审核中', '评审通过']);
    expect(row(v, '评审表决')[2]).toBe('赞成7反对1弃权0到会人数8成员人数9');
    expect(within(v).getByText('赞成').tagName).toBe('DT');
    expect(o.textContent).toContain('华龙区审核（县（区）审核）');
    expect(row(o, '部门意见')[2]).toBe(
      '组织人事结论同意推荐是否同意推荐同意推荐内容该同志表现突出日期2024年2月23日',
    );
    expect(o.textContent).not.toMatch(/personnel|conclusion|\{/);
    expect(d.textContent).toContain('异议不成立，办结');
    expect(row(d, '异议件')[2]).toBe('异议不成立');
    expect(row(d, '异议件状态')[2]).toBe('待处理');
    // An account the history does not name: its role, not its id.
    expect(d.textContent).toContain('市评选办');
    expect(d.textContent).not.toContain('ACC7');
  });
});

describe('the timeline', () => {
  it('shows each event with its time, actor, action and diff in Chinese', () => {
    const history: NominationHistory = { events: [created, updated, verdict, unknown], verified: true };
    render(<NominationTimeline history={history} categories={{ worker: '先进工作者' }} />);

    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(4);
    const [first, second, third, fourth] = items as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(first.textContent).toContain('新建');
    expect(first.textContent).toContain('2026年11月26日 10:31');
    expect(first.textContent).toContain('推荐单位');
    expect(
      within(first)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['字段', '修改前', '修改后']);
    expect(row(first, '类别')).toEqual(['类别', '—', '先进工作者']);
    expect(row(first, '姓名')).toEqual(['姓名', '—', '李建国']);
    expect(row(first, '近五年年度考核结果')).toEqual([
      '近五年年度考核结果',
      '—',
      '2022年 优秀；2023年 称职(合格)',
    ]);
    expect(row(first, '有无违法违纪')).toEqual(['有无违法违纪', '—', '无违法违纪问题']);

    expect(second.textContent).toContain('修改');
    expect(row(second, '联系电话')).toEqual(['联系电话', '13903930001', '13903930002']);
    expect(row(second, '身份证号')).toEqual(['身份证号', '410902********1234', '—']);

    expect(third.textContent).toContain('照片未通过');
    expect(third.textContent).toContain('系统');
    expect(row(third, '照片审核结果')).toEqual(['照片审核结果', '审核中', '未通过']);

    // An action without a Chinese name yet reads 其他操作, never its English id.
    expect(fourth.textContent).toContain('其他操作');
    expect(fourth.textContent).not.toContain('frobnicated');
    expect(within(fourth).queryByRole('table')).toBeNull();

    expect(screen.getByText('已校验')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names the process steps and the scans', () => {
    const submitted = event(5, 'workflow.submitToCounty', [
      { field: 'status', before: 'unit_publicized', after: 'submitted' },
    ]);
    const scan = event(
      6,
      'scan.accepted',
      [{ field: 'scans.opinion-police.01HZXSCAN0000000000000000S', before: 'pending', after: 'accepted' }],
      'system',
    );
    render(<NominationTimeline history={{ events: [submitted, scan], verified: true }} />);
    const [first, second] = screen.getAllByRole('listitem') as [HTMLElement, HTMLElement];
    expect(first.querySelector('.action')?.textContent).toBe('报送县区');
    expect(row(first, '状态')).toEqual(['状态', '单位公示已结束', '已报送县区']);
    expect(second.querySelector('.action')?.textContent).toBe('扫描件通过');
    expect(row(second, '扫描件：公安部门意见（检查结果）')).toEqual([
      '扫描件：公安部门意见（检查结果）',
      '审核中',
      '已通过',
    ]);
  });

  it('folds a long value and keeps all of it', () => {
    const deeds = '推动“一卡通”资金直达到户。'.repeat(20);
    const long = event(1, 'nomination.updated', [{ field: 'deeds', before: null, after: deeds }]);
    render(<NominationTimeline history={{ events: [long], verified: true }} />);
    const details = document.querySelector('.diff td.after details') as HTMLElement;
    expect(details.querySelector('summary')?.textContent).toContain(`（共 ${deeds.length} 字）`);
    expect(details.textContent).toContain(deeds);
  });

  it('marks the event where a broken chain breaks, and only that one', () => {
    const message = '第 2 条记录内容与其哈希不符（被修改）';
    render(
      <NominationTimeline
        history={{
          events: [created, updated, verdict],
          verified: false,
          break: { chain: created.chain, seq: 2, problem: 'edited', message },
        }}
      />,
    );
    const broken = document.querySelectorAll('.event.broken');
    expect(broken).toHaveLength(1);
    expect(broken[0]?.id).toBe('event-2');
    expect(broken[0]?.textContent).toContain(message);
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts[0]).toContain('审计链断裂');
    expect(alerts[0]).toContain(message);
    expect(screen.queryByText('已校验')).toBeNull();
    expect(screen.getByRole('button', { name: '定位到第 2 条' })).toBeTruthy();
  });

  it('shows a missing event where it should have been', () => {
    const message = '第 3 条记录缺失';
    const fourth = { ...unknown, seq: 4 };
    render(
      <NominationTimeline
        history={{
          events: [created, updated, fourth],
          verified: false,
          break: { chain: created.chain, seq: 3, problem: 'missing', message },
        }}
      />,
    );
    const ids = Array.from(document.querySelectorAll('.events > li'), (li) => li.id);
    expect(ids).toEqual(['event-1', 'event-2', 'event-3', 'event-4']);
    const gap = document.getElementById('event-3') as HTMLElement;
    expect(gap.classList.contains('broken')).toBe(true);
    expect(gap.textContent).toContain(message);
  });
});
