// Published benchmark numbers: which rows belong to a reference, and side-by-side comparisons that never mix
// protocols (numbers from different splits and fine-tuning budgets are not comparable).
import type { BenchmarkRow, Benchmarks, Reference } from './types';

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Model names a reference goes by: "MolBART / Chemformer" → both; "GEM (ChemRL-GEM)" → "gem". */
export function modelNames(ref: Reference): string[] {
  return ref.model ? ref.model.split('/').map(norm).filter(Boolean) : [];
}

/** Rows printed by this paper, plus rows where another paper ran this paper's model. */
export function rowsForReference(b: Benchmarks, ref: Reference): BenchmarkRow[] {
  const names = new Set(modelNames(ref));
  return b.rows.filter(r => r.paperId === ref.id || names.has(norm(r.model)));
}

export function rowLabel(r: BenchmarkRow): string {
  return r.variant && r.variant !== r.model ? `${r.model} · ${r.variant}` : r.model;
}

export function formatValue(v: { mean: number; std?: number } | undefined): string {
  if (!v) return '—';
  const digits = v.mean < 10 ? 3 : 1;
  return v.std !== undefined ? `${v.mean.toFixed(digits)} ± ${v.std.toFixed(digits)}` : v.mean.toFixed(digits);
}

export interface ProtocolGroup {
  protocol: string;
  split: string;
  description: string;
  rows: BenchmarkRow[];
}

/** Rows that report at least one of the tasks, grouped by protocol in data order. */
export function compare(b: Benchmarks, tasks: readonly string[]): ProtocolGroup[] {
  const groups = new Map<string, ProtocolGroup>();
  for (const r of b.rows) {
    if (!tasks.some(t => t in r.values)) continue;
    const p = b.protocols[r.protocol];
    let g = groups.get(r.protocol);
    if (!g)
      groups.set(
        r.protocol,
        (g = { protocol: r.protocol, split: p?.split ?? '', description: p?.description ?? '', rows: [] }),
      );
    g.rows.push(r);
  }
  return [...groups.values()];
}

/** Tasks in the order the datasets are declared. */
export function benchmarkTasks(b: Benchmarks): string[] {
  return Object.keys(b.datasets);
}
