// What the screen results view may ask of a screen folder: filters (column, operator, value), one sort, a page, a
// histogram. Shared by the webview (building requests) and the host (validating them before they become a
// parameterised DuckDB query: column names are checked against the folder's columns, values are never spliced in).

export type ColumnKind = 'number' | 'text';

export interface ScreenColumn {
  name: string;
  kind: ColumnKind;
}

export const NUMBER_OPS = ['<', '<=', '>', '>=', '=', '!='] as const;
export const TEXT_OPS = ['=', '!=', 'contains', 'starts with'] as const;
export type FilterOp = (typeof NUMBER_OPS)[number] | (typeof TEXT_OPS)[number];

export interface ScreenFilter {
  column: string;
  op: FilterOp;
  /** A number for number columns, text for text columns. */
  value: number | string;
}

export interface ScreenSort {
  column: string;
  descending: boolean;
}

export const MAX_FILTERS = 8;
export const MAX_PAGE_ROWS = 500;
export const MAX_BINS = 200;
const MAX_TEXT_VALUE = 1000;

/** Why `filters` cannot run against `columns`, or null. */
export function filterProblem(filters: unknown, columns: readonly ScreenColumn[]): string | null {
  if (!Array.isArray(filters)) return 'filters must be a list';
  if (filters.length > MAX_FILTERS) return `at most ${MAX_FILTERS} filters`;
  for (const f of filters as unknown[]) {
    if (typeof f !== 'object' || f === null) return 'a filter must be an object';
    const { column, op, value, ...rest } = f as Record<string, unknown>;
    if (Object.keys(rest).length) return `a filter has an unexpected field ${Object.keys(rest)[0]}`;
    const c = columns.find(x => x.name === column);
    if (!c) return `no column ${JSON.stringify(column)}`.slice(0, 200);
    const ops: readonly string[] = c.kind === 'number' ? NUMBER_OPS : TEXT_OPS;
    if (typeof op !== 'string' || !ops.includes(op)) return `operator for ${c.name} must be one of ${ops.join(', ')}`;
    if (c.kind === 'number' && !(typeof value === 'number' && Number.isFinite(value)))
      return `${c.name} ${op}: the value must be a number`;
    if (c.kind === 'text' && !(typeof value === 'string' && value.length <= MAX_TEXT_VALUE))
      return `${c.name} ${op}: the value must be text of at most ${MAX_TEXT_VALUE} characters`;
  }
  return null;
}

/** Why `sort` cannot run against `columns`, or null (null sort: the rows' order in the library). */
export function sortProblem(sort: unknown, columns: readonly ScreenColumn[]): string | null {
  if (sort === null) return null;
  if (typeof sort !== 'object') return 'sort must be an object or null';
  const { column, descending, ...rest } = sort as Record<string, unknown>;
  if (Object.keys(rest).length) return `sort has an unexpected field ${Object.keys(rest)[0]}`;
  if (!columns.some(c => c.name === column)) return `no column ${JSON.stringify(column)}`.slice(0, 200);
  return typeof descending === 'boolean' ? null : 'sort.descending must be true or false';
}

/** A filter typed in the view as text: the number columns' values parsed; null when the text is not a number. */
export function parseFilterValue(column: ScreenColumn, text: string): number | string | null {
  if (column.kind === 'text') return text;
  const t = text.trim();
  if (!t) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** How a filter reads in the view: `pred_x >= 0.5`, `smiles contains "N"`. */
export function describeFilter(f: ScreenFilter): string {
  return `${f.column} ${f.op} ${typeof f.value === 'string' ? JSON.stringify(f.value) : String(f.value)}`;
}

/** A stable key of a filter list (cache key of counts and orderings). */
export function filterKey(filters: readonly ScreenFilter[]): string {
  return JSON.stringify(filters.map(f => [f.column, f.op, f.value]));
}

export interface HistogramBin {
  /** Lower edge (inclusive); the last bin includes its upper edge. */
  from: number;
  to: number;
  count: number;
}

export interface Histogram {
  column: string;
  bins: HistogramBin[];
  /** Rows where the column has no value (not in any bin). */
  missing: number;
}
