/** Nominees, a campaign and readers (unzip, XML, zip directory) shared by the document tests. */
import { readFileSync } from 'node:fs';
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { DocNominee } from '#lib/documents/types';
import { exampleCampaign } from '../../../infra/local/seed.ts';
import { qingfengCampaign } from '../../support/definitions.ts';
import { collectiveForm, teacherForm, workerForm } from '../../support/forms.ts';

/** Issued 2 January 2024: deadline 18 January 2024, assessment years 2019–2023. */
export const campaign = exampleCampaign(new Date('2024-01-02T00:00:00Z'));
export const years = campaign.assessmentYears;

export const PHOTO = readFileSync(new URL('../../fixtures/photos/id-photo-413x579.jpg', import.meta.url));
export const GPS_PHOTO = readFileSync(
  new URL('../../fixtures/photos/phone-portrait-blue-gps.jpg', import.meta.url),
);

const regionName = (id: string) => campaign.regions.find((r) => r.id === id)?.name ?? id;

/** A worker nominee as the export job would map it: the ID number apart from the form. */
export function worker(over: Partial<DocNominee> & { form?: Record<string, unknown> } = {}): DocNominee {
  const { idNumber, ...form } = workerForm(years, over.form ?? {});
  const regionId = over.regionId ?? 'hualong';
  return {
    id: `w-${String(form.name)}`,
    category: 'worker',
    regionId,
    regionName: regionName(regionId),
    unitName: '华龙区财政局',
    idNumber: idNumber as string,
    photo: async () => PHOTO,
    ...over,
    form,
  };
}

export function collective(over: Partial<DocNominee> & { form?: Record<string, unknown> } = {}): DocNominee {
  const regionId = over.regionId ?? 'hualong';
  const form = collectiveForm(over.form ?? {});
  return {
    id: `c-${String(form.unitName)}`,
    category: 'collective',
    regionId,
    regionName: regionName(regionId),
    unitName: String(form.unitName),
    ...over,
    form,
  };
}

/** The Qingfeng notice's campaign (campaigns/qingfeng-2026-teachers.yaml): 23 schools, teachers and class teachers. */
export const qingfeng = qingfengCampaign('QF1');

/** A Qingfeng nominee: an 优秀教师 at 马庄桥镇第一小学 with the photo, unless `over` says otherwise. */
export function teacher(over: Partial<DocNominee> & { form?: Record<string, unknown> } = {}): DocNominee {
  const regionId = over.regionId ?? 'mazhuangqiao';
  const form = teacherForm(over.form ?? {}, qingfeng.assessmentYears);
  return {
    id: `t-${String(form.name)}`,
    category: 'teacher',
    regionId,
    regionName: qingfeng.regions.find((r) => r.id === regionId)?.name ?? regionId,
    unitName: '马庄桥镇第一小学',
    photo: async () => PHOTO,
    ...over,
    form,
  };
}

/** A Qingfeng 优秀班主任 (王老师, six years a class teacher). */
export const classTeacher = (over: Partial<DocNominee> & { form?: Record<string, unknown> } = {}) =>
  teacher({
    category: 'class-teacher',
    ...over,
    form: { name: '王老师', classTeacherYears: 6, ...over.form },
  });

/** A Writable that keeps what it is given, and the bytes once it is ended. */
export function sink(): { out: Writable; bytes: Promise<Buffer> } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    out.on('end', () => resolve(Buffer.concat(chunks)));
    out.on('error', reject);
  });
  return { out, bytes };
}

/** The parts of a zip (docx, xlsx, package) by path. */
export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

/** A part of a .docx as text (word/document.xml by default). */
export function docxPart(bytes: Uint8Array, part = 'word/document.xml'): string {
  const file = unzip(bytes)[part];
  if (!file) throw new Error(`${part} is not in the document`);
  return strFromU8(file);
}

/** The text of a WordprocessingML part, paragraphs on their own lines. */
export function docxText(xml: string): string {
  return xml
    .replace(
      /<w:p[ >][\s\S]*?<\/w:p>/g,
      (p) => `${[...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')}\n`,
    )
    .replace(/<[^>]+>/g, '');
}

export const count = (haystack: string, needle: string | RegExp) =>
  typeof needle === 'string' ? haystack.split(needle).length - 1 : [...haystack.matchAll(needle)].length;

/** The compression method of each entry, read from the zip's central directory (0 stored, 8 deflated). */
export function zipMethods(bytes: Uint8Array): Record<string, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('no end of central directory');
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const methods: Record<string, number> = {};
  for (let i = 0; i < entries; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('bad central directory');
    const method = view.getUint16(at + 10, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    methods[strFromU8(bytes.subarray(at + 46, at + 46 + nameLength))] = method;
    at += 46 + nameLength + extra + comment;
  }
  return methods;
}

/** The first worksheet of an .xlsx, read back with exceljs from a stream. */
export async function readXlsx(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.read(Readable.from([Buffer.from(bytes)]));
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}
