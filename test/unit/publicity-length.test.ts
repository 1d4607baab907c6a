import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDefinition } from '#shared/definition/load';
import {
  FIVE_WORKING_DAYS,
  finalPublicityLength,
  lengthLabel,
  unitPublicityLength,
} from '#shared/publicity-length';
import { cityChecklist, decide, type WorkflowFacts } from '#shared/workflow';
import { publicityDaysBetween, publicityEnd } from '#shared/working-days';

const definition = (file: string) => {
  const r = parseDefinition(readFileSync(join(import.meta.dirname, '../../campaigns', file), 'utf8'));
  if (!r.ok) throw new Error(`${file} does not parse`);
  return r.definition;
};
const puyang = { definition: definition('puyang-2024.yaml') };
const qingfeng = { definition: definition('qingfeng-2026-teachers.yaml') };

describe('publicity lengths come from the campaign’s definition', () => {
  it('reads each notice’s: Puyang 5 working days twice, Qingfeng 3 working days and 7 calendar days', () => {
    expect([unitPublicityLength(puyang), finalPublicityLength(puyang)]).toEqual([
      FIVE_WORKING_DAYS,
      FIVE_WORKING_DAYS,
    ]);
    expect(unitPublicityLength(qingfeng)).toEqual({ days: 3, dayKind: 'working' });
    expect(finalPublicityLength(qingfeng)).toEqual({ days: 7, dayKind: 'calendar' });
    // a campaign set up before definitions runs on the Puyang notice's
    expect([unitPublicityLength({}), finalPublicityLength({})]).toEqual([
      FIVE_WORKING_DAYS,
      FIVE_WORKING_DAYS,
    ]);
    expect(lengthLabel(FIVE_WORKING_DAYS)).toBe('5 个工作日');
    expect(lengthLabel(finalPublicityLength(qingfeng))).toBe('7 天');
  });

  it('ends working-day publicities by the calendar, calendar-day ones by counting days', () => {
    // Wed 2026-09-30: 3 working days run over National Day (1–7 Oct off, Sat 10 Oct worked)
    expect(publicityEnd('2026-09-30', { days: 3, dayKind: 'working' })).toEqual({
      ok: true,
      end: '2026-10-10',
    });
    // 7 days from 1 November, the start day not counted, holidays or not
    expect(publicityEnd('2026-11-01', { days: 7, dayKind: 'calendar' })).toEqual({
      ok: true,
      end: '2026-11-08',
    });
    expect(publicityDaysBetween('2026-11-01', '2026-11-08', { days: 7, dayKind: 'calendar' })).toEqual({
      ok: true,
      days: 7,
    });
    expect(publicityDaysBetween('2026-11-08', '2026-11-01', { days: 7, dayKind: 'calendar' })).toEqual({
      ok: true,
      days: 0,
    });
    expect(publicityDaysBetween('', '', { days: 7, dayKind: 'calendar' })).toMatchObject({ ok: false });
  });

  it('holds the city checklist and the unit’s submission to the campaign’s length, and says it', () => {
    const three = { days: 3, dayKind: 'working' } as const;
    const facts: WorkflowFacts = {
      category: 'worker',
      unitPublicityDays: 3,
      unitPublicityLength: three,
      unitPublicityOutcome: 'no_objection',
    };
    const row = (f: WorkflowFacts) => cityChecklist(f).find((c) => c.item === 'unit_publicity');
    expect(row(facts)).toMatchObject({ ok: true, message: '已公示 3 个工作日，公示无异议' });
    expect(row({ ...facts, unitPublicityDays: 2 })).toMatchObject({
      ok: false,
      message: '单位公示仅 2 个工作日，应不少于 3 个工作日',
    });
    // five working days were required before; with the definition's three they are not
    expect(row({ ...facts, unitPublicityLength: FIVE_WORKING_DAYS })).toMatchObject({ ok: false });
    const refused = decide({
      status: 'unit_publicized',
      action: 'submitToCounty',
      role: 'unit',
      facts: {
        category: 'worker',
        problems: [],
        photoAccepted: true,
        democraticRecommendation: { date: '2026-09-01', voters: 40, votesFor: 36 },
        leadershipDecisionDate: '2026-09-02',
        unitPublicityLength: three,
      },
    });
    expect(refused.ok ? '' : refused.reason).toContain('请先公示满 3 个工作日');
  });
});
