// An open document, linted again after each edit: only the edited lines are parsed again (when no quoted cell spans
// lines), molecule facts come from the per-cell-text cache, molecule findings are kept per row, and cross-row checks
// run again only over the rows that share a duplicate or salt-parent key with an edited row (when no line moved).
// Label checks (column statistics) run over all rows.
import { parseCsvText, CsvFormatError } from '../io/csv';
import { readText } from '../io/read';
import { delimiterOf } from '../io/format';
import type { Cell, DataRow, FileFormat, Table } from '../io/types';
import { SmiRowBuilder } from '../io/smi';
import { columnsFor, configForFile, type LintConfig } from './config';
import { FileLinter, unreadable, type FileLintResult } from './file-linter';
import { CrossRowChecker, groupKeys } from './cross-rows';
import type { MolFacts } from '../chem/analyze';
import type { TextChange } from './worker-protocol';
import type { LintDiagnostic } from './rules';

export type FactsSource = (text: string, molblock: boolean) => MolFacts;

function shift(cell: Cell | undefined, delta: number): void {
  if (cell) {
    cell.line += delta;
    cell.endLine += delta;
  }
}

const NONE: LintDiagnostic[] = [];

/** Cross-row findings of the last lint per row, and the group keys that decide which rows a re-lint revisits. */
interface CrossRowState {
  byRow: Map<DataRow, LintDiagnostic[]>;
  keysOf: Map<DataRow, number[]>;
  /** Rows per group key; may hold rows replaced since (skipped: they are no longer at their index). */
  rowsByKey: Map<number, DataRow[]>;
}

export class DocumentLinter {
  private lines: string[] = [];
  private table?: Table;
  private error?: CsvFormatError;
  /** Molecule findings per row, reused while the row's molecule cell keeps its text and position. */
  private findings = new WeakMap<
    DataRow,
    { text: string; line: number; column: number; index: number; facts: MolFacts; found: LintDiagnostic[] }
  >();
  private cross?: CrossRowState;
  /** Rows replaced in place (no line moved) since the last lint: the old objects and their replacements. */
  private replaced: DataRow[] = [];
  private inserted: DataRow[] = [];
  /** Rows the last lint ran the cross-row checks over (all rows, or the groups edited rows touch). */
  crossRowsVisited = 0;

  private config: LintConfig;

  constructor(
    readonly fileName: string,
    readonly format: FileFormat,
    config: LintConfig,
  ) {
    this.config = configForFile(config, fileName);
  }

  setConfig(config: LintConfig): void {
    this.config = configForFile(config, this.fileName);
    this.resetTable();
    this.findings = new WeakMap();
  }

  setText(text: string): void {
    this.lines = text.split('\n');
    this.resetTable();
  }

  private resetTable(): void {
    this.table = undefined;
    this.cross = undefined;
    this.replaced = [];
    this.inserted = [];
  }

  get text(): string {
    return this.lines.join('\n');
  }
  get rowCount(): number {
    return this.table?.rows.length ?? 0;
  }

