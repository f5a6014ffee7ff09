// A dataset as the molecule grid sees it: display columns (SDF molblocks left out, their title line shown instead),
// one row per record with its file lines, and each row's molecule text kept apart for the depiction worker.
import { CENSORED, NUMBER, isMissing } from '../io/columns';
import type { Table } from '../io/types';

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
  format: Table['format'];
  columns: GridColumn[];
  /** Index of the column shown as the card's title (identifier, SDF title or the molecule), or -1. */
  title: number;
  rows: GridRow[];
}

export interface GridSource {
  data: GridData;
  /** Each row's molecule: a SMILES or, when `molblocks`, an SDF molblock. '' when the row has none. */
  molecules: string[];
  molblocks: boolean;
}

export const SDF_TITLE_COLUMN = 'title';

/** The numeric value of a cell, or NaN: plain numbers and censored ones (`<10` is 10). */
export function numericValue(text: string): number {
  if (NUMBER.test(text)) return Number(text);
  const m = CENSORED.exec(text);
  return m ? Number(m[2]) : NaN;
}

function isNumericColumn(values: Iterable<string>): boolean {
  let seen = 0, numbers = 0;
  for (const v of values) {
    if (isMissing(v)) continue;
    seen++;
    if (!Number.isNaN(numericValue(v))) numbers++;
    if (seen >= 500) break;
  }
  return seen > 0 && numbers / seen >= 0.9;
}

/** Builds the grid's view of a table read by src/core/io. */
export function gridSource(table: Table): GridSource {
  const { columns, rows } = table;
  const roleOf = (i: number): ColumnRole => i === columns.molecule ? 'molecule' : i === columns.id ? 'id'
    : i === columns.split ? 'split' : columns.labels.some(l => l.index === i) ? 'label' : 'other';
  // SDF: the molblock is not a display column; its first line (the record's title) is.
  const shown = columns.names.map((_, i) => i).filter(i => !(table.molblocks && i === columns.molecule));
  const gridColumns: GridColumn[] = [];
  if (table.molblocks) gridColumns.push({ name: SDF_TITLE_COLUMN, role: 'other', numeric: false });
  for (const i of shown) gridColumns.push({ name: columns.names[i], role: roleOf(i), numeric: false });
  const molecules: string[] = [];
  const gridRows: GridRow[] = rows.map(r => {
    const molecule = columns.molecule >= 0 ? r.cells[columns.molecule]?.text ?? '' : '';
    molecules.push(table.molblocks ? molecule : molecule.trim());
    const values = shown.map(i => r.cells[i]?.text ?? '');
    if (table.molblocks) values.unshift(molecule.split(/\r?\n/, 1)[0]?.trim() ?? '');
    return { index: r.index, line: r.line, lastLine: r.lastLine, values };
  });
  gridColumns.forEach((c, i) => { c.numeric = c.role !== 'molecule' && c.role !== 'id' && isNumericColumn(gridRows.map(r => r.values[i])); });
  const offset = table.molblocks ? 1 : 0;
  const id = shown.indexOf(columns.id);
  const molecule = shown.indexOf(columns.molecule);
  const sdfTitleUsed = table.molblocks && gridRows.some(r => r.values[0] !== '');
  const title = id >= 0 ? id + offset : sdfTitleUsed ? 0 : molecule >= 0 ? molecule + offset : -1;
  return { data: { format: table.format, columns: gridColumns, title, rows: gridRows }, molecules, molblocks: table.molblocks };
}

/** Rows packed for transfer: positions implied, lines as numbers, last lines only where they differ. */
export interface PackedRows { lines: number[]; lastLines: Record<number, number>; values: string[][] }

export function packRows(rows: readonly GridRow[]): PackedRows {
  const lastLines: Record<number, number> = {};
  rows.forEach((r, i) => { if (r.lastLine !== r.line) lastLines[i] = r.lastLine; });
  return { lines: rows.map(r => r.line), lastLines, values: rows.map(r => r.values) };
}

/** Unpacks rows that start at position `start`; malformed entries are refused with an error. */
export function unpackRows(packed: PackedRows, start: number): GridRow[] {
  const { lines, lastLines, values } = packed;
  if (!Array.isArray(lines) || !Array.isArray(values) || lines.length !== values.length || typeof lastLines !== 'object' || lastLines === null) {
    throw new Error('malformed rows');
  }
  return lines.map((line, i) => {
    const v = values[i];
    if (!Number.isInteger(line) || !Array.isArray(v) || !v.every(x => typeof x === 'string')) throw new Error('malformed rows');
    const last = lastLines[i];
    return { index: start + i, line, lastLine: Number.isInteger(last) ? last : line, values: v };
  });
}

/** The row whose lines contain `line` (rows are in file order), or -1. */
export function rowAtLine(rows: readonly GridRow[], line: number): number {
  let lo = 0, hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].lastLine < line) lo = mid + 1;
    else if (rows[mid].line > line) hi = mid - 1;
    else return mid;
  }
  return -1;
}
