/**
 * `npm run bench:export [-- 1000 10000] [--qingfeng]`: the full-package export at scale, of the
 * Puyang example or (--qingfeng) of the Qingfeng notice's campaign. Starts the local
 * stack, seeds N synthetic recommended nominations (workers and collectives, every region, each
 * worker with a stored photo) straight into DynamoDB Local, runs the export job the way the city
 * office does (POST /api/exports, poll), and prints nominees per second, the package size and the
 * peak resident memory of the export job's own process (the local runtime runs each export in a
 * process of its own, as the cloud runs it in a Lambda function of its own), sampled from /proc,
 * and, for comparison, that of the local runtime (API, S3 emulator) beside it.
 */
import { createHash } from 'node:crypto';
import {
  api,
  benchCampaign,
  benchContext,
  benchNomination,
  benchNotice,
  benchPhoto,
  benchSizes,
  jobPids,
  pid,
  rssKb,
  stack,
  stop,
  storeBenchPhoto,
  writeItems,
} from './local-bench.ts';

const NS = benchSizes([1000, 10000]);
console.log(
  `full-package export of the ${benchNotice} campaign, local stack (Node ${process.version}, ${stack.baseUrl})`,
);
console.log(
  [
    'N'.padStart(6),
    'seconds'.padStart(8),
    'nominees/s'.padStart(11),
    'zip MB'.padStart(8),
    'job peak RSS MB'.padStart(16),
    'runtime RSS MB'.padStart(15),
  ].join(' '),
);
// the export re-hashes every photo against the SHA-256 its record keeps
const photoSha256 = createHash('sha256').update(benchPhoto).digest('hex');
for (const n of NS) {
  const { campaign, token } = await benchCampaign(`基准测试 ${n}`);
  const now = benchContext().now;
  const photoKey = await storeBenchPhoto(campaign);
  const items = Array.from({ length: n }, (_, i) => ({
    ...benchNomination(campaign, i, { status: 'recommended', photoKey, photoSha256, now }),
    auditSeq: 0,
    auditHead: '',
  }));
  await writeItems(items);
  let jobPeak = 0;
  let runtimePeak = rssKb(pid, 'VmRSS');
  const started = Date.now();
  const job = await api('POST', '/api/exports', token, { set: 'recommended' });
  let done: Record<string, any>;
  for (let polls = 0; ; polls++) {
    for (const job of jobPids()) jobPeak = Math.max(jobPeak, rssKb(job, 'VmHWM'));
    runtimePeak = Math.max(runtimePeak, rssKb(pid, 'VmRSS'));
    // the status every second; memory five times as often, the job's process ends with the job
    if (polls % 5 === 0) {
      done = await api('GET', `/api/exports/${job.exportId}`, token);
      if (done.status === 'done' || done.status === 'failed') break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - started) / 1000;
  if (done.status !== 'done') throw new Error(`export failed: ${JSON.stringify(done)}`);
  if (!jobPeak) throw new Error('the export job process was not found under the local runtime');
  console.log(
    [
      String(n).padStart(6),
      seconds.toFixed(1).padStart(8),
      (n / seconds).toFixed(1).padStart(11),
      (Number(done.bytes) / 1048576).toFixed(1).padStart(8),
      (jobPeak / 1024).toFixed(0).padStart(16),
      (runtimePeak / 1024).toFixed(0).padStart(15),
    ].join(' '),
  );
}
console.log(
  '(job peak RSS: the export job process alone, as a Lambda function runs it; runtime RSS: the local API and S3 emulator beside it)',
);
await stop();
