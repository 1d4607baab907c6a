/**
 * `npm run bench:verify [-- 1000 10000]`: the audit verification job at scale. Starts the local
 * stack, seeds N nominations straight into DynamoDB Local with realistic chains (created, edited,
 * the photo accepted for workers, submitted, and recommended up to each region's quota, with the
 * counters to match; every event sealed with the record's state), each worker's photo stored in
 * the records bucket; runs the verification the way an auditor does (POST
 * /api/audit/verifications, poll) and prints the time, chains per second and the peak resident
 * memory of the job's own process. The history must come out intact.
 */
import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditedState, diffFields, sealEvent } from '#shared/audit';
import { categoryIds } from '#shared/campaign';
import { auditByCampaign, auditEventKey, quotaKey } from '../../functions/lib/keys.ts';
import { VERIFY_BUDGET_SECONDS } from '../../functions/routes.ts';
import {
  api,
  benchCampaign,
  benchNomination,
  benchPhoto,
  benchSizes,
  ddb,
  jobPids,
  rssKb,
  stack,
  stop,
  storeBenchPhoto,
  writeItems,
} from './local-bench.ts';

const NS = benchSizes([1000, 10000]);
const photoSha256 = createHash('sha256').update(benchPhoto).digest('hex');

/** One nomination's record as it stands after its steps, and its events. */
async function withChain(record: Record<string, any>, steps: [string, Record<string, any>][], start: number) {
  const chain = `NOM#${record.id}`;
  const items: Record<string, unknown>[] = [];
  let prevHash = '0'.repeat(64);
  let before: Record<string, any> = {};
  let state: Record<string, any> = {};
  for (const [seq, [action, change]] of steps.entries()) {
    state = { ...state, ...change };
    const at = new Date(start + seq * 60_000).toISOString();
    const event = await sealEvent({
      chain,
      seq: seq + 1,
      campaignId: record.campaignId,
      at,
      actor: { accountId: 'bench', role: action.startsWith('workflow') ? 'county' : 'unit' },
      action,
      changes: diffFields(
        { status: before.status, ...before.form, acceptedPhoto: before.acceptedPhoto?.photoId },
        { status: state.status, ...state.form, acceptedPhoto: state.acceptedPhoto?.photoId },
      ),
      requestId: `bench-${record.id}-${seq}`,
      prevHash,
      state: await auditedState(JSON.parse(JSON.stringify(state))),
    });
    items.push({
      ...auditEventKey(chain, event.seq),
      ...auditByCampaign(event.campaignId, at, chain, event.seq),
      type: 'event',
      ...event,
    });
    prevHash = event.hash;
    before = state;
  }
  items.push({ ...state, auditSeq: steps.length, auditHead: prevHash });
  return items;
}

console.log(`audit verification job, local stack (Node ${process.version}, ${stack.baseUrl})`);
console.log(
  [
    'N'.padStart(6),
    'chains'.padStart(7),
    'events'.padStart(7),
    'seed s'.padStart(7),
    'verify s'.padStart(9),
    'chains/s'.padStart(9),
    'job peak RSS MB'.padStart(16),
  ].join(' '),
);
for (const n of NS) {
  const seeding = Date.now();
  const { campaign, token } = await benchCampaign(`校验基准 ${n}`);
  const photoKey = await storeBenchPhoto(campaign);
  const places = new Map<string, number>();
  const start = Date.now() - 86_400_000;
  for (let from = 0; from < n; from += 500) {
    const items: Record<string, unknown>[] = [];
    for (let i = from; i < Math.min(n, from + 500); i++) {
      const now = new Date(start).toISOString();
      const full = benchNomination(campaign, i, { status: 'draft', photoKey, photoSha256, now });
      const { acceptedPhoto, submittedAt: _s, ...draft } = full as typeof full & { acceptedPhoto?: unknown };
      const place = `${full.regionId}#${full.category}`;
      const quota = campaign.regions.find((r) => r.id === full.regionId)?.quotas[full.category] ?? 0;
      const recommended = (places.get(place) ?? 0) < quota;
      if (recommended) places.set(place, (places.get(place) ?? 0) + 1);
      const status = (s: string) => ({ status: s, gsi2sk: `${full.regionId}#${s}#${full.id}` });
      const steps: [string, Record<string, any>][] = [
        ['nomination.created', draft],
        ['nomination.updated', { form: { ...draft.form, phone: '13903930009' }, version: 2 }],
        ...(acceptedPhoto ? [['photo.accepted', { acceptedPhoto }] as [string, Record<string, any>]] : []),
        ['workflow.submit', { ...status('submitted'), submittedAt: now, version: 3 }],
        ...(recommended
          ? [
              ['workflow.recommend', { ...status('recommended'), version: 4 }] as [
                string,
                Record<string, any>,
              ],
            ]
          : []),
      ];
      items.push(...(await withChain(full, steps, start + i)));
    }
    await writeItems(items);
  }
  for (const r of campaign.regions)
    for (const category of categoryIds(campaign))
      await ddb.send(
        new UpdateCommand({
          TableName: stack.table,
          Key: quotaKey(campaign.id, r.id, category),
          UpdateExpression: 'SET used = :n',
          ExpressionAttributeValues: { ':n': places.get(`${r.id}#${category}`) ?? 0 },
        }),
      );
  const seeded = (Date.now() - seeding) / 1000;

  let jobPeak = 0;
  const started = Date.now();
  const job = await api('POST', '/api/audit/verifications', token);
  let done: Record<string, any>;
  for (let polls = 0; ; polls++) {
    for (const p of jobPids()) jobPeak = Math.max(jobPeak, rssKb(p, 'VmHWM'));
    if (polls % 5 === 0) {
      done = await api('GET', `/api/audit/verifications/${job.verificationId}`, token);
      if (done.status === 'done' || done.status === 'failed') break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - started) / 1000;
  if (done.status !== 'done') throw new Error(`verification failed: ${JSON.stringify(done)}`);
  if (!done.result.ok)
    throw new Error(`the seeded history did not verify: ${JSON.stringify(done.result.breaks.slice(0, 5))}`);
  if (!jobPeak) throw new Error('the verification job process was not found under the local runtime');
  console.log(
    [
      String(n).padStart(6),
      String(done.result.chains).padStart(7),
      String(done.result.events).padStart(7),
      seeded.toFixed(0).padStart(7),
      seconds.toFixed(1).padStart(9),
      (done.result.chains / seconds).toFixed(0).padStart(9),
      (jobPeak / 1024).toFixed(0).padStart(16),
    ].join(' '),
  );
}
console.log(
  `(verify s: from POST to the report, photos read and hashed included; budget for 10,000 nominations: ${VERIFY_BUDGET_SECONDS} s)`,
);
await stop();
