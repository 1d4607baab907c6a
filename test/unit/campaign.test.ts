import { describe, expect, it } from 'vitest';
import { campaignSchema, quotasInOrder, quotaTotalsProblem } from '#shared/campaign';
import { canSee, type Principal } from '#shared/roles';
import { coming18January, exampleCampaign } from '../../infra/local/seed.ts';

describe('the example campaign', () => {
  const c = exampleCampaign(new Date('2026-11-26T00:00:00Z'));

  it('is valid, with quotas adding up to 36 collectives and 52 workers', () => {
    expect(campaignSchema.safeParse(c).success).toBe(true);
    expect(quotaTotalsProblem(c)).toBeNull();
    expect(c.regions).toHaveLength(10);
  });

  it('says which category fails to add up', () => {
    const broken = { ...c, totals: { collective: 36, worker: 53 } };
    expect(quotaTotalsProblem(broken)).toMatch(/先进工作者名额合计 52 与总名额 53 不一致/);
  });

  it('moves the deadline to the coming 18 January and asks for the five years before it', () => {
    expect(coming18January(new Date('2026-11-26T00:00:00Z'))).toBe('2027-01-18');
    expect(coming18January(new Date('2027-01-18T00:00:00Z'))).toBe('2027-01-18');
    expect(coming18January(new Date('2027-01-19T00:00:00Z'))).toBe('2028-01-18');
    expect(c.assessmentYears).toEqual([2022, 2023, 2024, 2025, 2026]);
  });
});

describe('who may see a record', () => {
  const record = { campaignId: 'C', regionId: 'hualong', unitId: 'U1' };
  const p = (over: Partial<Principal>): Principal => ({
    accountId: 'A',
    role: 'unit',
    campaignId: 'C',
    name: 'x',
    ...over,
  });
  it('limits units to their own, counties to their region, all to their campaign', () => {
    expect(canSee(p({ unitId: 'U1' }), record)).toBe(true);
    expect(canSee(p({ unitId: 'U2' }), record)).toBe(false);
    expect(canSee(p({ role: 'county', regionId: 'hualong' }), record)).toBe(true);
    expect(canSee(p({ role: 'county', regionId: 'fanxian' }), record)).toBe(false);
    expect(canSee(p({ role: 'city' }), record)).toBe(true);
    expect(canSee(p({ role: 'auditor', campaignId: 'D' }), record)).toBe(false);
  });
});

describe('quotas in the campaign’s order', () => {
  it('lists regions then categories as the definition does, not as the table sorts its keys', () => {
    const c = exampleCampaign(new Date('2026-11-26T00:00:00Z'));
    const quotas = [
      { regionId: 'shizhi', category: 'collective' },
      { regionId: 'hualong', category: 'worker' },
      { regionId: 'hualong', category: 'collective' },
    ];
    const [first] = c.definition.categories;
    expect(quotasInOrder(c, quotas).map((q) => `${q.regionId}/${q.category}`)).toEqual([
      `hualong/${first?.id}`,
      `hualong/${first?.id === 'collective' ? 'worker' : 'collective'}`,
      'shizhi/collective',
    ]);
  });
});
