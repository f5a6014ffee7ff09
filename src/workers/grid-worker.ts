// The molecule grid's worker thread: depictions on demand (cached), and scans over every row (computed properties,
// SMARTS matches, ECFP similarity) in time slices so that depiction requests are answered between slices. RDKit's
// wasm memory never shrinks, so this runs apart from the extension host and ends with the grid.
import { parentPort } from 'node:worker_threads';
import { rdkit, withRdkit, type Rdkit } from '../core/chem/rdkit';
import { LruCache } from '../common/lru';
import { depictRow, matchSmarts, rowFingerprint, rowProperties, rowSmiles } from '../core/grid/chem';
import { tanimoto, type Fingerprint } from '../core/similarity/ecfp';
import { cosine } from '../core/similarity/top-k';
import { Model } from '../core/model/runtime';
import type {
  DepictionItem,
  GridCalls,
  GridNotes,
  ScanChunk,
  ScanKind,
  ScanRequest,
} from '../common/grid/worker-protocol';
import { serve, type CallContext } from '../core/worker-rpc';

const port = parentPort!;
const SLICE_MS = 60;
const CHUNK_ROWS = 2000;

let molecules: string[] = [];
let molblock = false;
/** Per row, computed once per load: SMILES (SDF records converted), fingerprints (null: unreadable). */
let smiles: Array<string | undefined | null> = [];
let fingerprints: Array<Fingerprint | null | undefined> = [];
let properties: number[][] = [];
const depictions = new LruCache<string, DepictionItem>(3000);
/** The latest scan of each kind; an older one stops at its next slice. */
const latest = new Map<ScanKind, number>();

type ScanContext = CallContext<ScanChunk>;
/** A scan goes on while it is the latest of its kind and its caller has not cancelled it. */
const current = (ctx: ScanContext, kind: ScanKind) => latest.get(kind) === ctx.id && !ctx.signal.aborted;

function smilesOf(r: Rdkit, row: number): string | undefined {
  let s = smiles[row];
  if (s === undefined) {
    s = rowSmiles(r, molecules[row] ?? '', molblock) ?? null;
    smiles[row] = s;
  }
  return s ?? undefined;
}

/** Rows a scan step handles at once (one SMARTS parse per batch). */
const BATCH = 50;

/**
 * Runs `step` over every row, BATCH rows at a time (one RDKit step each, see withRdkit: a batch whose module traps
 * runs again on a fresh one), in slices of SLICE_MS, sending a chunk of values every CHUNK_ROWS rows (or at the end),
 * and yielding to other messages (depictions) between slices. Stops quietly when a newer scan of the same kind starts.
 */
async function scan(
  ctx: ScanContext,
  kind: ScanKind,
  step: (r: Rdkit, from: number, to: number) => number[],
): Promise<void> {
  latest.set(kind, ctx.id);
  const total = molecules.length;
  const t0 = performance.now();
  let row = 0;
  let chunkStart = 0;
  let values: number[] = [];
  while (row < total) {
    const sliceEnd = performance.now() + SLICE_MS;
    while (row < total && performance.now() < sliceEnd) {
      const from = row,
        to = Math.min(total, row + BATCH, chunkStart + CHUNK_ROWS);
      values.push(...(await withRdkit(r => step(r, from, to))));
      row = to;
      if (row - chunkStart === CHUNK_ROWS || row === total) {
        ctx.progress({
          kind,
          start: chunkStart,
          count: row - chunkStart,
          values,
          done: row,
          total,
          millis: performance.now() - t0,
        });
        chunkStart = row;
        values = [];
      }
    }
    await new Promise(resolve => setImmediate(resolve));
    if (!current(ctx, kind)) return;
  }
  if (total === 0) ctx.progress({ kind, start: 0, count: 0, values: [], done: 0, total: 0, millis: 0 });
}

let model: { directory: string; model: Promise<Model> } | undefined;

