// An open document, linted again after each edit: only the edited lines are parsed again (when no quoted cell spans
// lines), molecule facts come from the per-cell-text cache, and only the cross-row and label checks run over all rows.
import { parseCsvText, CsvFormatError } from '../io/csv';
import { readText } from '../io/read';
import { delimiterOf } from '../io/format';
import type { Cell, DataRow, FileFormat, Table } from '../io/types';
import { SmiRowBuilder } from '../io/smi';
import { columnsFor, type LintConfig } from './config';
import { FileLinter, unreadable, type FileLintResult } from './file-linter';
import type { MolFacts } from './chem/analyze';
import type { TextChange } from './worker-protocol';
import type { LintDiagnostic } from './rules';

export type FactsSource = (text: string, molblock: boolean) => MolFacts;

function shift(cell: Cell | undefined, delta: number): void {
  if (cell) { cell.line += delta; cell.endLine += delta; }
}

export class DocumentLinter {
  private lines: string[] = [];
  private table?: Table;
  private error?: CsvFormatError;
  /** Molecule findings per row, reused while the row's molecule cell keeps its text and position. */
  private findings = new WeakMap<DataRow, { text: string; line: number; column: number; found: LintDiagnostic[] }>();

  constructor(readonly fileName: string, readonly format: FileFormat, private config: LintConfig) {}

  setConfig(config: LintConfig): void { this.config = config; this.table = undefined; this.findings = new WeakMap(); }

  setText(text: string): void {
    this.lines = text.split('\n');
    this.table = undefined;
  }

  get text(): string { return this.lines.join('\n'); }
  get rowCount(): number { return this.table?.rows.length ?? 0; }

  /** Applies editor changes (in order) and re-parses what they touched. */
  applyChanges(changes: TextChange[]): void {
    for (const c of changes) {
      const before = this.lines[c.startLine]?.slice(0, c.startCharacter) ?? '';
      const after = this.lines[c.endLine]?.slice(c.endCharacter) ?? '';
      const inserted = (before + c.text + after).split('\n');
      const removed = this.lines.slice(c.startLine, c.endLine + 1);
      this.lines.splice(c.startLine, c.endLine - c.startLine + 1, ...inserted);
      if (this.table && !this.reparseLines(c.startLine, removed, inserted)) this.table = undefined;
    }
  }

  /**
   * Re-parses lines [start, start + inserted.length) that replaced `removed`, splicing the rows in place. Only for
   * one-line records: returns false (full parse needed) when quotes are involved or the header changes.
   */
  private reparseLines(start: number, removed: string[], inserted: string[]): boolean {
    const table = this.table!;
    if (this.format === 'sdf' || start === 0) return false;
    if (this.format !== 'smi' && [...removed, ...inserted].some(l => l.includes('"'))) return false;
    const delta = inserted.length - removed.length;
    const oldEnd = start + removed.length - 1;
    const rows = table.rows;
    // Rows are sorted by line: find those on the replaced lines.
    let lo = 0, hi = rows.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (rows[mid].lastLine < start) lo = mid + 1; else hi = mid; }
    let end = lo;
    while (end < rows.length && rows[end].line <= oldEnd) end++;
    if (rows.slice(lo, end).some(r => r.line < start || r.lastLine > oldEnd)) return false;
    let fresh: DataRow[];
    try {
      if (this.format === 'smi') {
        const b = new SmiRowBuilder();
        fresh = inserted.map((l, i) => b.push(l, start + i)).filter((r): r is DataRow => r !== undefined);
      } else {
        fresh = parseCsvText(inserted.join('\n'), delimiterOf(this.format), start, false).rows;
      }
    } catch {
      return false;
    }
    rows.splice(lo, end - lo, ...fresh);
    for (let i = lo; i < rows.length; i++) {
      const r = rows[i];
      r.index = i;
      if (i >= lo + fresh.length && delta !== 0) {
        r.line += delta; r.lastLine += delta;
        for (const c of r.cells) shift(c, delta);
      }
    }
    return true;
  }

  private parse(): Table | undefined {
    if (this.table) return this.table;
    this.error = undefined;
    try {
      this.table = readText(this.text, this.format, columnsFor(this.config, this.fileName));
    } catch (e) {
      if (e instanceof CsvFormatError) { this.error = e; return undefined; }
      throw e;
    }
    return this.table;
  }

  /**
   * Lints the current text. `facts` answers per cell (cached by the caller); rows are visited in order and
   * `shouldYield`, when given, is asked between rows so that a long first lint can hand control back.
   */
  lint(facts: FactsSource, ionNames: Map<string, string>): FileLintResult {
    const table = this.parse();
    if (!table) return unreadable(this.fileName, this.format, this.error!.message, this.error!.line, this.config);
    const linter = new FileLinter(this.fileName, this.format, table.columns, this.config, ionNames, table.header);
    const molblock = table.molblocks;
    for (const row of table.rows) {
      if (table.columns.molecule < 0) { linter.add(row, undefined); continue; }
      const cell = linter.moleculeCell(row);
      const f = facts(cell.text, molblock);
      let cached = this.findings.get(row);
      if (!cached || cached.text !== cell.text || cached.line !== cell.line || cached.column !== cell.column || cached.found.some(d => d.row !== row.index)) {
        cached = { text: cell.text, line: cell.line, column: cell.column, found: linter.moleculeFindings(row, f) };
        this.findings.set(row, cached);
      }
      linter.add(row, f, cached.found);
    }
    return linter.finish();
  }

  /** Molecule cell texts not yet known to `known`, for analysing ahead in slices (first lint of a big file). */
  moleculeTexts(): { texts: string[]; molblock: boolean } {
    const table = this.parse();
    if (!table || table.columns.molecule < 0) return { texts: [], molblock: false };
    return { texts: table.rows.map(r => r.cells[table.columns.molecule]?.text ?? ''), molblock: table.molblocks };
  }
}
