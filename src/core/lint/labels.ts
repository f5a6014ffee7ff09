// Label checks: missing values, text in numeric columns, censored values (in the cell or in a relation column),
// outliers (skew-adjusted robust z-score and magnitude gaps, ./outliers.ts), constant columns and single-class classification columns.
import { CENSORED, NUMBER, isMissing } from '../io/columns';
import type { Cell, DataRow, LabelColumn } from '../io/types';
import { severityOf, type LintConfig } from './config';
import type { LintDiagnostic, Range } from './rules';
import { findOutliers } from './outliers';

interface ColumnState {
  label: LabelColumn;
  values: number[];
  lines: number[];
  columns: number[];
  ends: number[];
  rows: number[];
  distinct: Map<string, number>;
}

function rangeOf(c: Cell): Range {
  return { line: c.line, column: c.column, endLine: c.endLine, endColumn: c.endColumn };
}

export class LabelChecker {
  private readonly states: ColumnState[];
  private readonly out: LintDiagnostic[] = [];

  constructor(
    private readonly config: LintConfig,
    labels: LabelColumn[],
    private readonly names: string[],
  ) {
    this.states = labels.map(label => ({
      label,
      values: [],
      lines: [],
      columns: [],
      ends: [],
      rows: [],
      distinct: new Map(),
    }));
  }

  private emit(code: string, labelColumn: string, d: Omit<LintDiagnostic, 'code' | 'severity'>): void {
    const severity = severityOf(this.config, code);
    if (severity !== 'off') this.out.push({ code, severity, ...d, labelColumn });
  }

  add(row: DataRow): void {
    for (const s of this.states) {
      const name = this.names[s.label.index];
      const cell = row.cells[s.label.index];
      const fallback: Range = { line: row.line, column: 0, endLine: row.line, endColumn: 0 };
      if (!cell || isMissing(cell.text)) {
        this.emit('MOL201', name, {
          ...(cell ? rangeOf(cell) : fallback),
          row: row.index,
          message: `no value for label ${name}`,
        });
        continue;
      }
      const text = cell.text.trim();
      if (s.distinct.size <= 50) s.distinct.set(text, (s.distinct.get(text) ?? 0) + 1);
      if (s.label.kind !== 'numeric' && s.label.kind !== 'class') continue;
      const censored = CENSORED.exec(text);
      const relationCell = s.label.relation !== undefined ? row.cells[s.label.relation] : undefined;
      const relation = relationCell?.text.trim().replace(/'/g, '');
      if (censored) {
        this.emit('MOL203', name, {
          ...rangeOf(cell),
          row: row.index,
          message: `censored value ${text} in ${name}: the true value is only bounded`,
        });
      } else if (relation && relation !== '=' && relation !== '==') {
        this.emit('MOL203', name, {
          ...rangeOf(relationCell!),
          row: row.index,
          message: `censored value: ${this.names[s.label.relation!]} is '${relation}' for ${name} ${text}`,
        });
      }
      if (!censored && !NUMBER.test(text)) {
        if (s.label.kind === 'numeric')
          this.emit('MOL202', name, {
            ...rangeOf(cell),
            row: row.index,
            message: `${JSON.stringify(text)} is not a number (column ${name} is numeric)`,
          });
        continue;
      }
      if (s.label.kind === 'numeric' && !censored) {
        s.values.push(Number(text));
        s.lines.push(cell.line);
        s.columns.push(cell.column);
        s.ends.push(cell.endColumn);
        s.rows.push(row.index);
      }
    }
  }

  /** Column-level findings (at the header cell, or the first line) and outliers, at the end of the file. */
  finish(header: DataRow | undefined): LintDiagnostic[] {
    for (const s of this.states) {
      const name = this.names[s.label.index];
      const h = header?.cells[s.label.index];
      const at: Range = h ? rangeOf(h) : { line: 0, column: 0, endLine: 0, endColumn: 0 };
      const count = [...s.distinct.values()].reduce((a, b) => a + b, 0);
      if (s.distinct.size === 1 && count > 1) {
        const [value] = s.distinct.keys();
        if (s.label.kind === 'class')
          this.emit('MOL206', name, {
            ...at,
            message: `classification column ${name} has a single class (${value}) in all ${count} labelled rows`,
          });
        else
          this.emit('MOL205', name, {
            ...at,
            message: `label column ${name} has the same value (${value}) in all ${count} labelled rows`,
          });
      }
      if (s.label.kind === 'numeric' && s.values.length >= 10) this.outliers(s, name);
    }
    return this.take();
  }

  private outliers(s: ColumnState, name: string): void {
    const { outliers, log, median } = findOutliers(s.values, this.config.outlierZ);
    const typical = log ? 10 ** median : median;
    for (const o of outliers) {
      const i = o.index;
      const why =
        o.reason === 'magnitude-gap'
          ? `at least 100 times beyond every other value of ${name}: a unit or decimal slip?`
          : `far from the rest of ${name} (robust z = ${o.z.toFixed(1)}${log ? ' on log10' : ''}, against the spread on its side of the median)`;
      this.emit('MOL204', name, {
        line: s.lines[i],
        column: s.columns[i],
        endLine: s.lines[i],
        endColumn: s.ends[i],
        row: s.rows[i],
        message: `${s.values[i]} is ${why}; median ${typical.toPrecision(3)}`,
      });
    }
  }

  take(): LintDiagnostic[] {
    return this.out.length ? this.out.splice(0) : [];
  }
}
