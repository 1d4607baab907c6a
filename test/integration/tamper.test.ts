/**
 * Direct tampering with the table and the buckets, each reported by the verifier: by the API's
 * verification job and by `npm run audit:verify -- --local` run as a process, both against the
 * real local stack (DynamoDB Local, s3rver) with an anchor in place. Every manipulation is undone
 * afterwards, and the history must then verify again, with the same head hash from both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealEvent } from '#shared/audit';
import { runCli } from '../support/audit-cli.ts';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { workerForm } from '../support/forms.ts';
import { FIXTURES, ok } from '../support/process.ts';
import {
  api,
  chainEvents,
  ddb,
  postUpload,
  s3,
  stack,
  verifyAudit,
  waitForVerdict,
} from '../support/stack.ts';

type Item = Record<string, any>;
interface Break {
  chain: string;
  seq: number;
  problem: string;
  fields?: string[];
}

let t: TestCampaign;
const ids: Record<string, string> = {};
let anchorKey: string;
let unitAccount: string;
let intactHead: string;

const eventKey = (id: string, seq: number) => ({
  pk: `AUDIT#NOM#${id}`,
  sk: `EVENT#${String(seq).padStart(10, '0')}`,
});
const nomKey = (id: string) => ({ pk: `NOM#${id}`, sk: 'NOM' });
const get = async (Key: Item) =>
  (await ddb.send(new GetCommand({ TableName: stack.table, Key }))).Item as Item;
const put = (Item: Item) => ddb.send(new PutCommand({ TableName: stack.table, Item }));
const set = (Key: Item, field: string, value: unknown) =>
  ddb.send(
    new UpdateCommand({
      TableName: stack.table,
      Key,
      UpdateExpression: 'SET #f = :v',
      ExpressionAttributeNames: { '#f': field },
      ExpressionAttributeValues: { ':v': value },
    }),
  );
const object = async (Key: string) => {
  const got = await s3.send(new GetObjectCommand({ Bucket: stack.buckets.records, Key }));
  return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
};
const putObject = (Key: string, Body: Buffer) =>
  s3.send(new PutObjectCommand({ Bucket: stack.buckets.records, Key, Body }));

/** A draft with four events: created, then three edits. */
async function nominationWithHistory(): Promise<string> {
  const years = t.campaign.assessmentYears;
  const id = (
    await ok(
      api('POST', '/api/nominations', {
        token: t.tokens.unit,
        body: { category: 'worker', form: workerForm(years) },
      }),
      201,
    )
  ).id;
  for (let v = 1; v <= 3; v++)
    await ok(
      api('PATCH', `/api/nominations/${id}`, {
        token: t.tokens.unit,
        body: { version: v, form: { phone: `1390393000${v}` } },
      }),
    );
  return id;
}

/** The CLI's report on the test campaign, and its exit code. */
async function cli() {
  const r = await runCli(['--local', '--json', '--campaign', t.campaign.id]);
  expect(r.stdout, r.stderr).not.toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) };
}

beforeAll(async () => {
  t = await newCampaign();
  for (const name of ['status', 'unitName', 'edited', 'deleted', 'reordered', 'rewritten'])
    ids[name] = await nominationWithHistory();
  ids.photo = await nominationWithHistory();
  const ask = await ok(
    api('POST', `/api/nominations/${ids.photo}/photo`, {
      token: t.tokens.unit,
      body: { contentType: 'image/jpeg' },
    }),
    201,
  );
  await postUpload(ask.upload, readFileSync(join(FIXTURES, 'id-photo-413x579.jpg')), 'image/jpeg');
  await waitForVerdict(t.tokens.unit, ids.photo, ask.photoId);
  unitAccount = (await ok(api('GET', '/api/me', { token: t.tokens.unit }))).principal.accountId;
  anchorKey = (await ok(api('POST', '/api/audit/anchors', { token: t.tokens.city }), 201)).key;
});

