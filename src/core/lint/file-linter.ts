// Lints one file row by row (streaming-friendly): per-molecule rules from each row's facts, cross-row and label
// checks as rows arrive, column-level checks at the end. The facts come from the caller (a cache, a worker pool).
import type { Cell, Columns, DataRow, FileFormat } from '../io/types';
import type { MolFacts } from '../chem/analyze';
import { severityOf, type LintConfig } from './config';
import { CrossRowChecker } from './cross-rows';
import { LabelChecker } from './labels';
import { moleculeDiagnostics } from './molecule-rules';
import type { LintDiagnostic } from './rules';
import { compareDiagnostics } from './delta';

export interface FileLintResult {
  file: string;
  format: FileFormat;
  rows: number;
  /** Name of the molecule column, or null when none was found. */
  smiles_column: string | null;
  diagnostics: LintDiagnostic[];
  summary: Record<string, number>;
}

export class FileLinter {
  private readonly crossRows: CrossRowChecker;
  private readonly labels: LabelChecker;
  private readonly diagnostics: LintDiagnostic[] = [];
  private readonly counts: Record<string, number> = {};
  private rows = 0;

  constructor(
    private readonly file: string,
    private readonly format: FileFormat,
    private readonly columns: Columns,
    private readonly config: LintConfig,
    private readonly ionNames: Map<string, string>,
    private readonly header?: DataRow,
    /** When given, findings go here as they are found (in row order, not sorted) instead of being kept. */
    private readonly sink?: (d: LintDiagnostic) => void,
  ) {
    this.crossRows = new CrossRowChecker(config, columns.labels, columns.names, columns.split);
    this.labels = new LabelChecker(config, columns.labels, columns.names);
  }

  /** The molecule cell of a row (a zero-width cell at the row start when the row has none). */
  moleculeCell(row: DataRow): Cell {
    return row.cells[this.columns.molecule] ?? { text: '', line: row.line, column: 0, endLine: row.line, endColumn: 0 };
  }

  /** Findings of one row's molecule alone (cacheable by cell text and position). */
  moleculeFindings(row: DataRow, facts: MolFacts): LintDiagnostic[] {
    return moleculeDiagnostics(facts, this.moleculeCell(row), row.index, {
      config: this.config,
      molblock: this.format === 'sdf',
      ionNames: this.ionNames,
    });
  }

  private keep(found: LintDiagnostic[]): void {
    if (found.length === 0) return;
    if (!this.sink) {
      for (const d of found) this.diagnostics.push(d);
      return;
    }
    for (const d of found) {
      this.counts[d.code] = (this.counts[d.code] ?? 0) + 1;
      this.sink(d);
    }
  }

  /** `crossFindings`, when given, are the row's cross-row findings computed elsewhere (an incremental re-lint). */
  add(
    row: DataRow,
    facts: MolFacts | undefined,
    moleculeFindings?: LintDiagnostic[],
    crossFindings?: LintDiagnostic[],
  ): void {
    this.rows++;
    if (facts) {
      this.keep(moleculeFindings ?? this.moleculeFindings(row, facts));
      if (crossFindings) this.keep(crossFindings);
      else {
        this.crossRows.add(row, this.moleculeCell(row), facts);
        this.keep(this.crossRows.take());
      }
    }
    this.labels.add(row);
    this.keep(this.labels.take());
  }

  /** First line per molecule key, for checks across files. */
  keys(): Map<number, number> {
    return this.crossRows.keys();
  }

  finish(): FileLintResult {
    const diagnostics = this.diagnostics;
    this.keep([...this.crossRows.take(), ...this.labels.finish(this.header)]);
    if (this.columns.molecule < 0 && severityOf(this.config, 'MOL900') !== 'off') {
      this.keep([
        {
          code: 'MOL900',
          severity: severityOf(this.config, 'MOL900') as LintDiagnostic['severity'],
          line: 0,
          column: 0,
          endLine: 0,
          endColumn: 0,
          message: `no SMILES column found among ${this.columns.names.join(', ') || 'the columns'}: name one with smilesColumn`,
        },
      ]);
    }
    diagnostics.sort(compareDiagnostics);
    return {
      file: this.file,
      format: this.format,
      rows: this.rows,
      smiles_column: this.columns.molecule >= 0 ? this.columns.names[this.columns.molecule] : null,
      diagnostics,
      summary: this.sink
        ? Object.fromEntries(Object.entries(this.counts).sort(([a], [b]) => a.localeCompare(b)))
        : summarize(diagnostics),
    };
  }
}

export function summarize(diagnostics: LintDiagnostic[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const d of diagnostics) summary[d.code] = (summary[d.code] ?? 0) + 1;
  return Object.fromEntries(Object.entries(summary).sort(([a], [b]) => a.localeCompare(b)));
}

/** A file-level finding for a file that could not be read as a table (bad quoting). */
export function unreadable(
  file: string,
  format: FileFormat,
  message: string,
  line: number,
  config: LintConfig,
): FileLintResult {
  const severity = severityOf(config, 'MOL900');
  const diagnostics: LintDiagnostic[] =
    severity === 'off' ? [] : [{ code: 'MOL900', severity, message, line, column: 0, endLine: line, endColumn: 0 }];
  return { file, format, rows: 0, smiles_column: null, diagnostics, summary: summarize(diagnostics) };
}
