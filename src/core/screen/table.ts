// The rows of a screen folder as one table, queried with DuckDB over its finished part files; never loaded whole.
// A page of rows in the library's order is read from the one or two part files that hold it (the manifest says how
// many rows each holds). A filtered or sorted order is kept as a list of row numbers (one sort per filter and sort,
// cached): a page is then a range of that list plus a lookup of those rows in the part files that hold them. The
// first pages of a new order come from a top-N query, so no full sort runs unless the user scrolls far down.
// Counts and histograms are cached per filter. Filters and sorts are validated against the table's columns and run
// as parameterised SQL: column names come only from the table itself, values only as bound parameters.
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBListValue, type DuckDBValue } from '@duckdb/node-api';
import {
  filterKey,
  filterProblem,
  sortProblem,
  MAX_BINS,
  MAX_PAGE_ROWS,
  type Histogram,
  type ScreenColumn,
  type ScreenFilter,
  type ScreenSort,
} from '../../common/screen/query';
import { LruCache } from '../../common/lru';
import { partsHolding, partTotals, readScreen, type PartEntry, type ScreenManifest } from './folder';

export type Cell = number | string | null;

export interface PageRequest {
  filters: ScreenFilter[];
  sort: ScreenSort | null;
  offset: number;
  limit: number;
}

export interface Page {
  offset: number;
  /** Rows of the page, values in `columns` order. */
  rows: Cell[][];
  /** Rows matching the filters. */
  total: number;
}

/** The folder as the table reads it: the manifest its shard files give (folder.ts, the one reader of a screen). */
export interface ScreenFolder {
  dir: string;
  manifest: ScreenManifest;
}

export interface ScreenTableOptions {
  /** DuckDB worker threads (default: the CPUs, at least 2 and at most 4). */
  threads?: number;
  /** DuckDB memory limit, e.g. '1GB' (the default). */
  memoryLimit?: string;
  /** Rows of the sample that places a page far down an order (default 50,000; 0: always sort every row). */
  bandSampleRows?: number;
}

/** Pages of a new order served by a top-N query before a full ordering is built. */
export const TOP_N_ROWS = 10_000;

/** A query's problem that the user caused (a bad filter): shown as it is. */
export class ScreenQueryError extends Error {}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

function cell(v: DuckDBValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return String(v);
}

/** Columns as the view shows them: row and id, then the predictions and their scores, then the SMILES (wide). */
function displayOrder(columns: ScreenColumn[]): ScreenColumn[] {
  const rank = (name: string) =>
    name === 'row' ? 0 : name === 'id' ? 1 : /^(pred_|unc_)/.test(name) || name === 'ad_similarity' ? 2 : 3;
  return columns
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c.name) - rank(b.c.name) || a.i - b.i)
    .map(x => x.c);
}

export class ScreenTable {
  private folderState: ScreenFolder;
  private columnList: ScreenColumn[] = [];
  private nextTable = 1;
  private readonly counts = new LruCache<string, Promise<number>>(64);
  private readonly histograms = new LruCache<string, Promise<Histogram>>(32);
  /** Ranges of number columns over every row, from the parts' statistics. */
  private readonly ranges = new Map<string, Promise<{ low: number; high: number } | null>>();
  /** Orderings (tables of row numbers) by filter and sort; the oldest are dropped. */
  private readonly orders = new Map<string, Promise<{ table: string; size: number }>>();
  /** The orderings of `orders` built so far. */
  private readonly built = new Map<string, { table: string; size: number }>();
  /** Per order, a sample of its sort key and the bands read around pages (see band). */
  private readonly samples = new LruCache<string, Promise<readonly DuckDBValue[]>>(8);
  private bands = new LruCache<string, Array<{ start: number; rows: number[] }>>(8);
  private readonly bandSampleRows: number;
  /** How pages of sorted or filtered orders were found: top-N query, band, full ordering (for tests, benchmarks). */
  readonly served = { top: 0, band: 0, ordering: 0 };
  private closed = false;

