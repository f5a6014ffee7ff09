// The grid's search, filters and sort: pure functions over GridData plus what the host computed with RDKit
// (properties, SMARTS matches, similarity scores). Rows are addressed by their position in GridData.rows.
import { numericValue, type GridData } from './data';

/** Properties computed from each structure (names are MoleculeReport fields of src/core/chem/describe). */
export const PROPERTIES = [
  'mw',
  'clogp',
  'tpsa',
  'hbd',
  'hba',
  'rotatable_bonds',
  'heavy_atoms',
  'rings',
  'aromatic_rings',
  'formal_charge',
] as const;
export type PropertyKey = (typeof PROPERTIES)[number];
export const PROPERTY_LABELS: Record<PropertyKey, string> = {
  mw: 'MW',
  clogp: 'cLogP',
  tpsa: 'TPSA',
  hbd: 'HBD',
  hba: 'HBA',
  rotatable_bonds: 'Rotatable bonds',
  heavy_atoms: 'Heavy atoms',
  rings: 'Rings',
  aromatic_rings: 'Aromatic rings',
  formal_charge: 'Formal charge',
};

/** What a filter or the sort reads: a file column, a computed property, the similarity score, or file order. */
export type FieldKey = `col:${number}` | `prop:${PropertyKey}` | 'similarity' | 'row';

export type SimilarityMethod = 'ecfp' | 'embedding';

export interface RangeFilter {
  key: FieldKey;
  min: number | null;
  max: number | null;
}
export interface SimilarityQuery {
  smiles: string;
  method: SimilarityMethod;
  /** Rows scoring below are hidden. */ min: number;
}
export interface SortSpec {
  key: FieldKey;
  descending: boolean;
}

export interface GridQuery {
  /** Case-insensitive text searched in every column. */
  text: string;
  ranges: RangeFilter[];
  /** SMARTS substructure; '' for none. */
  smarts: string;
  similarity: SimilarityQuery | null;
  sort: SortSpec;
}

export const EMPTY_QUERY: GridQuery = {
  text: '',
  ranges: [],
  smarts: '',
  similarity: null,
  sort: { key: 'row', descending: false },
};

/** Results the host computes, filled in as they arrive. Values of rows not computed yet are NaN / UNKNOWN. */
export interface Computed {
  properties: Partial<Record<PropertyKey, Float64Array>>;
  /** Per row: 1 matches, 0 does not, UNKNOWN not checked yet (or the molecule could not be read). */
  smarts?: { query: string; matches: Uint8Array };
  similarity?: { smiles: string; method: SimilarityMethod; scores: Float64Array };
}
export const UNKNOWN = 255;

export interface QueryResult {
  /** Positions of the rows that pass, in display order. */
  rows: Int32Array;
  /** Parts of the query whose data is still being computed (their filters hide the rows not computed yet). */
  pending: string[];
}

const FIELD = /^(col:\d+|prop:[a-z_]+|similarity|row)$/;

export function isFieldKey(v: unknown, data?: GridData): v is FieldKey {
  if (typeof v !== 'string' || !FIELD.test(v)) return false;
  if (v.startsWith('col:')) return data === undefined || Number(v.slice(4)) < data.columns.length;
  if (v.startsWith('prop:')) return (PROPERTIES as readonly string[]).includes(v.slice(5));
  return true;
}

/** A query restored from saved state or received from a message, with anything malformed dropped. */
export function sanitizeQuery(raw: unknown, data?: GridData): GridQuery {
  const q = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const ranges = Array.isArray(q.ranges)
    ? q.ranges.flatMap((r: unknown) => {
        const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
        return isFieldKey(o.key, data) ? [{ key: o.key, min: num(o.min), max: num(o.max) }] : [];
      })
    : [];
  const s = (typeof q.similarity === 'object' && q.similarity !== null ? q.similarity : undefined) as
    Record<string, unknown> | undefined;
  const similarity =
    s && typeof s.smiles === 'string' && s.smiles.trim()
      ? {
          smiles: s.smiles.trim().slice(0, 2000),
          method: s.method === 'embedding' ? ('embedding' as const) : ('ecfp' as const),
          min: Math.min(1, Math.max(0, num(s.min) ?? 0)),
        }
      : null;
  const sort = (typeof q.sort === 'object' && q.sort !== null ? q.sort : {}) as Record<string, unknown>;
  return {
    text: typeof q.text === 'string' ? q.text.slice(0, 1000) : '',
    ranges,
    smarts: typeof q.smarts === 'string' ? q.smarts.trim().slice(0, 2000) : '',
    similarity,
    sort: { key: isFieldKey(sort.key, data) ? sort.key : 'row', descending: sort.descending === true },
  };
}

