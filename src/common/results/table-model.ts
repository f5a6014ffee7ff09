// Filtering and sorting of result rows: the view shows rows through these, and the host exports through the same
// functions, so the saved CSV is what the user sees. Tens of thousands of rows: the search text of each row is
// built once, and sorting compares precomputed keys.
import type { ResultColumn, ResultRow } from './protocol';

export interface ViewOptions {
  filter: string;
  flaggedOnly: boolean;
  sortKey: string;
  descending: boolean;
}

export const DEFAULT_VIEW: ViewOptions = { filter: '', flaggedOnly: false, sortKey: '', descending: false };

const searchText = new WeakMap<ResultRow, string>();
function textOf(r: ResultRow): string {
  let t = searchText.get(r);
  if (t === undefined) {
    t = [...r.values.map(v => (v === null ? '' : String(v))), r.flag ?? '', String(r.row)].join('\n').toLowerCase();
    searchText.set(r, t);
  }
  return t;
}

/** Rows whose text cells or flag contain every word of `filter` (case-insensitive), optionally flagged ones only. */
export function filterRows(rows: ResultRow[], o: ViewOptions): ResultRow[] {
  const words = o.filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length && !o.flaggedOnly) return rows;
  return rows.filter(
    r => (!o.flaggedOnly || r.flag !== undefined) && (!words.length || words.every(w => textOf(r).includes(w))),
  );
}

/** Sorted copy by the column `sortKey`; numbers numerically, empty cells last either way; stable. */
export function sortRows(columns: ResultColumn[], rows: ResultRow[], o: ViewOptions): ResultRow[] {
  const c = columns.findIndex(x => x.key === o.sortKey);
  if (c < 0) return rows;
  const dir = o.descending ? -1 : 1;
  const order = Array.from(rows.keys());
  const empty = (v: string | number | null) => v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));
  const missing = rows.map(r => empty(r.values[c]));
  if (columns[c].numeric) {
    const keys = Float64Array.from(rows, r => Number(r.values[c]));
    order.sort((a, b) =>
      missing[a] !== missing[b] ? (missing[a] ? 1 : -1) : missing[a] ? a - b : (keys[a] - keys[b]) * dir || a - b,
    );
  } else {
    const keys = rows.map(r => String(r.values[c] ?? ''));
    const collator = new Intl.Collator(undefined, { numeric: true });
    order.sort((a, b) =>
      missing[a] !== missing[b]
        ? missing[a]
          ? 1
          : -1
        : missing[a]
          ? a - b
          : collator.compare(keys[a], keys[b]) * dir || a - b,
    );
  }
  return order.map(i => rows[i]);
}

export function viewRows(columns: ResultColumn[], rows: ResultRow[], o: ViewOptions): ResultRow[] {
  return sortRows(columns, filterRows(rows, o), o);
}
