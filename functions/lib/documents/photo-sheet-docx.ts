/**
 * The photo sheet (.docx): every worker's photo three times in a row, each exactly 35 × 49 mm
 * with the name and unit under it, in dashed boxes to cut along — the paper rule "name and unit
 * on the back", ready to paste onto forms. Three workers to an A4 page; a worker with no
 * accepted photo gets empty boxes marked 未上传照片, so that the gap is seen on paper.
 * Written as a stream: one row per worker, each photo a part of its own.
 */
import type { Writable } from 'node:stream';
import { CATEGORY_LABELS } from '#shared/campaign';
import { field } from './format.ts';
import {
  bufferSink,
  type CellSpec,
  para,
  type Reread,
  tableWriter,
  writeEachDocx,
  type Xml,
} from './ooxml.ts';
import { FONTS, PHOTO_MM, SIZES } from './page.ts';
import type { DocNominee } from './types.ts';

export const COPIES = 3;
const GRID = [52, 52, 52] as const;

function photoCell(drawing: Xml | undefined, name: string, unit: string): CellSpec {
  return {
    content: {
      xml:
        (drawing
          ? para({ runs: drawing }, { align: 'center', afterPt: 2 })
          : para('\n\n\n（未上传照片）\n\n\n', { align: 'center', afterPt: 2 })) +
        para(name, { font: FONTS.form, size: SIZES.xiaosi, bold: true, align: 'center' }) +
        para(unit, { font: FONTS.form, size: SIZES.wuhao, align: 'center' }),
    },
    valign: 'top',
    borders: 'dashed',
  };
}

/**
 * The photo sheet of the workers among `nominees` (collectives are skipped), in the order given,
 * written to `out`. Pass a function that reads the nominees afresh to keep memory flat (they are
 * read twice: the photos first, then the rows).
 */
export function writePhotoSheetDocx(out: Writable, nominees: Reread<DocNominee>): Promise<void> {
  const heading = `${CATEGORY_LABELS.worker}照片（每人${COPIES}张，沿虚线剪下）`;
  const table = tableWriter(GRID);
  return writeEachDocx(out, { title: heading }, nominees, {
    photo: (n) => (n.category === 'worker' ? n.photo : undefined),
    before: para(heading, { font: FONTS.heading, size: SIZES.sihao, align: 'center', afterPt: 6 }),
    open: table.start,
    body: (n, _first, draw) => {
      if (n.category !== 'worker') return undefined;
      const cells = Array.from({ length: COPIES }, () =>
        photoCell(draw?.(), field(n.form, 'name'), n.unitName),
      );
      return table.row({ cells, cantSplit: true, minMm: PHOTO_MM.height + 12 });
    },
    close: table.end,
    empty: '（无先进工作者推荐对象）',
  });
}

/** The photo sheet as one Buffer (see writePhotoSheetDocx to stream it). */
export async function photoSheetDocx(nominees: Reread<DocNominee>): Promise<Buffer> {
  const sink = bufferSink();
  await writePhotoSheetDocx(sink.out, nominees);
  return sink.bytes();
}
