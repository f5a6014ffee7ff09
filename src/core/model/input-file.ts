// The molecules of a CSV, TSV or SMILES file (plain or .gz) for the model commands, read through the same streaming
// reader as the linter (src/core/io): strict UTF-8, UTF-16 refused, broken quoting reported at its line.
import {
  streamFile,
  formatOf,
  fileProblem,
  EncodingError,
  CsvFormatError,
  UnknownColumnError,
  type FileFormat,
} from '../io';
import { clip, clipList } from '../text';

export interface MoleculeTable {
  file: string;
  columns: string[];
  /** Data rows (header excluded), every row padded to the column count. */
  rows: string[][];
  smilesColumn: number;
  /** 0-based file line of each row (for messages); absent for molecules given as arguments. */
  lines?: number[];
}

export class InputFileError extends Error {}

/** The reader's format for a model command: as the linter reads it, except that .txt is one SMILES per line. */
export function formatFor(file: string): FileFormat {
  return /\.txt(\.gz)?$/i.test(file) ? 'smi' : (formatOf(file) ?? 'csv');
}

export async function readMoleculeFile(file: string, smilesColumn?: string): Promise<MoleculeTable> {
  const problem = fileProblem(file);
  if (problem) throw new InputFileError(problem);
  const format = formatFor(file);
  if (format === 'sdf')
    throw new InputFileError(`${clip(file)}: SDF is not supported by this command yet; use CSV, TSV or SMILES files`);
  const rows: string[][] = [];
  const lines: number[] = [];
  let columns: string[];
  let molecule: number;
  try {
    const stream = await streamFile(file, { ...(smilesColumn !== undefined ? { smilesColumn } : {}) }, format);
    columns = stream.columns.names;
    molecule = stream.columns.molecule;
    for await (const row of stream.rows) {
      rows.push(columns.map((_, i) => row.cells[i]?.text ?? ''));
      lines.push(row.line);
    }
  } catch (e) {
    throw readFailure(e, file);
  }
  if (!rows.length) throw new InputFileError(`no molecules in ${clip(file)}`);
  if (molecule < 0)
    throw new InputFileError(
      `${clip(file)}: no SMILES column found (columns: ${clipList(columns)}); name it with --smiles-col`,
    );
  return { file, columns, rows, smilesColumn: molecule, lines };
}

/** A reading error as an InputFileError naming the file (and line), or the error itself when it is not one. */
export function readFailure(e: unknown, file: string): unknown {
  if (e instanceof CsvFormatError) return new InputFileError(`${clip(file)}:${e.line + 1}: ${e.message}`);
  if (e instanceof EncodingError || e instanceof UnknownColumnError)
    return new InputFileError(`${clip(file)}: ${clip(e.message, 200)}`);
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EISDIR') return new InputFileError(`${clip(file)}: is a directory`);
  if (err.code) return new InputFileError(`${clip(file)}: cannot read (${err.message})`);
  return e;
}

export function smilesOf(table: MoleculeTable): string[] {
  return table.rows.map(r => r[table.smilesColumn]);
}

/** A table from SMILES given on the command line. */
export function tableFromSmiles(smiles: string[]): MoleculeTable {
  return { file: '<arguments>', columns: ['smiles'], rows: smiles.map(s => [s]), smilesColumn: 0 };
}
