/**
 * Time and peak memory of the export documents, each case in its own child process so that the
 * peak RSS reported is that case's alone (as in a Lambda that runs one export):
 *
 *   - the 汇总表 streamed (exceljs WorkbookWriter) for 10,000 rows and more;
 *   - the combined 审批表 (.docx, streamed: WordprocessingML written as strings, photos as parts of
 *     their own) for N workers with photos, from which the memory each nominee costs follows;
 *   - the full export package streamed for N nominees.
 *
 *   npx tsx test/bench/documents.ts
 *   npx tsx test/bench/documents.ts --rows 10000,50000 --nominees 50,1000,5000 --package 200,1000
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { writeApprovalDocxCombined } from '#lib/documents/approval-docx';
import { writeExportPackage } from '#lib/documents/export-package';
import { writeSummaryXlsx } from '#lib/documents/summary-xlsx';
import type { DocNominee } from '#lib/documents/types';
import { exampleCampaign } from '../../infra/local/seed.ts';
import { collectiveForm, workerForm } from '../support/forms.ts';

const campaign = exampleCampaign(new Date('2024-01-02T00:00:00Z'));
const PHOTO = readFileSync(new URL('../fixtures/photos/id-photo-413x579.jpg', import.meta.url));
const SUMMARY = '推动“一卡通”资金直达到户，建立健全监管机制，开展专项治理，群众满意度显著提升。'
  .repeat(5)
  .slice(0, 200);
const DEEDS = '负责全区惠民惠农财政补贴资金“一卡通”发放管理工作，推动资金直达到户，建立健全监管机制。'
  .repeat(30)
  .slice(0, 1200);

const list = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return (at > 0 ? (process.argv[at + 1] ?? fallback) : fallback).split(',').filter(Boolean).map(Number);
};

/** A photo of the same size but its own bytes (a comment segment with the index), as real photos are. */
function photoOf(i: number): Uint8Array {
  const note = Buffer.from(`nominee ${i}`);
  const com = Buffer.from([0xff, 0xfe, 0, note.length + 2]);
  return Buffer.concat([PHOTO.subarray(0, 2), com, note, PHOTO.subarray(2)]);
}

/** N nominees spread over the regions in region order, workers and collectives alternating. */
function* nominees(n: number, only?: { category?: string; regionId?: string }): Generator<DocNominee> {
  const perRegion = Math.ceil(n / campaign.regions.length);
  for (let i = 0; i < n; i++) {
    const region = campaign.regions[Math.min(Math.floor(i / perRegion), campaign.regions.length - 1)];
    if (!region) continue;
    const category = i % 3 === 2 ? 'collective' : 'worker';
    if (only?.category && only.category !== category) continue;
    if (only?.regionId && only.regionId !== region.id) continue;
    const unitName = `${region.name}第${(i % 7) + 1}单位`;
    if (category === 'worker') {
      const { idNumber, ...form } = workerForm(campaign.assessmentYears, {
        name: `职工${i}`,
        summary: SUMMARY,
        deeds: DEEDS,
        unitAndPost: `${unitName} 科长`,
      });
      yield {
        id: `w${i}`,
        category,
        regionId: region.id,
        regionName: region.name,
        unitName,
        form,
        idNumber: idNumber as string,
        photo: async () => photoOf(i),
        opinions: { unit: { text: '同意推荐。', date: '2024-01-05' } },
      };
    } else {
      yield {
        id: `c${i}`,
        category,
        regionId: region.id,
        regionName: region.name,
        unitName,
        form: collectiveForm({ unitName: `${unitName}（集体${i}）`, summary: SUMMARY, deeds: DEEDS }),
      };
    }
  }
}

/** Where the bytes go: counted and dropped, as an S3 multipart upload would take them. */
function discard(): Writable & { bytes: number } {
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      w.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  w.bytes = 0;
  return w;
}

interface CaseResult {
  name: string;
  ms: number;
  outputBytes: number;
  peakRssMb: number;
  baseRssMb: number;
}

async function runCase(name: string): Promise<CaseResult> {
  const [kind, arg] = name.split(':');
  const n = Number(arg);
  const baseRssMb = process.memoryUsage.rss() / 2 ** 20;
  const started = performance.now();
  let outputBytes = 0;
  if (kind === 'summary') {
    const out = discard();
    await writeSummaryXlsx(out, {
      campaign,
      category: 'worker',
      nominees: (function* () {
        for (let i = 0; i < n; i++) {
          const region = campaign.regions[Math.floor((i * campaign.regions.length) / n)];
          const { idNumber: _, ...form } = workerForm(campaign.assessmentYears, {
            name: `职工${i}`,
            summary: SUMMARY,
          });
          yield {
            id: `w${i}`,
            category: 'worker' as const,
            regionId: region?.id ?? '',
            regionName: region?.name ?? '',
            unitName: '单位',
            form,
          };
        }
      })(),
    });
    outputBytes = out.bytes;
  } else if (kind === 'approval') {
    const out = discard();
    await writeApprovalDocxCombined(out, campaign, () => nominees(n, { category: 'worker' }));
    outputBytes = out.bytes;
  } else if (kind === 'package') {
    const out = discard();
    await writeExportPackage(out, {
      campaign,
      scope: 'campaign',
      auditHeadHash: '0'.repeat(64),
      generatedAt: new Date(),
      nominees: (filter) => nominees(n, filter),
      reports: [],
      quotaUses: [],
    });
    outputBytes = out.bytes;
  } else if (kind !== 'baseline') {
    throw new Error(`unknown case ${name}`);
  }
  return {
    name,
    ms: performance.now() - started,
    outputBytes,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb,
  };
}

function runInChild(name: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--case', name], { execArgv: process.execArgv });
    child.once('message', (result) => resolve(result as CaseResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`benchmark ${name} exited with ${code}`));
    });
  });
}

async function main() {
  const only = process.argv.indexOf('--case');
  if (only > 0) {
    process.send?.(await runCase(process.argv[only + 1] ?? ''));
    return;
  }
  const cases = [
    'baseline:0',
    ...list('rows', '10000,50000').map((n) => `summary:${n}`),
    ...list('nominees', '50,1000').map((n) => `approval:${n}`),
    ...list('package', '200,1000').map((n) => `package:${n}`),
  ];
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}\n`);
  const results: CaseResult[] = [];
  for (const name of cases) results.push(await runInChild(name));
  console.log(['case', 'time s', 'output MB', 'peak RSS MB'].join('\t'));
  for (const r of results) {
    console.log(
      [r.name, (r.ms / 1000).toFixed(2), (r.outputBytes / 2 ** 20).toFixed(2), r.peakRssMb.toFixed(0)].join(
        '\t',
      ),
    );
  }
  const approvals = results.filter((r) => r.name.startsWith('approval:'));
  if (approvals.length >= 2) {
    const [a, b] = [approvals[0] as CaseResult, approvals.at(-1) as CaseResult];
    const na = Number(a.name.split(':')[1]);
    const nb = Number(b.name.split(':')[1]);
    console.log(
      `\ncombined 审批表: ${((b.peakRssMb - a.peakRssMb) / (nb - na)).toFixed(2)} MB peak RSS and ` +
        `${((b.ms - a.ms) / (nb - na)).toFixed(0)} ms per worker nominee with photo ` +
        `(${((b.outputBytes - a.outputBytes) / (nb - na) / 1024).toFixed(0)} KB of .docx each)`,
    );
  }
}

await main();
