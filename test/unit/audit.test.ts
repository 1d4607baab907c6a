import { describe, expect, it } from 'vitest';
import { canonicalJson, diffFields, GENESIS_HASH, sealEvent } from '#shared/audit';

const body = {
  chain: 'NOM#X',
  seq: 1,
  campaignId: 'C',
  at: '2026-11-26T00:00:00.000Z',
  actor: { accountId: 'A', role: 'unit' as const },
  action: 'nomination.created',
  changes: [{ field: 'name', before: null, after: '张三' }],
  requestId: 'r',
  prevHash: GENESIS_HASH,
};

describe('the audit chain', () => {
  it('hashes the same event the same way whatever its key order', async () => {
    const a = await sealEvent(body);
    const b = await sealEvent(JSON.parse(canonicalJson({ ...body })));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe(
      '{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}',
    );
  });

  it('changes the hash when any field or the previous hash changes', async () => {
    const base = (await sealEvent(body)).hash;
    expect((await sealEvent({ ...body, seq: 2 })).hash).not.toBe(base);
    expect((await sealEvent({ ...body, prevHash: 'f'.repeat(64) })).hash).not.toBe(base);
    expect(
      (await sealEvent({ ...body, changes: [{ field: 'name', before: null, after: '李四' }] })).hash,
    ).not.toBe(base);
  });

  it('diffs flat records field by field', () => {
    expect(diffFields({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1, 3], d: true })).toEqual([
      { field: 'b', before: [1, 2], after: [1, 3] },
      { field: 'c', before: 'x', after: null },
      { field: 'd', before: null, after: true },
    ]);
  });
});