describe('the verifier against direct tampering', () => {
  it('finds an intact history with an anchor intact, with the same head hash from the API and the CLI', async () => {
    const report = await verifyAudit(t.tokens.auditor);
    expect(report).toMatchObject({ ok: true, breaks: [], anchor: { key: anchorKey } });
    expect(report.checked).toMatchObject({ photos: 1, unsealed: 0, quotas: 2 * t.campaign.regions.length });
    expect(report.checked.records).toBeGreaterThanOrEqual(7 + 5 + 2);
    const { code, report: local } = await cli();
    expect(code).toBe(0);
    expect(local).toMatchObject({
      ok: true,
      headHash: report.headHash,
      chains: report.chains,
      events: report.events,
    });
    expect(local.anchor.key).toBe(anchorKey);
    intactHead = report.headHash;
  });

  it('reports each manipulation of the table and the buckets, through the API job and the CLI', async () => {
    const undo: (() => Promise<unknown>)[] = [];
    const keep = async (Key: Item) => {
      const before = await get(Key);
      undo.push(() => put(before));
    };
    // records changed behind the history's back
    await keep(nomKey(ids.status as string));
    await set(nomKey(ids.status as string), 'status', 'confirmed');
    await keep(nomKey(ids.unitName as string));
    await set(nomKey(ids.unitName as string), 'unitName', '伪造的推荐单位');
    const account = { pk: `ACCOUNT#${unitAccount}`, sk: 'ACCOUNT' };
    await keep(account);
    await set(account, 'role', 'city');
    const quota = { pk: `CAMPAIGN#${t.campaign.id}`, sk: 'QUOTA#hualong#collective' };
    await keep(quota);
    await set(quota, 'used', 1);
    // events edited, deleted, reordered
    const edited = eventKey(ids.edited as string, 2);
    await keep(edited);
    await set(edited, 'changes', [{ field: 'phone', before: '13903930001', after: '13900000000' }]);
    const deleted = eventKey(ids.deleted as string, 2);
    await keep(deleted);
    await ddb.send(new DeleteCommand({ TableName: stack.table, Key: deleted }));
    const [two, three] = [
      await get(eventKey(ids.reordered as string, 2)),
      await get(eventKey(ids.reordered as string, 3)),
    ];
    undo.push(
      () => put(two),
      () => put(three),
    );
    await put({ ...three, ...eventKey(ids.reordered as string, 2) });
    await put({ ...two, ...eventKey(ids.reordered as string, 3) });
    // files replaced in the records bucket
    const anchorText = await object(anchorKey);
    undo.push(() => putObject(anchorKey, anchorText));
    const forgedAnchor = JSON.parse(anchorText.toString('utf8'));
    forgedAnchor.chains = forgedAnchor.chains.filter((c: [string]) => !c[0].endsWith(ids.edited as string));
    await putObject(anchorKey, Buffer.from(JSON.stringify(forgedAnchor)));
    const photoKey = (await get(nomKey(ids.photo as string))).acceptedPhoto.key as string;
    const photo = await object(photoKey);
    undo.push(() => putObject(photoKey, photo));
    await putObject(photoKey, readFileSync(join(FIXTURES, 'phone-portrait-blue-gps.jpg')));

    const expected: (Break & { kind: string })[] = [
      {
        kind: 'status changed in the table',
        chain: `NOM#${ids.status}`,
        seq: 4,
        problem: 'state-mismatch',
        fields: ['status'],
      },
      {
        kind: 'unit name changed',
        chain: `NOM#${ids.unitName}`,
        seq: 4,
        problem: 'state-mismatch',
        fields: ['unitName'],
      },
      {
        kind: 'account role raised',
        chain: `ACCOUNT#${unitAccount}`,
        seq: 1,
        problem: 'state-mismatch',
        fields: ['role'],
      },
      {
        kind: 'quota counter moved',
        chain: 'QUOTA#hualong#collective',
        seq: 0,
        problem: 'quota-mismatch',
        fields: ['used'],
      },
      { kind: 'event edited', chain: `NOM#${ids.edited}`, seq: 2, problem: 'edited' },
      { kind: 'event deleted', chain: `NOM#${ids.deleted}`, seq: 2, problem: 'missing' },
      { kind: 'events reordered', chain: `NOM#${ids.reordered}`, seq: 2, problem: 'reordered' },
      {
        kind: 'anchor file replaced',
        chain: `ANCHOR#${t.campaign.id}`,
        seq: 1,
        problem: 'file-mismatch',
        fields: ['anchor'],
      },
      {
        kind: 'photo file replaced',
        chain: `NOM#${ids.photo}`,
        seq: 6,
        problem: 'file-mismatch',
        fields: ['acceptedPhoto'],
      },
    ];
    try {
      const report = await verifyAudit(t.tokens.auditor);
      const { code, report: local } = await cli();
      const detected = { api: 0, cli: 0 };
      for (const { kind, ...want } of expected) {
        const match = (b: Break) => b.chain === want.chain && b.problem === want.problem;
        expect(report.breaks.find(match), `API: ${kind}`).toMatchObject(want);
        expect(local.breaks.find(match), `CLI: ${kind}`).toMatchObject(want);
        detected.api += report.breaks.some(match) ? 1 : 0;
        detected.cli += local.breaks.some(match) ? 1 : 0;
      }
      expect(report.ok).toBe(false);
      expect(code).toBe(1);
      // the nomination's own history page says so too
      const history = await api('GET', `/api/nominations/${ids.status}/history`, { token: t.tokens.auditor });
      expect(history.body).toMatchObject({
        verified: false,
        break: { problem: 'state-mismatch', fields: ['status'] },
      });
      // nothing else is reported: no false break on what was left alone
      expect(report.breaks).toHaveLength(expected.length);
      expect(local.breaks).toEqual(report.breaks);
      expect(report.breaks.every((b: { message: string }) => /[\u4e00-\u9fff]/.test(b.message))).toBe(true);
      console.log(
        `tamper kinds detected: API ${detected.api}/${expected.length}, CLI ${detected.cli}/${expected.length}`,
      );
    } finally {
      for (const u of undo.reverse()) await u();
    }
    const restored = await verifyAudit(t.tokens.auditor);
    expect(restored).toMatchObject({ ok: true, headHash: intactHead });
  });

  it('catches a rewrite below the anchor with recomputed hashes and a moved head, API and CLI alike', async () => {
    const id = ids.rewritten as string;
    const events = await chainEvents(`NOM#${id}`);
    let prev = events[0]?.hash as string;
    for (const item of events.slice(1)) {
      const { pk, sk, gsi1pk, gsi1sk, type, hash: _old, ...body } = item;
      if (body.seq === 2) body.changes = [{ field: 'phone', before: '13903930001', after: '13900000000' }];
      const sealed = await sealEvent({ ...(body as Parameters<typeof sealEvent>[0]), prevHash: prev });
      await put({ pk, sk, gsi1pk, gsi1sk, type, ...sealed });
      prev = sealed.hash;
    }
    await set(nomKey(id), 'auditHead', prev);
    const rewritten = { chain: `NOM#${id}`, seq: 4, problem: 'rewritten' };
    const report = await verifyAudit(t.tokens.auditor);
    expect(report.breaks).toEqual([expect.objectContaining(rewritten)]);
    const { code, report: local } = await cli();
    expect(code).toBe(1);
    expect(local.breaks).toEqual(report.breaks);
  });

  it('says what a bare npm run audit:verify needs, in Chinese, with exit code 2 and no stack trace', async () => {
    const r = await runCli([], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未设置环境变量 TABLE_NAME、RECORDS_BUCKET、AWS_REGION');
    expect(r.stderr).toContain('--local');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
