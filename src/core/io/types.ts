// Tabular molecule files (CSV, TSV, .smi, SDF) as rows of cells that know where they are in the file, so that every
// finding can be reported at a line and column and every fix can replace exactly one cell.

import type { FileFormat } from '../../common/dataset';

export type { FileFormat };

/** A cell's text and where its content starts. Lines and columns are 0-based (UTF-16 code units, like VS Code). */
export interface Cell {
  text: string;
  line: number;
  column: number;
  /** Where the cell's content ends (exclusive). Equals line/column + text length unless it spans lines. */
  endLine: number;
  endColumn: number;
}

export interface DataRow {
  /** 0-based data row (CSV/TSV/.smi: record after the header; SDF: record number). */
  index: number;
  /** First and last (inclusive) 0-based file line of the row or SDF record. */
  line: number;
  lastLine: number;
  /** One cell per header column (missing trailing cells are absent). */
  cells: Array<Cell | undefined>;
}

export interface Columns {
  /** Column names; SDF files name their molecule column `molblock`, then their properties. */
  names: string[];
  /** Index of the molecule column (SMILES, or the molblock in SDF), or -1 when none could be found. */
  molecule: number;
  /** Index of the identifier column shown as a row's name, or -1. */
  id: number;
  /** Every identifier column (catalogue and registry numbers, keys, names), `id` included: never labels. */
  identifiers: number[];
  labels: LabelColumn[];
  /** Column naming each row's split (train/valid/test), or -1. */
  split: number;
}

export interface LabelColumn {
  index: number;
  kind: 'numeric' | 'class';
  /** A column of qualifiers (`=`, `<`, `>`, ...) that belongs to this value column (ChEMBL's standard_relation). */
  relation?: number;
}

export interface Table {
  format: FileFormat;
  /** The header row when the file has one (CSV/TSV, optional in .smi). */
  header?: DataRow;
  rows: DataRow[];
  columns: Columns;
  /** True when the molecule column holds molblocks (SDF). */
  molblocks: boolean;
}

/** Options a user can set per file. */
export interface ReadOptions {
  /** Column to read molecules from, by name or 0-based index; detected when absent. */
  smilesColumn?: string | number;
  labelColumns?: string[];
  idColumn?: string;
  /** Columns that identify rows and are never labels, besides the detected ones. */
  identifierColumns?: string[];
}
