// Our shipped model's own evaluation numbers as the survey view shows them, and how they meet the benchmark tasks.
// Read from the model's manifest by src/core/survey/ownMetrics.ts.

export interface OwnMetric {
  dataset: string;
  metric: string | null;
  mean: number;
  std?: number;
  split: string | null;
}

export type OwnMetrics =
  | { available: true; model: string; protocol: string | null; metrics: OwnMetric[]; skipped: string[] }
  | { available: false; reason: string };

/** Matches a metric's dataset name to a benchmark task ("bbbp", "BBBP", "bbbp_BBBP" → "BBBP"). */
const ALIASES: Record<string, string> = { delaney: 'esol', lipo: 'lipophilicity', sampl: 'freesolv' };
export function taskOf(dataset: string, tasks: readonly string[]): string | null {
  const raw = dataset.toLowerCase().replace(/[^a-z0-9]/g, '');
  const d = ALIASES[raw] ?? raw;
  return tasks.find(t => t.toLowerCase() === d) ?? tasks.find(t => d.includes(t.toLowerCase())) ?? null;
}
