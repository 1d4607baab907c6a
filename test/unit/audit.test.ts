import { describe, expect, it } from 'vitest';
import {
  auditedState,
  auditedStateHash,
  canonicalJson,
  changedFields,
  diffFields,
  GENESIS_HASH,
  quotaBreak,
  sealEvent,
  stateBreak,
} from '#shared/audit';

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

describe('the audited state a record is checked against', () => {
  const record = {
    pk: 'NOM#1',
    sk: 'NOM',
    status: 'draft',
    unitName: '华龙区财政局',
    form: { name: '张三', phone: '13903930001' },
    auditSeq: 4,
    auditHead: 'a'.repeat(64),
  };

  it('seals every field but the chain pointer, and names the fields changed since', async () => {
    const sealed = await auditedState(record);
    expect(Object.keys(sealed.fields).sort()).toEqual(['form', 'pk', 'sk', 'status', 'unitName']);
    expect(await auditedStateHash(record)).toBe(sealed.hash);
    // the head moves with every event, and is checked against the chain's end instead
    expect(await auditedState({ ...record, auditSeq: 5, auditHead: 'b'.repeat(64) })).toEqual(sealed);
    const now = await auditedState({ ...record, status: 'confirmed', unitName: '伪造单位', extra: 1 });
    expect(changedFields(sealed, now)).toEqual(['extra', 'status', 'unitName']);
    const broken = stateBreak('NOM#1', 4, sealed, now);
    expect(broken).toMatchObject({ chain: 'NOM#1', seq: 4, problem: 'state-mismatch' });
    expect(broken?.message).toContain('状态（status）');
    expect(broken?.message).toContain('推荐单位名称（unitName）');
    expect(stateBreak('NOM#1', 4, sealed, await auditedState({ ...record }))).toBeNull();
  });

  it('sees a nested change as a change of its top-level field', async () => {
    const sealed = await auditedState(record);
    const now = await auditedState({ ...record, form: { ...record.form, phone: '13900000000' } });
    expect(changedFields(sealed, now)).toEqual(['form']);
  });
});

describe('a quota counter checked against the nominations holding a place', () => {
  const at = (stored: { quota: number; used: number } | null, used = 2) =>
    quotaBreak({ chain: 'QUOTA#hualong#worker', stored, expected: { quota: 5, used } });

  it('passes a counter that agrees, and reports one moved, one changed and one gone', () => {
    expect(at({ quota: 5, used: 2 })).toBeNull();
    expect(at({ quota: 5, used: 3 })).toMatchObject({
      chain: 'QUOTA#hualong#worker',
      problem: 'quota-mismatch',
      fields: ['used'],
      message: expect.stringContaining('已占用名额记为 3，占用名额的推荐对象实有 2 个'),
    });
    expect(at({ quota: 9, used: 2 })).toMatchObject({ fields: ['quota'] });
    expect(at(null)).toMatchObject({ fields: ['used'], message: '名额计数缺失（被删除）' });
  });
});
