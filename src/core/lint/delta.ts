// A re-lint result as changes to the previous one. A one-line edit in a 40,000-row file changes a handful of its
// tens of thousands of findings; sending all of them between threads after each keystroke costs more than finding
// them. Both results are sorted (compareDiagnostics), so sender and receiver find the changes in one walk; kept
// findings stay the same objects on both sides.
import type { FileLintResult } from './file-linter';
import type { LintDiagnostic } from './rules';

/** A finding that is gone: where it was (to find it in one walk) and its key (to tell it from its neighbours). */
export interface RemovedFinding {
  line: number;
  column: number;
  code: string;
  key: string;
}

export interface LintDelta extends Omit<FileLintResult, 'diagnostics'> {
  removed: RemovedFinding[];
  /** New findings, sorted like a result's. */
  added: LintDiagnostic[];
}

const keys = new WeakMap<LintDiagnostic, string>();

/** Identity of a finding: everything the user sees or applies (range, rule, severity, message, fixes). */
export function diagnosticKey(d: LintDiagnostic): string {
  let key = keys.get(d);
  if (key === undefined) {
    const fixes =
      d.fixes
        ?.map(
          f => `${f.kind}:${f.range.line}:${f.range.column}:${f.range.endLine}:${f.range.endColumn}:${f.replacement}`,
        )
        .join('|') ?? '';
    key = `${d.line}:${d.column}:${d.endLine}:${d.endColumn}:${d.code}:${d.severity}:${d.row ?? ''}:${d.message}\u0000${fixes}`;
    keys.set(d, key);
  }
  return key;
}

/** The order of a result's findings (FileLinter sorts by line, column, then rule code). */
export function compareDiagnostics(
  a: { line: number; column: number; code: string },
  b: { line: number; column: number; code: string },
): number {
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** End of the run of items at the same place and rule as items[start]. */
function runEnd<T extends { line: number; column: number; code: string }>(items: T[], start: number): number {
  let end = start + 1;
  while (end < items.length && compareDiagnostics(items[end], items[start]) === 0) end++;
  return end;
}

const removal = (d: LintDiagnostic): RemovedFinding => ({
  line: d.line,
  column: d.column,
  code: d.code,
  key: diagnosticKey(d),
});

export function lintDelta(previous: FileLintResult, next: FileLintResult): LintDelta {
  const a = previous.diagnostics,
    b = next.diagnostics;
  const removed: RemovedFinding[] = [],
    added: LintDiagnostic[] = [];
  let i = 0,
    j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    const c = i >= a.length ? 1 : j >= b.length ? -1 : compareDiagnostics(a[i], b[j]);
    if (c < 0) {
      removed.push(removal(a[i++]));
      continue;
    }
    if (c > 0) {
      added.push(b[j++]);
      continue;
    }
    // Findings at the same place under the same rule: matched by key (label findings are recreated on each lint).
    const iEnd = runEnd(a, i),
      jEnd = runEnd(b, j);
    const left = new Map<string, LintDiagnostic[]>();
    for (let k = i; k < iEnd; k++) {
      const key = diagnosticKey(a[k]);
      left.set(key, [...(left.get(key) ?? []), a[k]]);
    }
    for (let k = j; k < jEnd; k++) {
      const same = left.get(diagnosticKey(b[k]));
      if (same?.length) same.pop();
      else added.push(b[k]);
    }
    for (const list of left.values()) for (const d of list) removed.push(removal(d));
    i = iEnd;
    j = jEnd;
  }
  removed.sort(compareDiagnostics);
  return {
    file: next.file,
    format: next.format,
    rows: next.rows,
    smiles_column: next.smiles_column,
    summary: next.summary,
    removed,
    added,
  };
}

/** The result `delta` was computed against `previous` for. */
export function applyLintDelta(previous: FileLintResult, delta: LintDelta): FileLintResult {
  const prev = previous.diagnostics,
    gone = delta.removed,
    add = delta.added;
  const diagnostics: LintDiagnostic[] = [];
  let i = 0,
    r = 0,
    j = 0;
  while (i < prev.length) {
    // Drop the removed findings at this place (by key), then put added ones in order.
    if (r < gone.length && compareDiagnostics(gone[r], prev[i]) < 0) {
      r++;
      continue;
    }
    if (r < gone.length && compareDiagnostics(gone[r], prev[i]) === 0) {
      const rEnd = runEnd(gone, r),
        iEnd = runEnd(prev, i);
      const drop = new Map<string, number>();
      for (let k = r; k < rEnd; k++) drop.set(gone[k].key, (drop.get(gone[k].key) ?? 0) + 1);
      for (let k = i; k < iEnd; k++) {
        const key = diagnosticKey(prev[k]);
        const n = drop.get(key);
        if (n) {
          drop.set(key, n - 1);
          continue;
        }
        while (j < add.length && compareDiagnostics(add[j], prev[k]) < 0) diagnostics.push(add[j++]);
        diagnostics.push(prev[k]);
      }
      r = rEnd;
      i = iEnd;
      continue;
    }
    while (j < add.length && compareDiagnostics(add[j], prev[i]) < 0) diagnostics.push(add[j++]);
    diagnostics.push(prev[i++]);
  }
  while (j < add.length) diagnostics.push(add[j++]);
  return {
    file: delta.file,
    format: delta.format,
    rows: delta.rows,
    smiles_column: delta.smiles_column,
    diagnostics,
    summary: delta.summary,
  };
}
