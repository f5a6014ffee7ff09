// Messages between the grid panel (extension host) and its worker thread (dist/workers/grid-worker.js).
import type { PropertyKey, SimilarityMethod } from './query';

/** Depictions travel as image sources with this prefix only (never as markup). */
export const SVG_DATA_URL = 'data:image/svg+xml;base64,';

export type ScanKind = 'properties' | 'smarts' | 'similarity';

export type GridWorkerRequest =
  /** The file's molecules (replacing any earlier ones: the file was re-read). */
  | { type: 'load'; molecules: string[]; molblock: boolean }
  | { type: 'depict'; id: number; rows: number[]; width: number; smarts: string }
  | { type: 'properties'; id: number }
  | { type: 'smarts'; id: number; smarts: string }
  /** ECFP Tanimoto, or embedding cosine with the model in `modelDirectory`. */
  | { type: 'similarity'; id: number; smiles: string; method: SimilarityMethod; modelDirectory?: string }
  /** SMILES of rows (SDF records converted), '' where unreadable. */
  | { type: 'smiles'; id: number; rows: number[] };

export interface DepictionItem { row: number; url?: string; error?: string; matched?: boolean }

export type GridWorkerResponse =
  | { type: 'depictions'; id: number; items: DepictionItem[] }
  /**
   * Part of a scan over all rows, rows `start` to `start + count - 1`. properties: `count * PROPERTIES.length`
   * values row by row; smarts: 1/0/255 per row; similarity: the score per row (NaN unreadable).
   */
  | { type: 'chunk'; id: number; kind: ScanKind; start: number; count: number; values: number[]; done: number; total: number; millis: number }
  | { type: 'smiles'; id: number; smiles: string[] }
  | { type: 'error'; id: number; message: string };

export type { PropertyKey };
