import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { newCampaign } from '../support/campaigns.ts';
import { workerForm } from '../support/forms.ts';
import { api, ddb, stack } from '../support/stack.ts';

const PAST_NOTICE = '2024-02-08';

async function ok(r: Promise<{ status: number; body: any }>, status = 200) {
  const a = await r;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
}

describe('quotas under concurrency', () => {
  it('lets exactly 3 of 50 simultaneous recommendations into 3 places; the rest hear the quota is full', async () => {
    const t = await newCampaign((c) => ({
      ...c,
      totals: { ...c.totals, worker: (c.totals.worker ?? 0) - 3 },
      regions: c.regions.map((r) => (r.id === 'hualong' ? { ...r, quotas: { ...r.quotas, worker: 3 } } : r)),
    }));
    // Fifty nominations as the county would have them after its review, written as the steps would.
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const n = await ok(
        api('POST', '/api/nominations', {
          token: t.tokens.unit,
          body: { category: 'worker', form: workerForm(t.campaign.assessmentYears, { name: `候选${i}` }) },
        }),
        201,
      );
      const opinion = {
        conclusion: '同意',
        favourable: true,
        text: '',
        date: '2024-02-26',
        scanId: '01HMB7Z4Q1PYCZ2024YKT00009',
      };
      await ddb.send(
        new UpdateCommand({
          TableName: stack.table,
          Key: { pk: `NOM#${n.id}`, sk: 'NOM' },
          UpdateExpression:
            'SET #s = :s, gsi2sk = :g, politicalReview = :pr, opinions = :o, acceptedPhoto = :p, unitRecommendation = :ur, unitPublicity = :up',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':s': 'submitted',
            ':g': `hualong#submitted#${n.id}`,
            ':pr': { passed: true, text: '', date: '2024-02-23' },
            ':o': { personnel: opinion, discipline: opinion, police: opinion },
            ':p': { photoId: n.id, key: 'x', sha256: 'x', width: 413, height: 579, bytes: 1 },
            ':ur': {
              democratic: { date: '2024-02-05', voters: 10, votesFor: 9 },
              leadershipDecisionDate: '2024-02-06',
            },
            ':up': {
              postedOn: PAST_NOTICE,
              endsOn: '2024-02-21',
              noticeScanId: n.id,
              outcome: 'no_objection',
            },
          },
        }),
      );
      ids.push(n.id);
    }
    const answers = await Promise.all(
      ids.map((id) => api('POST', `/api/nominations/${id}/recommend`, { token: t.tokens.county })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    const refusals = answers.filter((a) => a.status !== 200);
    expect(refusals).toHaveLength(47);
    for (const r of refusals) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('quota_full');
      expect(r.body.error.message).toMatch(/华龙区先进工作者推荐名额已满（共 3 个）/);
    }
    const q = await ddb.send(
      new GetCommand({
        TableName: stack.table,
        Key: { pk: `CAMPAIGN#${t.campaign.id}`, sk: 'QUOTA#hualong#worker' },
        ConsistentRead: true,
      }),
    );
    const recommended = await api('GET', '/api/nominations?limit=100&status=recommended&region=hualong', {
      token: t.tokens.city,
    });
    expect(q.Item?.used).toBe(3);
    expect(recommended.body.items).toHaveLength(3);
  }, 180_000);
});