  /** Applies editor changes (in order) and re-parses what they touched. */
  applyChanges(changes: TextChange[]): void {
    for (const c of changes) {
      const before = this.lines[c.startLine]?.slice(0, c.startCharacter) ?? '';
      const after = this.lines[c.endLine]?.slice(c.endCharacter) ?? '';
      const inserted = (before + c.text + after).split('\n');
      const removed = this.lines.slice(c.startLine, c.endLine + 1);
      this.lines.splice(c.startLine, c.endLine - c.startLine + 1, ...inserted);
      if (this.table && !this.reparseLines(c.startLine, removed, inserted)) this.resetTable();
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
    let lo = 0,
      hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].lastLine < start) lo = mid + 1;
      else hi = mid;
    }
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
    if (delta === 0 && fresh.length === end - lo) {
      this.replaced.push(...rows.slice(lo, end));
      this.inserted.push(...fresh);
    } else {
      // Lines moved: cross-row messages name lines, so they are all recomputed.
      this.cross = undefined;
    }
    rows.splice(lo, end - lo, ...fresh);
    for (let i = lo; i < rows.length; i++) {
      const r = rows[i];
      r.index = i;
      if (i >= lo + fresh.length && delta !== 0) {
        r.line += delta;
        r.lastLine += delta;
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
      if (e instanceof CsvFormatError) {
        this.error = e;
        return undefined;
      }
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
    const cross =
      table.columns.molecule >= 0
        ? this.crossRows(table, row => facts(linter.moleculeCell(row).text, molblock), linter)
        : undefined;
    for (const row of table.rows) {
      if (table.columns.molecule < 0) {
        linter.add(row, undefined);
        continue;
      }
      const cell = linter.moleculeCell(row);
      let cached = this.findings.get(row);
      if (
        !cached ||
        cached.text !== cell.text ||
        cached.line !== cell.line ||
        cached.column !== cell.column ||
        cached.index !== row.index
      ) {
        const f = facts(cell.text, molblock);
        cached = {
          text: cell.text,
          line: cell.line,
          column: cell.column,
          index: row.index,
          facts: f,
          found: linter.moleculeFindings(row, f),
        };
        this.findings.set(row, cached);
      }
      linter.add(row, cached.facts, cached.found, cross?.byRow.get(row) ?? NONE);
    }
    return linter.finish();
  }

  /** Cross-row findings for every row: all rows on the first lint, else only the groups edited rows touch. */
  private crossRows(table: Table, factsOf: (row: DataRow) => MolFacts, linter: FileLinter): CrossRowState {
    const rows = table.rows;
    const live = (r: DataRow) => rows[r.index] === r;
    const keysOf = (state: CrossRowState, r: DataRow) => {
      let keys = state.keysOf.get(r);
      if (!keys) {
        keys = groupKeys(factsOf(r), this.config);
        state.keysOf.set(r, keys);
        for (const k of keys) {
          const list = state.rowsByKey.get(k);
          if (list) list.push(r);
          else state.rowsByKey.set(k, [r]);
        }
      }
      return keys;
    };
    let state = this.cross;
    let affected: DataRow[];
    if (!state) {
      state = { byRow: new Map(), keysOf: new Map(), rowsByKey: new Map() };
      affected = rows;
    } else {
      // The keys of edited rows, before and after, closed over the rows that share them (duplicates, salt parents).
      const dirty = new Set<number>();
      for (const r of this.replaced) {
        for (const k of state.keysOf.get(r) ?? []) dirty.add(k);
        state.keysOf.delete(r);
        state.byRow.delete(r);
      }
      const chosen = new Set<DataRow>();
      for (const r of this.inserted)
        if (live(r)) {
          chosen.add(r);
          for (const k of keysOf(state, r)) dirty.add(k);
        }
      const queue = [...dirty];
      while (queue.length) {
        const key = queue.pop()!;
        const members = (state.rowsByKey.get(key) ?? []).filter(live);
        state.rowsByKey.set(key, members);
        for (const r of members) {
          if (chosen.has(r)) continue;
          chosen.add(r);
          for (const k of keysOf(state, r))
            if (!dirty.has(k)) {
              dirty.add(k);
              queue.push(k);
            }
        }
      }
      affected = [...chosen].sort((a, b) => a.index - b.index);
    }
    this.replaced = [];
    this.inserted = [];
    this.crossRowsVisited = affected.length;
    const checker = new CrossRowChecker(this.config, table.columns.labels, table.columns.names, table.columns.split);
    for (const r of affected) {
      keysOf(state, r);
      checker.add(r, linter.moleculeCell(r), factsOf(r));
    }
    const found = new Map<DataRow, LintDiagnostic[]>();
    for (const d of checker.take()) {
      const r = rows[d.row!];
      const list = found.get(r);
      if (list) list.push(d);
      else found.set(r, [d]);
    }
    for (const r of affected) state.byRow.set(r, found.get(r) ?? NONE);
    this.cross = state;
    return state;
  }

  /**
   * Molecule cell texts to analyse before linting (the first lint of a big file goes in slices): after in-place
   * edits only the edited rows' cells, otherwise every row's.
   */
  moleculeTexts(): { texts: string[]; molblock: boolean } {
    const table = this.parse();
    if (!table || table.columns.molecule < 0) return { texts: [], molblock: false };
    const rows = this.cross ? this.inserted : table.rows;
    return { texts: rows.map(r => r.cells[table.columns.molecule]?.text ?? ''), molblock: table.molblocks };
  }
}
