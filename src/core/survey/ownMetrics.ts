// Our shipped model's own evaluation numbers, read from its manifest (models/default/manifest.json, `metrics`).
// The manifest is produced with the model; this parser accepts the plain shapes a metrics object takes and says
// what it skipped, and reports "not available" rather than guessing when there is nothing usable. The fields it reads
// are defined once as a schema (`manifestMetrics`); a field of the wrong type reads as absent.
import * as z from 'zod/mini';
import type { OwnMetric, OwnMetrics } from '../../common/survey/ownMetrics';

/** A text field that reads as absent when it has another type. */
const maybeText = z.catch(z.optional(z.string()), undefined);
const maybe = <T extends z.core.SomeType>(schema: T) => z.catch(z.optional(schema), undefined);

/** What of a manifest (models/default/manifest.json or the exporter's layout) the metrics are read from. */
const manifestMetrics = z.looseObject({
  name: maybeText,
  id: maybeText,
  model: maybeText,
  split: maybeText,
  protocol: maybeText,
  /** Per dataset: a number, { metric?, mean | value | score, std?, split? }, { <metric>: number, std? }, or grouped by configuration. */
  metrics: z.record(z.string(), z.unknown()),
  evaluation: maybe(z.looseObject({ split: maybeText, protocol: maybeText, description: maybeText })),
  training: maybe(z.looseObject({ finetuning: maybeText })),
  /** The exporter's tasks name each dataset's test metric. */
  tasks: maybe(
    z.array(
      z.catch(
        z.looseObject({ dataset: maybeText, dataset_test_metric: maybe(z.looseObject({ metric: maybeText })) }),
        {},
      ),
    ),
  ),
});
type ManifestMetrics = z.infer<typeof manifestMetrics>;

const VALUE_KEYS = ['mean', 'value', 'score'];
const METRIC_KEYS: Record<string, string> = {
  'roc-auc': 'ROC-AUC',
  roc_auc: 'ROC-AUC',
  rocauc: 'ROC-AUC',
  auc: 'ROC-AUC',
  auroc: 'ROC-AUC',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R2',
};

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function canonicalMetric(name: string | null): string | null {
  if (!name) return null;
  return METRIC_KEYS[name.toLowerCase()] ?? name;
}

/** ROC-AUC on 0-1 becomes 0-100, the scale of the published tables. */
function scaled(metric: string | null, mean: number, std: number | undefined): { mean: number; std?: number } {
  if (metric === 'ROC-AUC' && mean <= 1) return { mean: mean * 100, ...(std !== undefined ? { std: std * 100 } : {}) };
  return { mean, ...(std !== undefined ? { std } : {}) };
}

