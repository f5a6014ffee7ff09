// Messages between the grid panel (extension host) and its worker thread (dist/workers/grid-worker.js).
import type { PropertyKey, SimilarityMethod } from './query';

/** Depictions travel as image sources with this prefix only (never as markup). */
export const SVG_DATA_URL = 'data:image/svg+xml;base64,';

export type ScanKind = 'properties' | 'smarts' | 'similarity';

/** A scan over every row; a newer scan of the same kind replaces (ends) an older one. */
export type ScanRequest =
  | { kind: 'properties' }
  | { kind: 'smarts'; smarts: string }
  /** ECFP Tanimoto, or embedding cosine with the model in `modelDirectory`. */
  | { kind: 'similarity'; smiles: string; method: SimilarityMethod; modelDirectory?: string };

export interface DepictionItem {
  row: number;
  url?: string;
  error?: string;
  matched?: boolean;
}

/**
 * Part of a scan over all rows, rows `start` to `start + count - 1`. properties: `count * PROPERTIES.length`
 * values row by row; smarts: 1/0/255 per row; similarity: the score per row (NaN unreadable).
 */
export interface ScanChunk {
  kind: ScanKind;
  start: number;
  count: number;
  values: number[];
  done: number;
  total: number;
  millis: number;
}

/** Calls to the grid worker (src/core/worker-rpc.ts). */
export type GridCalls = {
  depict: { params: { rows: number[]; width: number; smarts: string }; result: DepictionItem[]; progress: never };
  /** Depictions of molecules given as SMILES (not rows of the loaded file); `row` is the index in `smiles`. */
  depictSmiles: { params: { smiles: string[]; width: number }; result: DepictionItem[]; progress: never };
  /** SMILES of rows (SDF records converted), '' where unreadable. */
  smiles: { params: { rows: number[] }; result: string[]; progress: never };
  /** Resolves when the scan finished or was replaced; its parts come as progress, in row order. */
  scan: { params: ScanRequest; result: void; progress: ScanChunk };
};

export type GridNotes = {
  /** The file's molecules (replacing any earlier ones: the file was re-read). */
  load: { molecules: string[]; molblock: boolean };
};

export type { PropertyKey };