  private constructor(
    private readonly db: DuckDBInstance,
    folder: ScreenFolder,
    bandSampleRows: number,
  ) {
    this.folderState = folder;
    this.bandSampleRows = bandSampleRows;
  }

  static async open(dir: string, options: ScreenTableOptions = {}): Promise<ScreenTable> {
    const folder = { dir, manifest: readScreen(dir) };
    const cpus = (await import('node:os')).availableParallelism();
    // The user waits on every query, and DuckDB's threads are busy only while one runs: use the cores.
    const db = await DuckDBInstance.create(':memory:', {
      threads: String(options.threads ?? Math.max(2, Math.min(4, cpus))),
      memory_limit: options.memoryLimit ?? '1GB',
    });
    const table = new ScreenTable(db, folder, Math.max(0, Math.floor(options.bandSampleRows ?? 50_000)));
    try {
      // Part files never change once listed: their footers need reading once, not on every query.
      await table.withConnection(c => c.run('LOAD parquet; SET GLOBAL parquet_metadata_cache = true'));
      await table.defineView();
    } catch (e) {
      db.closeSync();
      throw e;
    }
    return table;
  }

  get folder(): ScreenFolder {
    return this.folderState;
  }

  /** The parts listed by the shard files, in row order (of running shards too). */
  private get parts(): readonly PartEntry[] {
    return this.folderState.manifest.parts;
  }

  /** The columns in the order of every page's values (see displayOrder). */
  get columns(): readonly ScreenColumn[] {
    return this.columnList;
  }

  /** Re-reads the folder (a screen still running adds parts); true when the table changed. */
  async reload(): Promise<boolean> {
    const folder = { dir: this.folderState.dir, manifest: readScreen(this.folderState.dir) };
    const names = (f: ScreenFolder) => f.manifest.parts.map(p => p.file).join('\n');
    const changed = names(folder) !== names(this.folderState);
    this.folderState = folder;
    if (!changed) return false;
    await this.dropOrders();
    this.counts.clear();
    this.histograms.clear();
    this.ranges.clear();
    this.samples.clear();
    this.bands = new LruCache(8);
    await this.defineView();
    return true;
  }

  private files(parts: readonly PartEntry[]): string {
    return `[${parts.map(p => sqlText(path.join(this.folderState.dir, p.file))).join(', ')}]`;
  }

  private async defineView(): Promise<void> {
    await this.withConnection(async c => {
      if (!this.parts.length) {
        this.columnList = [];
        return;
      }
      await c.run(`CREATE OR REPLACE VIEW screen AS SELECT * FROM read_parquet(${this.files(this.parts)})`);
      const described = await c.runAndReadAll('DESCRIBE screen');
      this.columnList = displayOrder(
        described.getRows().map(r => ({
          name: String(r[0]),
          kind: NUMERIC.test(String(r[1])) ? ('number' as const) : ('text' as const),
        })),
      );
    });
    if (this.parts.length && !this.columnList.some(c => c.name === 'row' && c.kind === 'number'))
      throw new ScreenQueryError(`the part files of ${this.folderState.dir} have no row column`);
  }

