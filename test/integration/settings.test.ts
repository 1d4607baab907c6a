import { beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { setClock } from '../support/clock.ts';
import { workerForm } from '../support/forms.ts';
import { api } from '../support/stack.ts';

let t: TestCampaign;
beforeAll(async () => {
  t = await newCampaign();
}, 60_000);

const regionsWith = (
  change: (id: string, q: { collective: number; worker: number }) => { collective: number; worker: number },
) =>
  t.campaign.regions.map((r) => ({
    id: r.id,
    quotas: change(r.id, { collective: r.quotas.collective ?? 0, worker: r.quotas.worker ?? 0 }),
  }));

describe('the city office changes the campaign', () => {
  it('moves quotas between regions only while they add up to the totals', async () => {
    const unbalanced = await api('PUT', `/api/campaigns/${t.campaign.id}/quotas`, {
      token: t.tokens.city,
      body: { regions: regionsWith((id, q) => (id === 'hualong' ? { ...q, worker: q.worker + 1 } : q)) },
    });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.error.message).toMatch(/先进工作者名额合计 53 与总名额 52 不一致/);
    const moved = await api('PUT', `/api/campaigns/${t.campaign.id}/quotas`, {
      token: t.tokens.city,
      body: {
        regions: regionsWith((id, q) =>
          id === 'hualong'
            ? { ...q, worker: q.worker + 1 }
            : id === 'fanxian'
              ? { ...q, worker: q.worker - 1 }
              : q,
        ),
      },
    });
    expect(moved.status).toBe(200);
    const seen = await api('GET', `/api/campaigns/${t.campaign.id}`, { token: t.tokens.unit });
    expect(seen.body.quotas).toContainEqual({ regionId: 'hualong', category: 'worker', quota: 7, used: 0 });
    expect(seen.body.campaign.regions.find((r: { id: string }) => r.id === 'hualong').quotas.worker).toBe(7);
  });

  it('refuses a region fewer places than it has used, changing nothing', async () => {
    const c = await newCampaign();
    // One place in use: as a recommendation would leave it.
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { ddb, stack } = await import('../support/stack.ts');
    await ddb.send(
      new UpdateCommand({
        TableName: stack.table,
        Key: { pk: `CAMPAIGN#${c.campaign.id}`, sk: 'QUOTA#taiqian#collective' },
        UpdateExpression: 'SET used = :u',
        ExpressionAttributeValues: { ':u': 3 },
      }),
    );
    const r = await api('PUT', `/api/campaigns/${c.campaign.id}/quotas`, {
      token: c.tokens.city,
      body: {
        regions: c.campaign.regions.map((x) => ({
          id: x.id,
          quotas:
            x.id === 'taiqian'
              ? { ...x.quotas, collective: 2 }
              : x.id === 'hualong'
                ? { ...x.quotas, collective: (x.quotas.collective ?? 0) + 1 }
                : x.quotas,
        })),
      },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/台前县先进集体已推荐的人数多于新名额 2/);
    const after = await api('GET', `/api/campaigns/${c.campaign.id}`, { token: c.tokens.city });
    expect(after.body.quotas).toContainEqual({
      regionId: 'taiqian',
      category: 'collective',
      quota: 3,
      used: 3,
    });
  }, 60_000);

  it('says which year of holidays is missing, and takes it in the settings', async () => {
    // 2028: a year neither the built-in data nor any other test's saved notice holds (the
    // deployment-wide calendar is shared, and the e2e tests save 2027 in it)
    const late = await newCampaign((c) => ({
      ...c,
      deadlines: { unitToCounty: '2028-01-11', countyToCity: '2028-01-18' },
      endsAt: '2028-07-01T00:00:00.000Z',
    }));
    const id = (
      await api('POST', '/api/nominations', {
        token: late.tokens.unit,
        body: { category: 'worker', form: workerForm(late.campaign.assessmentYears) },
      })
    ).body.id;
    await api('PUT', `/api/nominations/${id}/unit-recommendation`, {
      token: late.tokens.unit,
      body: {
        democratic: { date: '2026-12-01', voters: 20, votesFor: 18 },
        leadershipDecisionDate: '2026-12-02',
      },
    });
    // A publicity posted on the last day of 2027 runs into 2028, which no calendar holds
    // (the clock moved there: a publicity cannot start after today).
    await setClock('2027-12-31');
    const missing = await api('POST', `/api/nominations/${id}/unit-publicity`, {
      token: late.tokens.unit,
      body: { postedOn: '2027-12-31' },
    });
    await setClock(null);
    expect(missing.status).toBe(409);
    expect(missing.body.error.code).toBe('calendar_missing');
    expect(missing.body.error.message).toMatch(/2028/);
    const settings = await api('PATCH', `/api/campaigns/${late.campaign.id}`, {
      token: late.tokens.city,
      body: {
        calendar: { years: { 2028: { holidays: ['2028-01-01'], workdays: [] } } },
        passRule: 'two_thirds_present',
      },
    });
    expect(settings.status).toBe(200);
    expect(settings.body.passRule).toBe('two_thirds_present');
    const bad = await api('PATCH', `/api/campaigns/${late.campaign.id}`, {
      token: late.tokens.city,
      body: { passRule: 'unanimous' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('passRule');
  });
});
