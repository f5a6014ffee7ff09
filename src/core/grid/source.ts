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
  const gridRows: GridRow[] = rows.map(r => {
    const molecule = columns.molecule >= 0 ? (r.cells[columns.molecule]?.text ?? '') : '';
    molecules.push(table.molblocks ? molecule : molecule.trim());
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
  };
}
