/**
 * The deployment-wide holiday calendar on the real stack: the city office pastes a State Council
 * notice, the API reads and saves it with its audit event, every campaign counts working days
 * with it, and the years a campaign needs without data are reported before any step is refused.
 *
 * The years here are pretend years with the same calendar as 2026 (2043 starts on a Thursday too
 * and is no leap year), so that the notices' weekdays check out and no other test's year changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { api, chainEvents, verifyAudit } from '../support/stack.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/holiday-notices');
const as2043 = readFileSync(join(FIXTURES, '2026.txt'), 'utf8').replaceAll('2026年', '2043年');

let t: TestCampaign;
beforeAll(async () => {
  t = await newCampaign((c) => ({
    ...c,
    deadlines: { unitToCounty: '2043-01-11', countyToCity: '2043-01-18' },
  }));
});

describe('the holiday calendar from the State Council notice', () => {
  it('reports the years the campaign needs and lacks, naming what needs them', async () => {
    const r = await api('GET', '/api/holiday-calendar', { token: t.tokens.city });
    expect(r.status).toBe(200);
    expect(r.body.builtIn).toEqual({ from: 2004, to: 2026 });
    const gap = r.body.gaps.find((g: { year: number }) => g.year === 2043);
    expect(gap.needs).toEqual([
      { label: '推荐单位报送截止日', date: '2043-01-11' },
      { label: '县区报送截止日', date: '2043-01-18' },
    ]);
  });

  it('refuses an unreadable notice with a 400 naming the line, and another year’s notice', async () => {
    const bad = await api('PUT', '/api/holiday-calendar/2043', {
      token: t.tokens.city,
      body: { text: as2043.replace('共9天', '共10天') },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'validation_failed',
      field: 'text',
      message: expect.stringMatching(/^第 9 行“二、春节：.*通知写共 10 天，读出的放假日期是 9 天/),
    });
    const other = await api('PUT', '/api/holiday-calendar/2044', {
      token: t.tokens.city,
      body: { text: as2043 },
    });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toBe('粘贴的是 2043 年的通知，不是 2044 年的');
    expect(
      (await api('GET', '/api/holiday-calendar', { token: t.tokens.city })).body.years['2043'],
    ).toBeUndefined();
  });

  it('lets only the city office save, and the auditor read', async () => {
    for (const token of [t.tokens.unit, t.tokens.county, t.tokens.auditor])
      expect((await api('PUT', '/api/holiday-calendar/2043', { token, body: { text: as2043 } })).status).toBe(
        403,
      );
    expect((await api('GET', '/api/holiday-calendar', { token: t.tokens.unit })).status).toBe(403);
    expect((await api('GET', '/api/holiday-calendar', { token: t.tokens.auditor })).status).toBe(200);
  });

  it('saves the year for every campaign, with its audit event, and working days count with it', async () => {
    const saved = await api('PUT', '/api/holiday-calendar/2043', {
      token: t.tokens.city,
      body: { text: as2043 },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({
      year: 2043,
      changed: true,
      title: '国务院办公厅关于2043年部分节假日安排的通知',
    });
    expect(saved.body.days).toHaveLength(33 + 6);
    expect(saved.body.days[0]).toEqual({ date: '2043-01-01', kind: 'holiday', festival: '元旦' });

    // another campaign sees it: no gap for 2043 there either
    const other = await newCampaign((c) => ({
      ...c,
      deadlines: { unitToCounty: '2043-01-11', countyToCity: '2043-01-18' },
    }));
    for (const token of [t.tokens.city, other.tokens.city]) {
      const r = await api('GET', '/api/holiday-calendar', { token });
      expect(r.body.years['2043'].days).toEqual(saved.body.days);
      expect(r.body.gaps.map((g: { year: number }) => g.year)).not.toContain(2043);
    }
    const campaign = (await api('GET', `/api/campaigns/${other.campaign.id}`, { token: other.tokens.city }))
      .body.campaign;
    expect(campaign.holidayCalendar.years['2043'].workdays).toEqual([
      '2043-01-04',
      '2043-02-14',
      '2043-02-28',
      '2043-05-09',
      '2043-09-20',
      '2043-10-10',
    ]);

    // the steps count with it: 5 working days from Fri 13 Feb: Sat 14 worked, 15–23 off, 24–27
    const { getCampaign } = await import('#lib/campaigns');
    const { publicityEndOn } = await import('#lib/workflow-steps');
    const fresh = await getCampaign(other.campaign.id, { fresh: true });
    expect(publicityEndOn('2043-02-13', { days: 5, dayKind: 'working' }, fresh)).toBe('2043-02-27');

    // the deployment's own chain: one event with the dates before and after, and it verifies
    const events = await chainEvents('HOLIDAYS#deployment');
    const mine = events.filter((e) => e.changes[0].field === 'years.2043');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ action: 'holidays.notice_saved', campaignId: t.campaign.id });
    expect(mine[0]?.changes[0].before).toBeNull();
    expect(mine[0]?.changes[0].after.workdays).toHaveLength(6);
    const verify = await verifyAudit(t.tokens.auditor);
    expect(verify.breaks).toEqual([]);

    // the same notice again changes nothing
    const again = await api('PUT', '/api/holiday-calendar/2043', {
      token: t.tokens.city,
      body: { text: as2043 },
    });
    expect(again.body.changed).toBe(false);
    expect((await chainEvents('HOLIDAYS#deployment')).length).toBe(events.length);
  });
});
