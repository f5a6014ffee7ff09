// The molecule grid's worker thread: depictions on demand (cached), and scans over every row (computed properties,
// SMARTS matches, ECFP similarity) in time slices so that depiction requests are answered between slices. RDKit's
// wasm memory never shrinks, so this runs apart from the extension host and ends with the grid.
import { parentPort } from 'node:worker_threads';
import { withRdkit, type Rdkit } from '../core/chem/rdkit';
import { LruCache } from '../core/chem/lru';
import { depictRow, matchSmarts, rowFingerprint, rowProperties, rowSmiles } from '../core/grid/chem';
import { tanimoto, type Fingerprint } from '../core/similarity/ecfp';
import { cosine } from '../core/similarity/top-k';
import { Model } from '../core/model/runtime';
import type { DepictionItem, GridWorkerRequest, GridWorkerResponse, ScanKind } from '../core/grid/worker-protocol';

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

function send(m: GridWorkerResponse): void { port.postMessage(m); }

function smilesOf(r: Rdkit, row: number): string | undefined {
  let s = smiles[row];
  if (s === undefined) { s = rowSmiles(r, molecules[row] ?? '', molblock) ?? null; smiles[row] = s; }
  return s ?? undefined;
}

/** Rows a scan step handles at once (one SMARTS parse per batch). */
const BATCH = 50;

/**
 * Runs `step` over every row, BATCH rows at a time (one RDKit step each, see withRdkit: a batch whose module traps
 * runs again on a fresh one), in slices of SLICE_MS, sending a chunk of values every CHUNK_ROWS rows (or at the end),
 * and yielding to other messages (depictions) between slices. Stops quietly when a newer scan of the same kind starts.
 */
async function scan(id: number, kind: ScanKind, step: (r: Rdkit, from: number, to: number) => number[]): Promise<void> {
  latest.set(kind, id);
  const total = molecules.length;
  const t0 = performance.now();
  let row = 0;
  let chunkStart = 0;
  let values: number[] = [];
  while (row < total) {
    const sliceEnd = performance.now() + SLICE_MS;
    while (row < total && performance.now() < sliceEnd) {
      const from = row, to = Math.min(total, row + BATCH, chunkStart + CHUNK_ROWS);
      values.push(...await withRdkit(r => step(r, from, to)));
      row = to;
      if (row - chunkStart === CHUNK_ROWS || row === total) {
        send({ type: 'chunk', id, kind, start: chunkStart, count: row - chunkStart, values, done: row, total, millis: performance.now() - t0 });
        chunkStart = row; values = [];
      }
    }
    await new Promise(resolve => setImmediate(resolve));
    if (latest.get(kind) !== id) return;
  }
  if (total === 0) send({ type: 'chunk', id, kind, start: 0, count: 0, values: [], done: 0, total: 0, millis: 0 });
}

let model: { directory: string; model: Promise<Model> } | undefined;

/** Cosine similarity of every row's embedding to the query's, batch by batch (the model caches embeddings). */
async function embeddingScan(id: number, query: string, directory: string | undefined): Promise<void> {
  if (!directory) { send({ type: 'error', id, message: 'no embedding model is available' }); return; }
  if (model?.directory !== directory) model = { directory, model: Model.load(directory, { device: 'cpu' }) };
  const m = await model.model;
  const q = (await m.run([query])).results[0];
  if (!q) { send({ type: 'error', id, message: `the model cannot embed the query ${query}` }); return; }
  latest.set('similarity', id);
  const total = molecules.length;
  const t0 = performance.now();
  for (let start = 0; start < total; start += CHUNK_ROWS) {
    const rows = Array.from({ length: Math.min(CHUNK_ROWS, total - start) }, (_, i) => start + i);
    const inputs = await withRdkit(r => rows.map(row => smilesOf(r, row) ?? ''));
    const { results } = await m.run(inputs);
    const values = results.map(res => res ? cosine(q.embedding, res.embedding) : NaN);
    send({ type: 'chunk', id, kind: 'similarity', start, count: rows.length, values, done: start + rows.length, total, millis: performance.now() - t0 });
    await new Promise(resolve => setImmediate(resolve));
    if (latest.get('similarity') !== id) return;
  }
  if (total === 0) send({ type: 'chunk', id, kind: 'similarity', start: 0, count: 0, values: [], done: 0, total: 0, millis: 0 });
}

async function handle(m: GridWorkerRequest): Promise<void> {
  switch (m.type) {
    case 'load':
      molecules = m.molecules; molblock = m.molblock;
      smiles = new Array(molecules.length); fingerprints = new Array(molecules.length); properties = [];
      depictions.clear(); latest.clear();
      return;
    case 'depict': {
      // Depictions already made are cached, so a step that runs again after a trap redoes only the rest.
      const items = await withRdkit(r => m.rows.filter(row => row >= 0 && row < molecules.length).map(row => {
        const key = `${row}\u0000${m.width}\u0000${m.smarts}`;
        let item = depictions.get(key);
        if (!item) {
          const d = depictRow(r, molecules[row], molblock, m.width, m.smarts);
          item = 'url' in d ? { row, url: d.url, matched: d.matched } : { row, error: d.error };
          depictions.set(key, item);
        }
        return item;
      }));
      send({ type: 'depictions', id: m.id, items });
      return;
    }
    case 'properties':
      return scan(m.id, 'properties', (r, from, to) => {
        const out: number[] = [];
        for (let row = from; row < to; row++) {
          properties[row] ??= rowProperties(r, smilesOf(r, row));
          out.push(...properties[row]);
        }
        return out;
      });
    case 'smarts': {
      const check = await withRdkit(r => r.withQuery(m.smarts, () => true));
      if (!check.ok) { send({ type: 'error', id: m.id, message: `invalid SMARTS: ${check.error.message}` }); return; }
      return scan(m.id, 'smarts', (r, from, to) => {
        const v = matchSmarts(r, m.smarts, molecules.slice(from, to), molblock);
        return Array.from({ length: to - from }, (_, i) => v.ok ? v.value[i] : 255);
      });
    }
    case 'smiles': {
      send({ type: 'smiles', id: m.id, smiles: await withRdkit(r => m.rows.map(row => smilesOf(r, row) ?? '')) });
      return;
    }
    case 'similarity': {
      if (m.method === 'embedding') return embeddingScan(m.id, m.smiles.trim(), m.modelDirectory);
      const query = await withRdkit(r => rowFingerprint(r, m.smiles.trim()));
      if (!query) { send({ type: 'error', id: m.id, message: `the query is not a valid SMILES: ${m.smiles}` }); return; }
      return scan(m.id, 'similarity', (r, from, to) => {
        const out: number[] = [];
        for (let row = from; row < to; row++) {
          let fp = fingerprints[row];
          if (fp === undefined) { fp = rowFingerprint(r, smilesOf(r, row)) ?? null; fingerprints[row] = fp; }
          out.push(fp ? tanimoto(query, fp) : NaN);
        }
        return out;
      });
    }
  }
}

// RDKit's wasm compiles while the file is being read and sent: the first depiction does not wait for it.
void withRdkit(() => undefined);

// Depictions are answered at once; scans interleave with them through their slices.
port.on('message', (m: GridWorkerRequest) => {
  handle(m).catch((e: unknown) => send({ type: 'error', id: 'id' in m ? m.id : -1, message: (e as Error).message }));
});
