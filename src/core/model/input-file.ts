// Reads the molecules of a CSV, TSV or SMILES file for the model commands. Kept in one small module so that the
// full dataset readers can replace it.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export interface MoleculeTable {
  file: string;
  columns: string[];
  /** Data rows (header excluded), every row padded to the column count. */
  rows: string[][];
  smilesColumn: number;
}

export class InputFileError extends Error {}

const SMILES_EXTENSIONS = new Set(['.smi', '.smiles', '.txt']);

export function readMoleculeFile(file: string, smilesColumn?: string): MoleculeTable {
  const ext = path.extname(file).toLowerCase();
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (SMILES_EXTENSIONS.has(ext)) return smilesTable(file, text);
  if (ext === '.sdf' || ext === '.mol') throw new InputFileError(`${file}: SDF is not supported by this command yet; use CSV, TSV or SMILES files`);
  const delimiter = ext === '.tsv' || ext === '.tab' ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: false }) as string[][];
  } catch (e) {
    throw new InputFileError(`${file}: cannot read as ${delimiter === '\t' ? 'TSV' : 'CSV'}: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new InputFileError(`${file}: empty file`);
  const columns = records[0].map(c => c.trim());
  const index = findSmilesColumn(columns, smilesColumn);
  if (index < 0) {
    throw new InputFileError(smilesColumn
      ? `${file}: no column named "${smilesColumn}" (columns: ${columns.join(', ')})`
      : `${file}: no SMILES column found (columns: ${columns.join(', ')}); name it with --smiles-col`);
  }
  const rows = records.slice(1).map(r => columns.map((_, i) => r[i] ?? ''));
  return { file, columns, rows, smilesColumn: index };
}

function findSmilesColumn(columns: string[], wanted?: string): number {
  if (wanted) return columns.findIndex(c => c === wanted);
  const exact = columns.findIndex(c => /^smiles$/i.test(c));
  return exact >= 0 ? exact : columns.findIndex(c => /smiles/i.test(c));
}

/** One molecule per line: SMILES, then optionally whitespace and a name; '#' lines are comments. */
function smilesTable(file: string, text: string): MoleculeTable {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const m = /^(\S+)(?:\s+(.*))?$/.exec(line.trim())!;
    rows.push([m[1], m[2] ?? '']);
  }
  return { file, columns: ['smiles', 'name'], rows, smilesColumn: 0 };
}

export function smilesOf(table: MoleculeTable): string[] {
  return table.rows.map(r => r[table.smilesColumn]);
}

/** A table from SMILES given on the command line. */
export function tableFromSmiles(smiles: string[]): MoleculeTable {
  return { file: '<arguments>', columns: ['smiles'], rows: smiles.map(s => [s]), smilesColumn: 0 };
}
