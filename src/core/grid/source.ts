// The grid's view of a table read by src/core/io, and each row's molecule kept apart for the depiction worker.
import type { Table } from '../io/types';
import {
  SDF_TITLE_COLUMN,
  isNumericColumn,
  type ColumnRole,
  type GridColumn,
  type GridData,
  type GridRow,
} from '../../common/grid/data';

export interface GridSource {
  data: GridData;
  /** Each row's molecule: a SMILES or, when `molblocks`, an SDF molblock. '' when the row has none. */
  molecules: string[];
  molblocks: boolean;
  /** Names of the table's columns, the molecule's index among them, and where each row's cells start (line, column
   *  pairs per column; -1 for a missing cell): what a lint finding's position is about. */
  cellColumns: { names: string[]; molecule: number; starts: Int32Array[] };
}

/** Builds the grid's view of a table read by src/core/io. */
export function gridSource(table: Table): GridSource {
  const { columns, rows } = table;
  const roleOf = (i: number): ColumnRole =>
    i === columns.molecule
      ? 'molecule'
      : columns.identifiers.includes(i)
        ? 'id'
        : i === columns.split
          ? 'split'
          : columns.labels.some(l => l.index === i)
            ? 'label'
            : 'other';
  // SDF: the molblock is not a display column; its first line (the record's title) is.
  const shown = columns.names.map((_, i) => i).filter(i => !(table.molblocks && i === columns.molecule));
  const gridColumns: GridColumn[] = [];
  if (table.molblocks) gridColumns.push({ name: SDF_TITLE_COLUMN, role: 'other', numeric: false });
  for (const i of shown) gridColumns.push({ name: columns.names[i], role: roleOf(i), numeric: false });
  const molecules: string[] = [];
  const starts: Int32Array[] = [];
  const gridRows: GridRow[] = rows.map(r => {
    const molecule = columns.molecule >= 0 ? (r.cells[columns.molecule]?.text ?? '') : '';
    molecules.push(table.molblocks ? molecule : molecule.trim());
    const at = new Int32Array(columns.names.length * 2).fill(-1);
    r.cells.forEach((c, i) => {
      if (c && i < columns.names.length) at.set([c.line, c.column], i * 2);
    });
    starts.push(at);
    const values = shown.map(i => r.cells[i]?.text ?? '');
    if (table.molblocks) values.unshift(molecule.split(/\r?\n/, 1)[0]?.trim() ?? '');
    return { index: r.index, line: r.line, lastLine: r.lastLine, values };
  });
  gridColumns.forEach((c, i) => {
    c.numeric = c.role !== 'molecule' && c.role !== 'id' && isNumericColumn(gridRows.map(r => r.values[i]));
  });
  const offset = table.molblocks ? 1 : 0;
  const id = shown.indexOf(columns.id);
  const molecule = shown.indexOf(columns.molecule);
  const sdfTitleUsed = table.molblocks && gridRows.some(r => r.values[0] !== '');
  const title = id >= 0 ? id + offset : sdfTitleUsed ? 0 : molecule >= 0 ? molecule + offset : -1;
  return {
    data: { format: table.format, columns: gridColumns, title, rows: gridRows },
    molecules,
    molblocks: table.molblocks,
    cellColumns: { names: columns.names, molecule: columns.molecule, starts },
  };
}

/** The column a position in row `row` falls in: the last cell starting at or before it; undefined before the first.
 *  `molecule` says whether it is the molecule's cell (SDF molblocks are no display column). */
export function columnAt(
  source: GridSource,
  row: number,
  line: number,
  character: number,
): { name: string; molecule: boolean } | undefined {
  const { names, molecule, starts } = source.cellColumns;
  const at = starts[row];
  if (!at) return undefined;
  let found = -1;
  for (let i = 0; i < names.length; i++) {
    const l = at[i * 2]!,
      c = at[i * 2 + 1]!;
    if (l >= 0 && (l < line || (l === line && c <= character))) found = i;
  }
  return found < 0 ? undefined : { name: names[found]!, molecule: found === molecule };
}