/**
 * Per-dataset caches the queries reuse: each row's text in lower case, and each numeric column parsed once (100k
 * rows are filtered on every keystroke).
 */
export class GridIndex {
  private text?: string[];
  private readonly numbers = new Map<number, Float64Array>();
  private collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  constructor(readonly data: GridData) {}

  get size(): number {
    return this.data.rows.length;
  }

  rowText(row: number): string {
    this.text ??= this.data.rows.map(r => r.values.join('\u0001').toLowerCase());
    return this.text[row];
  }

  columnNumbers(column: number): Float64Array {
    let values = this.numbers.get(column);
    if (!values) {
      values = Float64Array.from(this.data.rows, r => numericValue(r.values[column] ?? ''));
      this.numbers.set(column, values);
    }
    return values;
  }

  /** The numeric value a field has for each row (NaN where unknown), or undefined for a text column. */
  numericField(key: FieldKey, computed: Computed): Float64Array | undefined {
    if (key === 'row') return Float64Array.from(this.data.rows, (_, i) => i);
    if (key === 'similarity') return computed.similarity?.scores ?? new Float64Array(this.size).fill(NaN);
    if (key.startsWith('prop:'))
      return computed.properties[key.slice(5) as PropertyKey] ?? new Float64Array(this.size).fill(NaN);
    const column = Number(key.slice(4));
    return this.data.columns[column]?.numeric ? this.columnNumbers(column) : undefined;
  }

  compareText(a: string, b: string): number {
    return this.collator.compare(a, b);
  }
}

/** Rows that pass every filter, in the query's sort order. */
export function applyQuery(index: GridIndex, query: GridQuery, computed: Computed): QueryResult {
  const n = index.size;
  const pending: string[] = [];
  const tests: Array<(row: number) => boolean> = [];

  const text = query.text.trim().toLowerCase();
  if (text) tests.push(row => index.rowText(row).includes(text));

  for (const range of query.ranges) {
    if (range.min === null && range.max === null) continue;
    const values = index.numericField(range.key, computed);
    if (!values) continue;
    if (range.key.startsWith('prop:') && !computed.properties[range.key.slice(5) as PropertyKey])
      pending.push(range.key);
    const lo = range.min ?? -Infinity,
      hi = range.max ?? Infinity;
    tests.push(row => values[row] >= lo && values[row] <= hi);
  }

  if (query.smarts) {
    const s = computed.smarts;
    if (!s || s.query !== query.smarts) {
      pending.push('smarts');
      tests.push(() => false);
    } else {
      if (s.matches.includes(UNKNOWN)) pending.push('smarts');
      tests.push(row => s.matches[row] === 1);
    }
  }

  if (query.similarity) {
    const sim = computed.similarity;
    const q = query.similarity;
    if (!sim || sim.smiles !== q.smiles || sim.method !== q.method) {
      pending.push('similarity');
      tests.push(() => false);
    } else tests.push(row => sim.scores[row] >= q.min);
  }

  const rows: number[] = [];
  for (let row = 0; row < n; row++) if (tests.every(t => t(row))) rows.push(row);
  return { rows: sortRows(index, rows, query.sort, computed), pending };
}

/** Sorts row positions by a field; rows without a value go last either way, ties keep file order. */
export function sortRows(index: GridIndex, rows: number[], sort: SortSpec, computed: Computed): Int32Array {
  const out = Int32Array.from(rows);
  if (sort.key === 'row') return sort.descending ? out.reverse() : out;
  const sign = sort.descending ? -1 : 1;
  const numbers = index.numericField(sort.key, computed);
  if (numbers) {
    return out.sort((a, b) => {
      const x = numbers[a],
        y = numbers[b];
      const xn = Number.isNaN(x),
        yn = Number.isNaN(y);
      if (xn || yn) return xn && yn ? a - b : xn ? 1 : -1;
      return x === y ? a - b : x < y ? -sign : sign;
    });
  }
  const column = Number(sort.key.slice(4));
  const values = index.data.rows.map(r => (r.values[column] ?? '').trim());
  return out.sort((a, b) => {
    const x = values[a],
      y = values[b];
    if (!x || !y) return !x && !y ? a - b : !x ? 1 : -1;
    return sign * index.compareText(x, y) || a - b;
  });
}
