/**
 * The photo sheet (.docx): every worker's photo three times in a row, each exactly 35 × 49 mm
 * with the name and unit under it, in dashed boxes to cut along — the paper rule "name and unit
 * on the back", ready to paste onto forms. Three workers to an A4 page; a worker with no
 * accepted photo gets empty boxes marked 未上传照片, so that the gap is seen on paper.
 */
import { CATEGORY_LABELS } from '#shared/campaign';
import { field } from './format.ts';
import {
  a4Section,
  type CellSpec,
  FONTS,
  gridTable,
  PHOTO_MM,
  packDocx,
  para,
  photoRun,
  type RowSpec,
  SIZES,
} from './page.ts';
import type { DocNominee, Rows } from './types.ts';

export const COPIES = 3;
const GRID = [52, 52, 52] as const;

function photoCell(jpeg: Uint8Array | undefined, name: string, unit: string): CellSpec {
  return {
    content: [
      jpeg
        ? para([photoRun(jpeg)], { align: 'center', afterPt: 2 })
        : para('\n\n\n（未上传照片）\n\n\n', { align: 'center', afterPt: 2 }),
      para(name, { font: FONTS.form, size: SIZES.xiaosi, bold: true, align: 'center' }),
      para(unit, { font: FONTS.form, size: SIZES.wuhao, align: 'center' }),
    ],
    valign: 'top',
    borders: 'dashed',
  };
}

/** The photo sheet of the workers among `nominees` (collectives are skipped), in the order given. */
export async function photoSheetDocx(nominees: Rows<DocNominee>): Promise<Buffer> {
  const rows: RowSpec[] = [];
  for await (const n of nominees) {
    if (n.category !== 'worker') continue;
    const jpeg = n.photo ? await n.photo() : undefined;
    const cells = Array.from({ length: COPIES }, () => photoCell(jpeg, field(n.form, 'name'), n.unitName));
    rows.push({ cells, cantSplit: true, minMm: PHOTO_MM.height + 12 });
  }
  const heading = `${CATEGORY_LABELS.worker}照片（每人${COPIES}张，沿虚线剪下）`;
  return packDocx(
    [
      a4Section([
        para(heading, { font: FONTS.heading, size: SIZES.sihao, align: 'center', afterPt: 6 }),
        rows.length ? gridTable(GRID, rows) : para('（无先进工作者推荐对象）', { align: 'center' }),
      ]),
    ],
    { title: heading },
  );
}
