/**
 * Objections as the city office works them, on the real stack: short receipt numbers from an
 * atomic per-day counter (never shared, even when filed at once), cases that name their nominee,
 * unit and region, and the objector's phone revealed to the city office only, each time logged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCampaign } from '../support/campaigns.ts';
import { chinaToday, ok, workerOnCityPublicity } from '../support/process.ts';
import { api, callFrom, chainEvents } from '../support/stack.ts';

let t: TestCampaign;
let id: string;
beforeAll(async () => {
  ({ t, id } = await workerOnCityPublicity('钱多多'));
}, 180_000);

const RECEIPT = new RegExp(`^${chinaToday().replaceAll('-', '')}-\\d{4}$`);

describe('objection cases', () => {
  it('gives every objection its own short receipt, in order, even when filed at once', async () => {
    // from addresses of their own: the public route allows 10 objections an hour per address
    const filed = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const r = await callFrom(
          `127.0.0.${31 + i}`,
          'POST',
          `/api/public/campaigns/${t.campaign.id}/objections`,
          {
            nominationId: id,
            content: `第 ${i} 条意见`,
            name: `群众${i}`,
            phone: `1381234567${i}`,
          },
        );
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body;
      }),
    );
    const receipts = filed.map((f) => f.receipt as string);
    for (const r of receipts) expect(r).toMatch(RECEIPT);
    expect(new Set(receipts).size).toBe(6);
    const seqs = receipts.map((r) => Number(r.slice(9))).sort((a, b) => a - b);
    expect((seqs[5] ?? 0) - (seqs[0] ?? 0)).toBe(5); // consecutive numbers of the day
    // the receipt is on the nominee's chain with the objection
    const events = (await chainEvents(`NOM#${id}`)).filter((e) => e.action === 'objection.filed');
    expect(
      events.map((e) => e.changes.find((c: { field: string }) => c.field === 'case.receipt').after).sort(),
    ).toEqual([...receipts].sort());
  });

  it('lists cases with the nominee, unit and region, phones masked', async () => {
    const { cases } = await ok(api('GET', `/api/campaigns/${t.campaign.id}/cases`, { token: t.tokens.city }));
    expect(cases.length).toBeGreaterThanOrEqual(6);
    for (const c of cases) {
      expect(c.nominee).toEqual({
        name: '钱多多',
        unitName: '华龙区财政局',
        regionId: 'hualong',
        regionName: '华龙区',
        category: 'worker',
      });
      expect(c.receipt).toMatch(RECEIPT);
      expect(c.phone).toMatch(/^138\*{4}567\d$/);
    }
    const auditor = await ok(
      api('GET', `/api/campaigns/${t.campaign.id}/cases`, { token: t.tokens.auditor }),
    );
    expect(JSON.stringify(auditor)).not.toMatch(/1381234567\d/);
  });

  it('reveals the objector’s phone to the city office only, logging each reveal', async () => {
    const { cases } = await ok(api('GET', `/api/campaigns/${t.campaign.id}/cases`, { token: t.tokens.city }));
    const c = cases.find((x: { name: string }) => x.name === '群众3');
    const path = `/api/nominations/${id}/cases/${c.caseId}/phone`;
    for (const token of [t.tokens.county, t.tokens.auditor, t.tokens.unit])
      expect((await api('POST', path, { token })).status).toBe(403);
    const before = (await chainEvents(`NOM#${id}`)).length;
    expect(await ok(api('POST', path, { token: t.tokens.city }))).toEqual({ phone: '13812345673' });
    const events = await chainEvents(`NOM#${id}`);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      action: 'pii.objector_phone_revealed',
      actor: { role: 'city' },
      changes: [
        { field: 'case', before: null, after: c.receipt },
        { field: 'case.phone', before: null, after: '138****5673' },
      ],
    });
    expect(
      (
        await api('POST', `/api/nominations/${id}/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV/phone`, {
          token: t.tokens.city,
        })
      ).status,
    ).toBe(404);
  });
});
