// Filtering and sorting of result rows: the view shows rows through these, and the host exports through the same
// functions, so the saved CSV is what the user sees.
import type { ResultColumn, ResultRow } from './protocol';

export interface ViewOptions { filter: string; flaggedOnly: boolean; sortKey: string; descending: boolean }

export const DEFAULT_VIEW: ViewOptions = { filter: '', flaggedOnly: false, sortKey: '', descending: false };

/** Rows whose text cells or flag contain every word of `filter` (case-insensitive), optionally flagged ones only. */
export function filterRows(_columns: ResultColumn[], rows: ResultRow[], o: ViewOptions): ResultRow[] {
  const words = o.filter.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter(r => {
    if (o.flaggedOnly && !r.flag) return false;
    if (!words.length) return true;
    const text = [...r.values.map(v => v === null ? '' : String(v)), r.flag ?? '', String(r.row)].join('\n').toLowerCase();
    return words.every(w => text.includes(w));
  });
}

/** Sorted copy by the column `sortKey`; numbers numerically, empty cells last either way; stable. */
export function sortRows(columns: ResultColumn[], rows: ResultRow[], o: ViewOptions): ResultRow[] {
  const c = columns.findIndex(x => x.key === o.sortKey);
  if (c < 0) return rows;
  const dir = o.descending ? -1 : 1;
  const numeric = columns[c].numeric;
  return rows.map((r, i) => ({ r, i })).sort((a, b) => {
    const x = a.r.values[c], y = b.r.values[c];
    const xe = x === null || (typeof x === 'number' && Number.isNaN(x)), ye = y === null || (typeof y === 'number' && Number.isNaN(y));
    if (xe || ye) return xe === ye ? a.i - b.i : xe ? 1 : -1;
    const cmp = numeric ? Number(x) - Number(y) : String(x).localeCompare(String(y));
    return cmp * dir || a.i - b.i;
  }).map(x => x.r);
}

export function viewRows(columns: ResultColumn[], rows: ResultRow[], o: ViewOptions): ResultRow[] {
  return sortRows(columns, filterRows(columns, rows, o), o);
}
