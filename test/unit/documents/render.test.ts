/**
 * The documents as they print: LibreOffice converts a generated 审批表 and 汇总表 to PDF, and
 * poppler reads the result back (pages, page size, text, fonts). Needs the Debian packages
 * libreoffice-writer libreoffice-calc fonts-noto-cjk poppler-utils; without them this test fails
 * (never skips), so a machine that cannot check the print layout is noticed. Slow: ~30–80 s.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalDocx } from '#lib/documents/approval-docx';
import { writeSummaryXlsx } from '#lib/documents/summary-xlsx';
import { campaign, classTeacher, collective, qingfeng, sink, worker } from './fixtures.ts';

const run = promisify(execFile);
const APT =
  'apt-get install -y --no-install-recommends libreoffice-writer libreoffice-calc fonts-noto-cjk poppler-utils';

async function which(tool: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${tool}`]).then(
    () => true,
    () => false,
  );
}

interface Rendered {
  pages: number;
  /** Points, width × height. */
  size: [number, number];
  /** The text with all white space removed (line breaks fall anywhere in Chinese). */
  text: string;
  fonts: string;
}

async function read(pdf: string): Promise<Rendered> {
  const info = (await run('pdfinfo', [pdf])).stdout;
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const m = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  const text = (await run('pdftotext', ['-layout', pdf, '-'])).stdout.replace(/\s+/g, '');
  const fonts = (await run('pdffonts', [pdf])).stdout;
  return { pages, size: [Number(m?.[1]), Number(m?.[2])], text, fonts };
}

describe('the documents rendered by LibreOffice', () => {
  let dir = '';
  const pdfs: Record<string, Rendered> = {};

  beforeAll(async () => {
    const missing: string[] = [];
    for (const tool of ['libreoffice', 'pdfinfo', 'pdftotext', 'pdffonts', 'fc-list']) {
      if (!(await which(tool))) missing.push(tool);
    }
    if (missing.length) {
      throw new Error(
        `cannot check the print layout: ${missing.join(', ')} not installed. Install with:\n  ${APT}`,
      );
    }
    const cjk = (await run('fc-list', [':lang=zh'])).stdout;
    if (!cjk.trim())
      throw new Error(`no Chinese font installed, Chinese would print as boxes. Install with:\n  ${APT}`);

    dir = await mkdtemp(join(tmpdir(), 'pingxuan-render-'));
    await writeFile(
      join(dir, 'worker.docx'),
      await approvalDocx(
        campaign,
        worker({ opinions: { unit: { text: '同意推荐。', date: '2024-01-05' } } }),
      ),
    );
    await writeFile(join(dir, 'collective.docx'), await approvalDocx(campaign, collective()));
    await writeFile(join(dir, 'class-teacher.docx'), await approvalDocx(qingfeng, classTeacher()));
    const { out, bytes } = sink();
    await writeSummaryXlsx(out, {
      campaign,
      category: 'worker',
      header: { unit: '濮阳市财政局', date: '2024-01-18' },
      nominees: [
        worker(),
        worker({ form: { name: '王芳', sex: '女' } }),
        worker({ regionId: 'shizhi', form: { name: '张伟' } }),
      ],
    });
    await writeFile(join(dir, 'summary.xlsx'), await bytes);

    // a private profile, so that parallel runs (and a desktop LibreOffice) never share one
    await run(
      'libreoffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        join(dir, 'worker.docx'),
        join(dir, 'collective.docx'),
        join(dir, 'class-teacher.docx'),
        join(dir, 'summary.xlsx'),
      ],
      { timeout: 170_000 },
    );
    for (const name of ['worker', 'collective', 'class-teacher', 'summary'])
      pdfs[name] = await read(join(dir, `${name}.pdf`));
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints the worker 审批表 on exactly two A4 pages, in Chinese', () => {
    const pdf = pdfs.worker as Rendered;
    expect(pdf.pages).toBe(2);
    expect(pdf.size[0]).toBeCloseTo(595.3, 0);
    expect(pdf.size[1]).toBeCloseTo(841.9, 0);
    expect(pdf.text).toContain('先进工作者推荐审批表');
    expect(pdf.text).toContain('李建国');
    expect(pdf.text).toContain('410902198506151231');
    expect(pdf.text).toContain('2024年1月5日');
    expect(pdf.fonts).toMatch(/CJK/i);
  });

  it('prints the collective 审批表 on exactly two A4 pages', () => {
    const pdf = pdfs.collective as Rendered;
    expect(pdf.pages).toBe(2);
    expect(pdf.text).toContain('先进集体推荐审批表');
    expect(pdf.text).toContain('濮阳市华龙区财政局');
  });

  it('prints a Qingfeng 审批表, laid out from its definition, on two A4 pages', () => {
    const pdf = pdfs['class-teacher'] as Rendered;
    expect(pdf.pages).toBe(2);
    expect(pdf.size[0]).toBeCloseTo(595.3, 0);
    expect(pdf.text).toContain('清丰县2026年度优秀班主任推荐审批表');
    for (const text of ['任班主任年限', '1988年9月', '2026年', '乡村数学教师，教学成绩突出。']) {
      expect(pdf.text).toContain(text);
    }
    expect(pdf.fonts).toMatch(/CJK/i);
  });

  it('prints the 汇总表 on one A4 landscape page with every column', () => {
    const pdf = pdfs.summary as Rendered;
    expect(pdf.pages).toBe(1);
    expect(pdf.size[0]).toBeCloseTo(841.9, 0);
    expect(pdf.size[1]).toBeCloseTo(595.3, 0);
    expect(pdf.text).toContain('先进工作者推荐汇总表');
    expect(pdf.text).toContain('填报单位（盖章）：濮阳市财政局');
    for (const name of ['李建国', '王芳', '张伟', '序号', '事迹简介', '备注'])
      expect(pdf.text).toContain(name);
    expect(pdf.fonts).toMatch(/CJK/i);
  });
});
