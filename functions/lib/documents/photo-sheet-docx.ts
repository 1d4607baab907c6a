/**
 * The photo sheet (.docx): every worker's photo as many times as the campaign asks for prints
 * (Puyang: three, in a row), each at the campaign's printed size (35 × 49 mm for a 2-inch photo)
 * with the name and unit under it, in dashed boxes to cut along — the paper rule "name and unit
 * on the back", ready to paste onto forms. Three to a row; a worker with no accepted photo gets
 * empty boxes marked 未上传照片, so that the gap is seen on paper. A campaign with no prints
 * (electronic photos only) has no photo sheet: the package leaves it out.
 * Written as a stream: a worker's rows at a time, each photo a part of its own.
 */
import type { Writable } from 'node:stream';
import { CATEGORY_LABELS } from '#shared/campaign';
import type { PhotoRules } from '#shared/photo-rules';
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
import { FONTS, SIZES } from './page.ts';
import type { DocNominee } from './types.ts';

const GRID = [52, 52, 52] as const;
/** What the sheet needs of the campaign's photo: its printed size and how many prints. */
export type PhotoSheetRules = Pick<PhotoRules, 'mm' | 'prints'>;

/** The sheet's heading: 先进工作者照片（每人3张，沿虚线剪下）. */
export function photoSheetHeading(rules: PhotoSheetRules): string {
  return `${CATEGORY_LABELS.worker}照片（每人${rules.prints}张，沿虚线剪下）`;
}

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
 * The photo sheet of the nominees `opts.wanted` picks (by default the workers), in the order
 * given, under `opts.heading` (by default the Puyang heading), written to `out`. Pass a function that reads the nominees afresh to keep memory flat (they are
 * read twice: the photos first, then the rows).
 */
export function writePhotoSheetDocx(
  out: Writable,
  nominees: Reread<DocNominee>,
  rules: PhotoSheetRules,
  opts: { heading?: string; wanted?: (n: DocNominee) => boolean } = {},
): Promise<void> {
  const heading = opts.heading ?? photoSheetHeading(rules);
  const wanted = opts.wanted ?? ((n: DocNominee) => n.category === 'worker');
  const table = tableWriter(GRID);
  const rows = Math.ceil(rules.prints / GRID.length);
  return writeEachDocx(out, { title: heading }, nominees, {
    photo: (n) => (wanted(n) ? n.photo : undefined),
    before: para(heading, { font: FONTS.heading, size: SIZES.sihao, align: 'center', afterPt: 6 }),
    open: table.start,
    body: (n, _first, draw) => {
      if (!wanted(n)) return undefined;
      const copy = () => photoCell(draw?.(rules.mm), field(n.form, 'name'), n.unitName);
      let xml = '';
      for (let row = 0; row < rows; row++) {
        const left = rules.prints - row * GRID.length;
        const cells = GRID.map((_, i): CellSpec => (i < left ? copy() : { content: '' }));
        xml += table.row({ cells, cantSplit: true, minMm: rules.mm.height + 12 });
      }
      return xml;
    },
    close: table.end,
    empty: '（无先进工作者推荐对象）',
  });
}

/** The photo sheet as one Buffer (see writePhotoSheetDocx to stream it). */
export async function photoSheetDocx(nominees: Reread<DocNominee>, rules: PhotoSheetRules): Promise<Buffer> {
  const sink = bufferSink();
  await writePhotoSheetDocx(sink.out, nominees, rules);
  return sink.bytes();
}
