// Nearest neighbours over a file's molecules: ECFP Tanimoto and embedding cosine.
import { tanimoto, type Fingerprint } from './ecfp';

export interface Neighbour {
  index: number;
  score: number;
}

/** The k best scores, highest first; ties keep the earlier row first. Undefined candidates are skipped. */
export function topK<T>(
  query: T,
  candidates: (T | undefined)[],
  k: number,
  score: (a: T, b: T) => number,
): Neighbour[] {
  const scored: Neighbour[] = [];
  candidates.forEach((c, index) => {
    if (c !== undefined) scored.push({ index, score: score(query, c) });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, Math.max(0, k));
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export const tanimotoTopK = (query: Fingerprint, fps: (Fingerprint | undefined)[], k: number) =>
  topK(query, fps, k, tanimoto);
export const cosineTopK = (query: ArrayLike<number>, vectors: (ArrayLike<number> | undefined)[], k: number) =>
  topK(query, vectors, k, cosine);

/** Highest Tanimoto of `fp` to any of `reference` (applicability domain: nearest training neighbour). */
export function maxTanimoto(fp: Fingerprint, reference: Fingerprint[]): number {
  let best = 0;
  for (const r of reference) {
    const s = tanimoto(fp, r);
    if (s > best) best = s;
  }
  return best;
}
