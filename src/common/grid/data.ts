// A dataset as the molecule grid sees it: display columns (SDF molblocks left out, their title line shown instead),
// one row per record with its file lines. The host builds it (src/core/grid/source.ts) and the webview reads it.
import { CENSORED, NUMBER, isMissing, type FileFormat } from '../dataset';

export type ColumnRole = 'molecule' | 'id' | 'label' | 'split' | 'other';

export interface GridColumn {
  name: string;
  role: ColumnRole;
  /** Most values are numbers (censored values such as `>10` count as their number). */
  numeric: boolean;
}

export interface GridRow {
  /** 0-based data row, as the readers number them. */
  index: number;
  /** First and last (inclusive) 0-based file line of the row or SDF record. */
  line: number;
  lastLine: number;
  /** One value per grid column; missing cells are ''. */
  values: string[];
}

export interface GridData {
  format: FileFormat;
  columns: GridColumn[];
  /** Index of the column shown as the card's title (identifier, SDF title or the molecule), or -1. */
  title: number;
  rows: GridRow[];
}

export const SDF_TITLE_COLUMN = 'title';

/** The numeric value of a cell, or NaN: plain numbers and censored ones (`<10` is 10). */
export function numericValue(text: string): number {
  if (NUMBER.test(text)) return Number(text);
  const m = CENSORED.exec(text);
  return m ? Number(m[2]) : NaN;
}

/** Most of the first 500 present values are numbers. */
export function isNumericColumn(values: Iterable<string>): boolean {
  let seen = 0,
    numbers = 0;
  for (const v of values) {
    if (isMissing(v)) continue;
    seen++;
    if (!Number.isNaN(numericValue(v))) numbers++;
    if (seen >= 500) break;
  }
  return seen > 0 && numbers / seen >= 0.9;
}

/** Rows packed for transfer: positions implied, lines as numbers, last lines only where they differ. */
export interface PackedRows {
  lines: number[];
  lastLines: Record<number, number>;
  values: string[][];
}

export function packRows(rows: readonly GridRow[]): PackedRows {
  const lastLines: Record<number, number> = {};
  rows.forEach((r, i) => {
    if (r.lastLine !== r.line) lastLines[i] = r.lastLine;
  });
  return { lines: rows.map(r => r.line), lastLines, values: rows.map(r => r.values) };
}

/** Unpacks rows that start at position `start`; malformed entries are refused with an error. */
export function unpackRows(packed: PackedRows, start: number): GridRow[] {
  const { lines, lastLines, values } = packed;
  if (
    !Array.isArray(lines) ||
    !Array.isArray(values) ||
    lines.length !== values.length ||
    typeof lastLines !== 'object' ||
    lastLines === null
  ) {
    throw new Error('malformed rows');
  }
  return lines.map((line, i) => {
    const v = values[i];
    if (!Number.isInteger(line) || !Array.isArray(v) || !v.every(x => typeof x === 'string'))
      throw new Error('malformed rows');
    const last = lastLines[i];
    return { index: start + i, line, lastLine: Number.isInteger(last) ? last : line, values: v };
  });
}

/** The row whose lines contain `line` (rows are in file order), or -1. */
export function rowAtLine(rows: readonly GridRow[], line: number): number {
  let lo = 0,
    hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].lastLine < line) lo = mid + 1;
    else if (rows[mid].line > line) hi = mid - 1;
    else return mid;
  }
  return -1;
}
