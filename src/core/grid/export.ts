// Selected rows as text for export or the clipboard: CSV of the grid's columns (plus SMILES for SDF records), or a
// .smi file (SMILES, then the row's title).
import type { GridData } from '../../common/grid/data';

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header; `smiles` (aligned with `rows`) adds a SMILES column, for files whose molecules are molblocks. */
export function rowsAsCsv(data: GridData, rows: readonly number[], smiles?: readonly string[]): string {
  const header = [...(smiles ? ['smiles'] : []), ...data.columns.map(c => c.name)];
  const lines = [header.map(csvField).join(',')];
  rows.forEach((row, i) => {
    const values = data.rows[row].values;
    lines.push(
      [...(smiles ? [smiles[i]] : []), ...data.columns.map((_, c) => values[c] ?? '')].map(csvField).join(','),
    );
  });
  return lines.join('\n') + '\n';
}

/** One `SMILES<TAB>title` line per row that has a molecule; titles lose tabs and line breaks. */
export function rowsAsSmiles(data: GridData, rows: readonly number[], smiles: readonly string[]): string {
  const lines: string[] = [];
  rows.forEach((row, i) => {
    if (!smiles[i]) return;
    const title = data.title >= 0 ? (data.rows[row].values[data.title] ?? '').replace(/[\t\r\n]+/g, ' ').trim() : '';
    lines.push(title && data.columns[data.title]?.role !== 'molecule' ? `${smiles[i]}\t${title}` : smiles[i]);
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}