function parseOne(dataset: string, v: unknown, fallbackSplit: string | null): OwnMetric | string {
  if (isNum(v)) return { dataset, metric: null, ...scaled(null, v, undefined), split: fallbackSplit };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${dataset}: not a number or an object`;
  const o = v as Record<string, unknown>;
  let metric = canonicalMetric(str(o.metric));
  let mean = VALUE_KEYS.map(k => o[k]).find(isNum);
  if (mean === undefined) {
    // { "roc_auc": 0.71, "std": 0.02 }: the metric is the key.
    const named = Object.entries(o).filter(([k, x]) => isNum(x) && k.toLowerCase() in METRIC_KEYS);
    if (named.length === 1) {
      const [k, x] = named[0]!;
      metric = canonicalMetric(k);
      mean = x as number;
    } else if (named.length > 1)
      return `${dataset}: several metrics (${named.map(([k]) => k).join(', ')}) without a "metric" field`;
  }
  if (mean === undefined) return `${dataset}: no numeric value`;
  const std = isNum(o.std) ? o.std : undefined;
  return { dataset, metric, ...scaled(metric, mean, std), split: str(o.split) ?? fallbackSplit };
}

/** Which configuration's numbers stand for the shipped weights when the manifest groups metrics by configuration. */
const SHIPPED_VARIANTS = ['shipped', 'multitask', 'multi-task', 'default'];

const isDatasetMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).length > 0 &&
  Object.values(v).every(
    x => typeof x === 'object' && x !== null && VALUE_KEYS.some(k => isNum((x as Record<string, unknown>)[k])),
  );

/**
 * The shipped weights' own row, measured through the runtime on every test molecule
 * ({ datasets: { HIV: { metric: "ROC-AUC x100", all: 77.5, ... } } }): it stands for the model, not a seed mean.
 */
function shippedWeights(v: unknown): Record<string, unknown> | null {
  const datasets = typeof v === 'object' && v !== null ? (v as { datasets?: unknown }).datasets : undefined;
  if (typeof datasets !== 'object' || datasets === null) return null;
  const out: Record<string, unknown> = {};
  for (const [dataset, row] of Object.entries(datasets as Record<string, unknown>)) {
    const r = row as { metric?: unknown; all?: unknown };
    const metric = str(r?.metric);
    if (!isNum(r?.all) || !metric) continue;
    out[dataset] = { metric: /roc/i.test(metric) ? 'ROC-AUC' : metric.split(' ')[0]!, value: r.all };
  }
  return Object.keys(out).length ? out : null;
}

/**
 * The exporter groups metrics by configuration ({ multitask: { ESOL: {...} }, finetuned: {...}, rf-ecfp4: {...} })
 * and names each dataset's metric in `tasks[].dataset_test_metric`: pick the shipped configuration and attach those.
 */
function shippedVariant(m: ManifestMetrics): { metrics: Record<string, unknown>; variant: string } | null {
  const measured = shippedWeights(m.metrics.shipped_molml);
  if (measured) return { metrics: measured, variant: 'shipped weights, all test molecules' };
  const grouped = Object.entries(m.metrics).filter(([, v]) => isDatasetMap(v));
  if (grouped.length === 0) return null;
  const [variant, byDataset] = grouped.find(([k]) => SHIPPED_VARIANTS.includes(k.toLowerCase())) ?? grouped[0]!;
  const metricOf = new Map<string, string>();
  for (const t of m.tasks ?? []) {
    const name = str(t.dataset_test_metric?.metric);
    const dataset = str(t.dataset);
    if (dataset && name)
      metricOf.set(dataset, /roc/i.test(name) ? 'ROC-AUC' : /rmse/i.test(name) ? 'RMSE' : name.split(' ')[0]!);
  }
  const out: Record<string, unknown> = {};
  for (const [dataset, v] of Object.entries(byDataset as Record<string, unknown>)) {
    const metric = metricOf.get(dataset);
    out[dataset] = metric ? { metric, ...(v as Record<string, unknown>) } : v;
  }
  return { metrics: out, variant };
}

/** Parses a manifest's text; `source` names it in messages. */
export function parseOwnMetrics(text: string, source: string): OwnMetrics {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    return { available: false, reason: `${source} is not valid JSON: ${(e as Error).message}` };
  }
  if (typeof manifest !== 'object' || manifest === null)
    return { available: false, reason: `${source} is not a JSON object` };
  const parsed = manifestMetrics.safeParse(manifest);
  if (!parsed.success) return { available: false, reason: `${source} has no "metrics" object` };
  const m = parsed.data;
  const shipped = shippedVariant(m);
  const metrics = shipped ? shipped.metrics : m.metrics;
  const split = str(m.split) ?? str(m.evaluation?.split);
  const described =
    str(m.protocol) ??
    str(m.evaluation?.protocol) ??
    str(m.evaluation?.description) ??
    str(m.training?.finetuning) ??
    (split ? `${split} split` : null);
  const protocol = shipped && described ? `${described}; ${shipped.variant} configuration` : described;
  const out: OwnMetric[] = [];
  const skipped: string[] = [];
  for (const [dataset, v] of Object.entries(metrics)) {
    const r = parseOne(dataset, v, split);
    if (typeof r === 'string') skipped.push(r);
    else out.push(r);
  }
  if (out.length === 0)
    return {
      available: false,
      reason: `${source} lists no usable metrics${skipped.length ? ` (${skipped.join('; ')})` : ''}`,
    };
  const model = str(m.name) ?? str(m.id) ?? str(m.model) ?? 'MolML default encoder';
  return { available: true, model, protocol, metrics: out, skipped };
}