/** Cosine similarity of every row's embedding to the query's, batch by batch (the model caches embeddings). */
async function embeddingScan(ctx: ScanContext, query: string, directory: string | undefined): Promise<void> {
  if (!directory) throw new Error('no embedding model is available');
  if (model?.directory !== directory) model = { directory, model: Model.load(directory, { device: 'cpu' }) };
  const m = await model.model;
  const q = (await m.run([query])).results[0];
  if (!q) throw new Error(`the model cannot embed the query ${query}`);
  latest.set('similarity', ctx.id);
  const total = molecules.length;
  const t0 = performance.now();
  for (let start = 0; start < total; start += CHUNK_ROWS) {
    const rows = Array.from({ length: Math.min(CHUNK_ROWS, total - start) }, (_, i) => start + i);
    const inputs = await withRdkit(r => rows.map(row => smilesOf(r, row) ?? ''));
    const { results } = await m.run(inputs);
    const values = results.map(res => (res ? cosine(q.embedding, res.embedding) : NaN));
    ctx.progress({
      kind: 'similarity',
      start,
      count: rows.length,
      values,
      done: start + rows.length,
      total,
      millis: performance.now() - t0,
    });
    await new Promise(resolve => setImmediate(resolve));
    if (!current(ctx, 'similarity')) return;
  }
  if (total === 0) ctx.progress({ kind: 'similarity', start: 0, count: 0, values: [], done: 0, total: 0, millis: 0 });
}

function load(m: GridNotes['load']): void {
  molecules = m.molecules;
  molblock = m.molblock;
  smiles = new Array(molecules.length);
  fingerprints = new Array(molecules.length);
  properties = [];
  depictions.clear();
  latest.clear();
}

async function depict(m: GridCalls['depict']['params']): Promise<DepictionItem[]> {
  // Depictions already made are cached, so a step that runs again after a trap redoes only the rest.
  return withRdkit(r =>
    m.rows
      .filter(row => row >= 0 && row < molecules.length)
      .map(row => {
        const key = `${row}\u0000${m.width}\u0000${m.smarts}`;
        let item = depictions.get(key);
        if (!item) {
          const d = depictRow(r, molecules[row], molblock, m.width, m.smarts);
          item = 'url' in d ? { row, url: d.url, matched: d.matched } : { row, error: d.error };
          depictions.set(key, item);
        }
        return item;
      }),
  );
}

/** Depictions of SMILES from elsewhere (the screen results view's visible rows), cached by SMILES and width. */
async function depictSmiles(m: GridCalls['depictSmiles']['params']): Promise<DepictionItem[]> {
  return withRdkit(r =>
    m.smiles.map((smiles, row) => {
      const key = `smiles\u0000${m.width}\u0000${smiles}`;
      let item = depictions.get(key);
      if (!item) {
        const d = depictRow(r, smiles, false, m.width);
        item = 'url' in d ? { row, url: d.url } : { row, error: d.error };
        depictions.set(key, item);
      }
      return { ...item, row };
    }),
  );
}

async function runScan(m: ScanRequest, ctx: ScanContext): Promise<void> {
  switch (m.kind) {
    case 'properties':
      return scan(ctx, 'properties', (r, from, to) => {
        const out: number[] = [];
        for (let row = from; row < to; row++) {
          properties[row] ??= rowProperties(r, smilesOf(r, row));
          out.push(...properties[row]);
        }
        return out;
      });
    case 'smarts': {
      const check = await withRdkit(r => r.withQuery(m.smarts, () => true));
      if (!check.ok) throw new Error(`invalid SMARTS: ${check.error.message}`);
      return scan(ctx, 'smarts', (r, from, to) => {
        const v = matchSmarts(r, m.smarts, molecules.slice(from, to), molblock);
        return Array.from({ length: to - from }, (_, i) => (v.ok ? v.value[i] : 255));
      });
    }
    case 'similarity': {
      if (m.method === 'embedding') return embeddingScan(ctx, m.smiles.trim(), m.modelDirectory);
      const query = await withRdkit(r => rowFingerprint(r, m.smiles.trim()));
      if (!query) throw new Error(`the query is not a valid SMILES: ${m.smiles}`);
      return scan(ctx, 'similarity', (r, from, to) => {
        const out: number[] = [];
        for (let row = from; row < to; row++) {
          let fp = fingerprints[row];
          if (fp === undefined) {
            fp = rowFingerprint(r, smilesOf(r, row)) ?? null;
            fingerprints[row] = fp;
          }
          out.push(fp ? tanimoto(query, fp) : NaN);
        }
        return out;
      });
    }
  }
}

// RDKit's wasm compiles while the file is being read and sent: the first depiction does not wait for it.
void rdkit();

// Depictions are answered at once; scans interleave with them through their slices.
serve<GridCalls, GridNotes>(port, {
  calls: {
    depict,
    depictSmiles,
    smiles: m => withRdkit(r => m.rows.map(row => smilesOf(r, row) ?? '')),
    scan: runScan,
  },
  notes: { load },
});