  /** Runs `fn` on a connection of its own (queries run side by side; tables are shared by the database). */
  private async withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new ScreenQueryError('the screen table is closed');
    const c = await this.db.connect();
    try {
      return await fn(c);
    } finally {
      c.closeSync();
    }
  }

  private check(filters: ScreenFilter[], sort: ScreenSort | null): void {
    const problem = filterProblem(filters, this.columnList) ?? sortProblem(sort, this.columnList);
    if (problem) throw new ScreenQueryError(problem);
  }

  /** The WHERE clause of `filters` (validated) and its bound values. */
  private where(filters: readonly ScreenFilter[]): { sql: string; values: DuckDBValue[] } {
    const values: DuckDBValue[] = [];
    const terms = filters.map(f => {
      values.push(f.value);
      const p = `$${values.length}`;
      const col = ident(f.column);
      switch (f.op) {
        case 'contains':
          return `contains(${col}, ${p})`;
        case 'starts with':
          return `starts_with(${col}, ${p})`;
        default:
          return `${col} ${f.op} ${p}`;
      }
    });
    return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', values };
  }

  private orderBy(sort: ScreenSort | null): string {
    if (!sort || sort.column === 'row') return `ORDER BY row ${sort?.descending ? 'DESC' : 'ASC'}`;
    return `ORDER BY ${ident(sort.column)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST, row ASC`;
  }

  /** Rows matching `filters`: the manifest's sum without filters, else one cached count. */
  async count(filters: ScreenFilter[]): Promise<number> {
    this.check(filters, null);
    if (!filters.length) return partTotals(this.parts).rows;
    const key = filterKey(filters);
    let count = this.counts.get(key);
    if (!count) {
      const { sql, values } = this.where(filters);
      count = this.withConnection(async c =>
        Number((await c.runAndReadAll(`SELECT count(*) FROM screen ${sql}`, values)).getRows()[0][0]),
      );
      this.counts.set(key, count);
      count.catch(() => this.counts.get(key) === count && this.counts.delete(key));
    }
    return count;
  }

  async page(request: PageRequest): Promise<Page> {
    const { filters, sort } = request;
    this.check(filters, sort);
    const offset = Math.max(0, Math.floor(request.offset));
    const limit = Math.max(0, Math.min(MAX_PAGE_ROWS, Math.floor(request.limit)));
    if (!this.parts.length) return { offset, rows: [], total: 0 };
    const natural = !filters.length && (!sort || (sort.column === 'row' && !sort.descending));
    if (natural) {
      const total = partTotals(this.parts).rows;
      return { offset, rows: await this.naturalPage(offset, limit), total };
    }
    const key = `${filterKey(filters)}\u0000${sort ? `${sort.column}\u0000${sort.descending}` : ''}`;
    const built = this.built.get(key);
    const fromOrder = async (order: { table: string; size: number }): Promise<Page> => {
      this.served.ordering++;
      return { offset, rows: await this.rowsByNumber(await this.orderRange(order, offset, limit)), total: order.size };
    };
    if (built) return fromOrder(built);
    if (offset + limit <= TOP_N_ROWS) {
      this.served.top++;
      const [rows, total] = await Promise.all([this.topRows(filters, sort, offset, limit), this.count(filters)]);
      return { offset, rows: await this.rowsByNumber(rows), total };
    }
    if (this.bandSampleRows > 0) {
      // Far down: a band of the order around the page now, then the full ordering for later pages (not before: the
      // sort would take the cores from the page the user waits on). While that sort runs, a page outside the bands
      // read so far waits for it rather than compete with it.
      const sorting = this.orders.has(key);
      const band = await this.band(key, filters, sort, offset, limit, sorting);
      if (!sorting) void this.ordering(key, filters, sort).catch(() => undefined);
      if (band) {
        this.served.band++;
        return { offset, rows: await this.rowsByNumber(band.rows), total: band.total };
      }
    }
    return fromOrder(await this.ordering(key, filters, sort));
  }

  /** Row numbers at positions offset.. of a built ordering. */
  private orderRange(order: { table: string }, offset: number, limit: number): Promise<number[]> {
    return this.withConnection(async c =>
      (await c.runAndReadAll(`SELECT row FROM ${order.table} WHERE rowid >= ${offset} AND rowid < ${offset + limit}`))
        .getRows()
        .map(r => Number(r[0])),
    );
  }

  /**
   * The row numbers at positions offset..offset+limit-1 of an order without sorting every row: a sample of the sort
   * key (taken once per order) says which key values bound those positions, with a margin of three standard errors;
   * one narrow pass then counts the rows before the band and collects the band's rows in order. Nearby pages are
   * served from the band. Undefined when the band misses the page (the sample misled): then the full ordering does.
   */
  private async band(
    key: string,
    filters: ScreenFilter[],
    sort: ScreenSort | null,
    offset: number,
    limit: number,
    /** Only from a band read before. */
    readOnly = false,
  ): Promise<{ rows: number[]; total: number } | undefined> {
    const total = await this.count(filters);
    const end = Math.min(offset + limit, total);
    if (offset >= end) return { rows: [], total };
    const bands = this.bands; // replaced when the folder changes: a band read before is not kept
    const near = bands.get(key)?.find(b => b.start <= offset && end <= b.start + b.rows.length);
    if (near) return { rows: near.rows.slice(offset - near.start, end - near.start), total };
    if (readOnly) return undefined;
    const k = sort ? ident(sort.column) : 'row';
    const dir = sort?.descending ? 'DESC' : 'ASC';
    const { sql, values } = this.where(filters);
    const and = sql ? `${sql} AND` : 'WHERE';
    let sample = this.samples.get(key);
    if (!sample) {
      // The key of a uniform sample of the rows, in the order's order (NULLs last, as the order puts them).
      const taken: Promise<readonly DuckDBValue[]> = this.withConnection(
        async c =>
          (
            (
              await c.runAndReadAll(
                `SELECT list_sort(list(v), '${dir}', 'NULLS LAST') FROM (SELECT ${k} AS v FROM screen ${sql})
                 USING SAMPLE reservoir(${this.bandSampleRows} ROWS) REPEATABLE (7)`,
                values,
              )
            ).getRows()[0][0] as DuckDBListValue | null
          )?.items ?? [],
      );
      this.samples.set(key, taken);
      taken.catch(() => this.samples.get(key) === taken && this.samples.delete(key));
      sample = taken;
    }
    const keys = await sample;
    const s = keys.length;
    if (!s) return undefined;
    // A sample of every row is exact; otherwise a position's rank in the sample varies by sqrt(s p (1 - p)).
    const margin = s >= total ? 0 : Math.ceil(3 * Math.sqrt(s / 4)) + 2;
    const at = (position: number) => Math.min(s - 1, Math.floor((position * s) / total));
    const first = keys[Math.max(0, at(offset) - margin)];
    const last = keys[Math.min(s - 1, at(end - 1) + margin)];
    const n = values.length;
    const [before, atOrAfter, atOrBefore] = dir === 'ASC' ? ['<', '>=', '<='] : ['>', '<=', '>='];
    // One narrow pass: the rows with a key, those before the band, and the band's rows in order. A band that reaches
    // the NULLs runs to the last key.
    const bounds = last === null ? [first] : [first, last];
    const inBand = `${k} ${atOrAfter} $${n + 1}` + (last === null ? '' : ` AND ${k} ${atOrBefore} $${n + 2}`);
    const [keyed, bandStart, bandRows] = await this.withConnection(async c => {
      if (first === null)
        return [
          Number((await c.runAndReadAll(`SELECT count(${k}) FROM screen ${sql}`, values)).getRows()[0][0]),
          0,
          [],
        ];
      const r = (
        await c.runAndReadAll(
          `SELECT count(${k}), count(*) FILTER (WHERE ${k} ${before} $${n + 1}),
                  list_transform(list_sort(list({'k': ${k}, 'r': ${dir === 'ASC' ? 'row' : '-row'}})
                                           FILTER (WHERE ${inBand}), '${dir}'), x -> ${dir === 'ASC' ? 'x.r' : '-x.r'})
           FROM screen ${sql}`,
          [...values, ...bounds],
        )
      ).getRows()[0];
      return [Number(r[0]), Number(r[1]), ((r[2] as DuckDBListValue | null)?.items ?? []).map(Number)];
    });
    let start = bandStart,
      rows: number[] = bandRows;
    if ((first === null || last === null) && end > keyed) {
      // The page reaches the rows without a key: they follow the keyed rows, in row order.
      const from = Math.max(offset, keyed);
      const tail = await this.withConnection(async c =>
        (
          await c.runAndReadAll(
            `SELECT row FROM screen ${and} ${k} IS NULL ORDER BY row LIMIT ${end - from} OFFSET ${from - keyed}`,
            values,
          )
        )
          .getRows()
          .map(r => Number(r[0])),
      );
      if (first === null || offset >= keyed) {
        start = from;
        rows = tail;
      } else rows = [...rows, ...tail];
    }
    if (!(start <= offset && end <= start + rows.length)) return undefined;
    if (this.bands === bands) bands.set(key, [...(bands.get(key) ?? []).slice(-3), { start, rows }]);
    return { rows: rows.slice(offset - start, end - start), total };
  }

  /** Rows `offset`.. in the library's order, from the parts that hold them. */
  private async naturalPage(offset: number, limit: number): Promise<Cell[][]> {
    const parts: PartEntry[] = [];
    let start = 0,
      skip = 0;
    for (const p of this.parts) {
      const end = start + p.rows;
      if (end > offset && start < offset + limit) {
        if (!parts.length) skip = offset - start;
        parts.push(p);
      }
      start = end;
    }
    if (!parts.length || limit === 0) return [];
    return this.withConnection(async c =>
      (
        await c.runAndReadAll(
          `SELECT ${this.selectList()} FROM read_parquet(${this.files(parts)}) ORDER BY row LIMIT ${limit} OFFSET ${skip}`,
        )
      )
        .getRows()
        .map(r => r.map(cell)),
    );
  }

  /** The columns in the view's order, read by name (part files written later may order them differently). */
  private selectList(): string {
    return this.columnList.map(c => ident(c.name)).join(', ');
  }

  private async topRows(
    filters: ScreenFilter[],
    sort: ScreenSort | null,
    offset: number,
    limit: number,
  ): Promise<number[]> {
    const { sql, values } = this.where(filters);
    return this.withConnection(async c =>
      (
        await c.runAndReadAll(
          `SELECT row FROM screen ${sql} ${this.orderBy(sort)} LIMIT ${limit} OFFSET ${offset}`,
          values,
        )
      )
        .getRows()
        .map(r => Number(r[0])),
    );
  }

  /** The table of row numbers in the order of `filters` and `sort`, built once (the oldest of five is dropped). */
  private ordering(
    key: string,
    filters: ScreenFilter[],
    sort: ScreenSort | null,
  ): Promise<{ table: string; size: number }> {
    let order = this.orders.get(key);
    if (order) return order;
    const table = `order_${this.nextTable++}`;
    const { sql, values } = this.where(filters);
    order = this.withConnection(async c => {
      await c.run(`CREATE TABLE ${table} AS SELECT row FROM screen ${sql} ${this.orderBy(sort)}`, values);
      const size = Number((await c.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
      if (this.orders.get(key) === order) this.built.set(key, { table, size });
      return { table, size };
    });
    this.orders.set(key, order);
    order.catch(() => this.orders.get(key) === order && this.orders.delete(key));
    while (this.orders.size > 5) {
      const [oldKey, old] = this.orders.entries().next().value!;
      this.orders.delete(oldKey);
      this.built.delete(oldKey);
      void old.then(o => this.withConnection(c => c.run(`DROP TABLE IF EXISTS ${o.table}`))).catch(() => undefined);
    }
    return order;
  }

  private async dropOrders(): Promise<void> {
    const orders = [...this.orders.values()];
    this.orders.clear();
    this.built.clear();
    for (const o of orders) {
      try {
        const { table } = await o;
        await this.withConnection(c => c.run(`DROP TABLE IF EXISTS ${table}`));
      } catch {
        // a failed ordering has no table
      }
    }
  }

  /** The rows with these numbers, in this order, read only from the part files that hold them. */
  private async rowsByNumber(numbers: number[]): Promise<Cell[][]> {
    if (!numbers.length) return [];
    const holding = partsHolding(this.parts, numbers);
    const list = numbers.filter(Number.isSafeInteger).join(', ');
    const rowIndex = this.columnList.findIndex(c => c.name === 'row');
    const rows = await this.withConnection(async c =>
      (
        await c.runAndReadAll(
          `SELECT ${this.selectList()} FROM read_parquet(${this.files(holding)}) WHERE row IN (${list})`,
        )
      )
        .getRows()
        .map(r => r.map(cell)),
    );
    const byNumber = new Map(rows.map(r => [r[rowIndex] as number, r]));
    return numbers.map(n => byNumber.get(n)).filter((r): r is Cell[] => r !== undefined);
  }

  /** Equal-width bins of a number column over the rows matching `filters` (cached). */
  async histogram(column: string, bins: number, filters: ScreenFilter[]): Promise<Histogram> {
    this.check(filters, null);
    const c = this.columnList.find(x => x.name === column);
    if (!c || c.kind !== 'number') throw new ScreenQueryError(`${column} is not a number column`);
    if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS)
      throw new ScreenQueryError(`bins must be an integer from 1 to ${MAX_BINS}`);
    const key = `${column}\u0000${bins}\u0000${filterKey(filters)}`;
    let h = this.histograms.get(key);
    if (!h) {
      h = this.computeHistogram(column, bins, filters);
      this.histograms.set(key, h);
      h.catch(() => this.histograms.get(key) === h && this.histograms.delete(key));
    }
    return h;
  }

  /** The finite range of a number column over every row, from the parts' row-group statistics (no scan); null
   *  when a statistic is missing, inexact or not finite (then the rows themselves give the range). */
  private statsRange(column: string): Promise<{ low: number; high: number } | null> {
    let range = this.ranges.get(column);
    if (!range) {
      range = this.withConnection(async c => {
        const [lo, hi, unusable] = (
          await c.runAndReadAll(
            `SELECT min(stats_min::DOUBLE), max(stats_max::DOUBLE),
                    count(*) FILTER (WHERE (stats_min IS NULL OR stats_max IS NULL) AND stats_null_count IS DISTINCT FROM num_values
                                     OR NOT coalesce(min_is_exact, true) OR NOT coalesce(max_is_exact, true))
             FROM parquet_metadata(${this.files(this.parts)}) WHERE path_in_schema = $1`,
            [column],
          )
        ).getRows()[0];
        const low = Number(lo),
          high = Number(hi);
        return Number(unusable) === 0 && lo !== null && Number.isFinite(low) && Number.isFinite(high) && low <= high
          ? { low, high }
          : null;
      });
      this.ranges.set(column, range);
      range.catch(() => this.ranges.get(column) === range && this.ranges.delete(column));
    }
    return range;
  }

  private async computeHistogram(column: string, bins: number, filters: ScreenFilter[]): Promise<Histogram> {
    if (!this.parts.length) return { column, bins: [], missing: 0 };
    const { sql, values } = this.where(filters);
    const n = values.length;
    const x = `${ident(column)}::DOUBLE`;
    // The range over every row comes from the parts' statistics; a filter's range needs a pass of its own. Then one
    // pass bins the values; values outside the finite range (NULL, NaN, infinities) fall in no bin: missing.
    const range =
      (!filters.length && (await this.statsRange(column))) ||
      (await this.withConnection(async c => {
        const [lo, hi] = (
          await c.runAndReadAll(
            `SELECT min(${x}) FILTER (WHERE isfinite(${x})), max(${x}) FILTER (WHERE isfinite(${x})) FROM screen ${sql}`,
            values,
          )
        ).getRows()[0];
        return lo === null || hi === null ? null : { low: Number(lo), high: Number(hi) };
      }));
    const { low, high } = range ?? { low: 0, high: 0 };
    const count = high > low ? bins : 1;
    const width = high > low ? (high - low) / count : 1;
    const rows = await this.withConnection(async c =>
      (
        await c.runAndReadAll(
          `SELECT CASE WHEN isfinite(${x}) THEN least(greatest(floor((${x} - $${n + 1}) / $${n + 2}), 0), $${n + 3})::INTEGER END
                  AS bin, count(*) FROM screen ${sql} GROUP BY bin`,
          [...values, low, width, count - 1],
        )
      ).getRows(),
    );
    const counts = new Array<number>(count).fill(0);
    let missing = 0;
    for (const [bin, k] of rows) {
      if (bin === null) missing += Number(k);
      else counts[Number(bin)] += Number(k);
    }
    if (!range) return { column, bins: [], missing };
    return {
      column,
      bins: counts.map((k, i) => ({
        from: low + i * width,
        to: i === count - 1 ? high : low + (i + 1) * width,
        count: k,
      })),
      missing,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.closeSync();
  }
}
