// The molecules a model command works on: a whole dataset file (explorer, or a dataset editor with nothing
// selected), the selected rows of a dataset, the SMILES in a selection, or the SMILES on the cursor's line
// (found with the hover's detection rules).
import * as vscode from 'vscode';
import path from 'node:path';
import { readText, formatOf, isMissing, type Table } from '../../core/io';
import { candidateAt, type TextSource } from '../../core/chem/detect';

export interface Molecules {
  uri: vscode.Uri;
  /** 'file': every row of a dataset; 'rows': some rows of it; 'text': SMILES found in a non-dataset document. */
  scope: 'file' | 'rows' | 'text';
  smiles: string[];
  /** 0-based file line of each molecule (for revealing it). */
  lines: number[];
  /** The dataset's column names and each molecule's cells (datasets only). */
  columns?: string[];
  cells?: string[][];
  /** Detected label columns (indexes into columns), with their kind. */
  labels?: Array<{ index: number; kind: 'numeric' | 'class' }>;
  /** Identifier columns (catalogue numbers, keys, names): never offered as labels first. */
  identifiers?: number[];
  /** Data-row index of each molecule in the dataset (datasets only). */
  rows?: number[];
}

export class InputError extends Error {}

/** What `arg` (an explorer Uri) or the active editor points at. */
export async function moleculesFor(arg: unknown): Promise<Molecules> {
  if (arg instanceof vscode.Uri) {
    const doc = await vscode.workspace.openTextDocument(arg);
    return fromDataset(doc, undefined);
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new InputError('open a dataset (CSV, TSV, .smi) or put the cursor on a SMILES first');
  const doc = editor.document;
  const selected = editor.selections.filter(s => !s.isEmpty);
  if (formatOf(doc.fileName)) return fromDataset(doc, selected.length ? selected : undefined);
  return fromText(doc, editor);
}

function datasetTable(doc: vscode.TextDocument): Table {
  const format = formatOf(doc.fileName)!;
  if (format === 'sdf')
    throw new InputError(
      `${path.basename(doc.fileName)}: SDF files are not supported by the model commands yet; use CSV, TSV or .smi`,
    );
  let table: Table;
  try {
    table = readText(doc.getText(), format);
  } catch (e) {
    throw new InputError(`${path.basename(doc.fileName)}: ${(e as Error).message}`);
  }
  if (table.columns.molecule < 0)
    throw new InputError(
      `${path.basename(doc.fileName)}: no SMILES column found (columns: ${table.columns.names.join(', ')}); set molml.lint.files or name the column "smiles"`,
    );
  return table;
}

function fromDataset(doc: vscode.TextDocument, selections: readonly vscode.Selection[] | undefined): Molecules {
  const table = datasetTable(doc);
  const col = table.columns.molecule;
  const within = (line: number) => !selections || selections.some(s => line >= s.start.line && line <= s.end.line);
  const rows = table.rows.filter(r => within(r.line) && !isMissing(r.cells[col]?.text));
  if (!rows.length)
    throw new InputError(
      selections ? 'the selection holds no data rows with a molecule' : `${path.basename(doc.fileName)}: no molecules`,
    );
  return {
    uri: doc.uri,
    scope: selections ? 'rows' : 'file',
    smiles: rows.map(r => r.cells[col]!.text.trim()),
    lines: rows.map(r => r.line),
    columns: table.columns.names,
    cells: rows.map(r => table.columns.names.map((_, i) => r.cells[i]?.text ?? '')),
    labels: table.columns.labels.map(l => ({ index: l.index, kind: l.kind })),
    identifiers: table.columns.identifiers,
    rows: rows.map(r => r.index),
  };
}

function fromText(doc: vscode.TextDocument, editor: vscode.TextEditor): Molecules {
  const src: TextSource = {
    languageId: doc.languageId,
    fileName: doc.fileName,
    lineCount: doc.lineCount,
    lineAt: l => doc.lineAt(l).text,
  };
  const found: Array<{ smiles: string; line: number }> = [];
  const scan = (line: number, from = 0, to = Number.MAX_SAFE_INTEGER) => {
    const text = src.lineAt(line);
    for (let ch = Math.max(0, from); ch < Math.min(text.length, to);) {
      const c = candidateAt(src, line, ch);
      if (c && c.kind === 'molecule') {
        found.push({ smiles: c.text, line });
        ch = Math.max(c.end, ch + 1);
      } else ch++;
    }
  };
  const selected = editor.selections.filter(s => !s.isEmpty);
  if (selected.length) {
    for (const s of selected)
      for (let l = s.start.line; l <= s.end.line; l++)
        scan(l, l === s.start.line ? s.start.character : 0, l === s.end.line ? s.end.character : undefined);
  } else {
    const pos = editor.selection.active;
    const here = candidateAt(src, pos.line, pos.character);
    if (here && here.kind === 'molecule') found.push({ smiles: here.text, line: pos.line });
    else scan(pos.line);
  }
  if (!found.length)
    throw new InputError(selected.length ? 'no SMILES found in the selection' : 'no SMILES on the current line');
  return { uri: doc.uri, scope: 'text', smiles: found.map(f => f.smiles), lines: found.map(f => f.line) };
}
