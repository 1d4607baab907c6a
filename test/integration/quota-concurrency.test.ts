import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { newCampaign } from '../support/campaigns.ts';
import { readyToRecommend } from '../support/process.ts';
import { api, ddb, stack } from '../support/stack.ts';

describe('quotas under concurrency', () => {
  it('lets exactly 3 of 50 simultaneous recommendations into 3 places; the rest hear the quota is full', async () => {
    const t = await newCampaign((c) => ({
      ...c,
      totals: { ...c.totals, worker: (c.totals.worker ?? 0) - 3 },
      regions: c.regions.map((r) => (r.id === 'hualong' ? { ...r, quotas: { ...r.quotas, worker: 3 } } : r)),
    }));
    // Fifty nominations as the county would have them after its review, written as the steps would.
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await readyToRecommend(t, t.tokens.unit, 'hualong', `候选${i}`));
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
