/**
 * CSV as RFC 4180 reads it, a little more forgiving of what people type: a cell in double quotes
 * may hold separators, line breaks and doubled quotes (`""` is one `"`); CRLF, LF or a lone CR end
 * a row; a leading byte-order mark is dropped; blanks around a quoted cell are ignored. Several
 * separators may be allowed at once (Chinese users type `，` and `；` as often as `,`).
 */
import { ValidationError } from './errors.ts';

/** One row: the line it starts on (1-based, counting every line break, quoted ones too) and its cells. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * The rows of `text`. A quote left open to the end is a 400 (field `field`) naming the line it
 * opened on: the rest of the file would silently become one cell otherwise.
 */
export function parseCsv(text: string, options: { separators?: string; field?: string } = {}): CsvRow[] {
  const separators = options.separators ?? ',';
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false; // inside a quoted cell
  let wasQuoted = false; // the current cell had quotes: what follows the closing quote is blank or appended
  let line = 1;
  let rowLine = 1;
  let openedOn = 0;
  const endCell = () => {
    cells.push(wasQuoted ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endCell();
    rows.push({ line: rowLine, cells });
    cells = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && !wasQuoted && cell.trim() === '') {
      quoted = true;
      wasQuoted = true;
      openedOn = line;
      cell = '';
    } else if (separators.includes(c)) {
      endCell();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else if (wasQuoted) {
      // text after a closing quote: blanks are dropped, anything else is kept (as spreadsheets do)
      if (c.trim() !== '') cell += c;
    } else {
      cell += c;
    }
  }
  if (quoted) {
    throw new ValidationError(`第 ${openedOn} 行：引号未闭合`, options.field, 'csv_unterminated_quote');
  }
  // A last line without a line break is a row; the empty "row" after a final line break is not.
  if (cell !== '' || wasQuoted || cells.length > 0) endRow();
  return rows;
}
