// Turns a job's outcome and the molecules it ran on into what the results view shows: columns, rows (with the
// pre-flight flags), plots and notes. No editor API here.
import path from 'node:path';
import type { PredictOutcome, SimilarOutcome, TrainOutcome } from '../../core/model/worker-protocol';
import type { PreflightIssue } from '../../core/model/runtime';
import { OUT_OF_DOMAIN_FLAG } from '../../common/results/protocol';
import type {
  InSample,
  PlotSpec,
  ResultColumn,
  ResultRow,
  ResultsPayload,
  TrainingReport,
} from '../../common/results/protocol';
import { formatNumber } from '../../common/results/format';
import { baselineName, metricKeys } from '../../common/results/training-report';
import {
  datasetOf,
  HEAD_GROUP,
  mentionsTask,
  OTHER_GROUP,
  shortTaskName,
  type Relevance,
} from '../../common/results/task-groups';
import { numericColumn } from '../../common/results/plots';
import { csvLine, type PredictionColumn } from '../../core/model/tasks';
import { pairMeasuredColumn, scaleMismatchNote } from '../../common/results/pairing';

/** What the payload builders need to know about the molecules (a subset of the command's input). */
export interface MoleculeRows {
  fileName: string;
  smiles: string[];
  /** 1-based row numbers to show (data rows for datasets). */
  rowNumbers: number[];
  columns?: string[];
  cells?: string[][];
}

const flags = (issues: PreflightIssue[]) => new Map(issues.map(i => [i.index, i.reason]));
const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);

/** The dataset column holding measured values for a task: same name (case-insensitive), or the head's label. */
export function measuredColumn(columns: string[] | undefined, names: string[]): number {
  if (!columns) return -1;
  const wanted = names.map(n => n.toLowerCase());
  const exact = columns.findIndex(c => wanted.includes(c.trim().toLowerCase()));
  if (exact >= 0) return exact;
  // Multi-task models prefix tasks with their dataset (ClinTox_CT_TOX): the file's column is what follows the prefix.
  const unprefixed = wanted.map(w => w.slice(w.indexOf('_') + 1)).filter((w, i) => w !== wanted[i]);
  return columns.findIndex(c => unprefixed.includes(c.trim().toLowerCase()));
}

export interface PredictContext {
  model?: string;
  device?: string;
  head?: string;
  headLabel?: string;
  /** The file the head was trained on (its basename), to mark metrics on that file as in-sample. */
  headTrainingFile?: string;
  /** Tasks the user asked for: shown first. */
  chosen?: string[];
  /** Task name → file column, as the user set it (molml.predict.measuredColumns). */
  measuredColumns?: Record<string, string>;
}

/** A task's source column names a file's column only when it is specific enough ("Class" or "exp" are not). */
const SPECIFIC_COLUMN = 6;

/** Prefixes shared by several task names (Tox21_NR-AR, Tox21_SR-p53): a multi-task model's datasets. */
function sharedPrefixes(tasks: string[]): Set<string> {
  const seen = new Map<string, number>();
  for (const t of tasks) {
    const cut = t.indexOf('_');
    if (cut > 0) seen.set(t.slice(0, cut), (seen.get(t.slice(0, cut)) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([p]) => p));
}

function describeTask(c: PredictionColumn, dataset: string, context: PredictContext): string {
  return [
    c.task,
    c.source === 'head'
      ? `trained head ${context.head ?? ''}`.trim()
      : `task of ${context.model ?? 'the model'}${dataset !== OTHER_GROUP ? `, trained on ${dataset}` : ''}`,
    c.sourceColumn && `learnt from the column "${c.sourceColumn}"`,
    c.units && `unit: ${c.units}`,
    c.type === 'classification' && 'values are probabilities of the positive class',
  ]
    .filter(Boolean)
    .join('\n');
}

export function predictPayload(m: MoleculeRows, o: PredictOutcome, context: PredictContext): ResultsPayload {
  const columns: ResultColumn[] = [
    { key: 'row', title: '#', role: 'row', numeric: true },
    { key: 'smiles', title: 'Molecule', role: 'smiles', numeric: false },
  ];
  const values: Array<Array<string | number | null>> = m.smiles.map((s, i) => [m.rowNumbers[i], s]);
  const plots: PlotSpec[] = [];
  const pairingNotes: string[] = [];
  const prefixes = sharedPrefixes(o.columns.filter(c => c.source === 'model').map(c => c.task));
  // One measured column per file column, however many tasks it measures.
  const measuredByFileColumn = new Map<number, { key: string; column: ResultColumn; values: Array<number | null> }>();
  const base = path.basename(m.fileName);
  for (const c of o.columns) {
    const dataset = c.source === 'head' ? HEAD_GROUP : datasetOf(c.task, c.dataset, prefixes);
    // A trained head's label column is its own measured column, in its own units by construction; a model task is
    // paired with a file column only when the units agree (or the user says so).
    const pairing =
      c.source === 'head' && context.headLabel
        ? { column: measuredColumn(m.columns, [context.headLabel, c.task]) }
        : pairMeasuredColumn(
            m.columns,
            {
              name: c.task,
              type: c.type,
              units: c.units,
              aliases: c.sourceColumn && c.sourceColumn.length >= SPECIFIC_COLUMN ? [c.sourceColumn] : [],
            },
            context.measuredColumns?.[c.task],
          );
    if (pairing.note) pairingNotes.push(pairing.note);
    const measured = pairing.column;
    const relevance: Relevance | undefined =
      c.source === 'head'
        ? 'head'
        : context.chosen?.includes(c.task)
          ? 'chosen'
          : measured >= 0
            ? 'measured'
            : m.columns &&
                mentionsTask(m.columns, {
                  name: c.task,
                  ...(c.dataset ? { dataset: c.dataset } : {}),
                  ...(c.sourceColumn ? { sourceColumn: c.sourceColumn } : {}),
                })
              ? 'related'
              : undefined;
    const predKey = `pred:${c.task}`;
    columns.push({
      key: predKey,
      title: c.task + (c.units ? ` (${c.units})` : ''),
      role: 'prediction',
      numeric: true,
      task: c.type,
      taskName: c.task,
      dataset,
      name: c.source === 'head' ? c.task : shortTaskName(c.task, dataset === OTHER_GROUP ? undefined : dataset),
      ...(c.units ? { unit: c.units } : {}),
      ...(relevance ? { relevance } : {}),
      description: describeTask(c, dataset, context),
    });
    values.forEach((row, i) => row.push(num(c.values[i])));
    plots.push({ kind: 'histogram', column: predKey, title: `Distribution of predicted ${c.task}` });
    if (c.uncertainty) {
      columns.push({
        key: `unc:${c.task}`,
        title: `± ${c.task}`,
        role: 'uncertainty',
        numeric: true,
        taskName: c.task,
        dataset,
        name: '±',
        ...(c.units ? { unit: c.units } : {}),
        description: `uncertainty of ${c.task}: the spread of the cross-validation fold models' predictions`,
      });
      values.forEach((row, i) => row.push(num(c.uncertainty![i])));
    }
    if (measured < 0) continue;
    let shared = measuredByFileColumn.get(measured);
    if (!shared) {
      const name = m.columns![measured];
      const column: ResultColumn = {
        key: `measured:${name}`,
        title: `${name} (measured)`,
        role: 'measured',
        numeric: true,
        name,
        measures: [],
        description: `measured values: the column "${name}" of ${base}`,
      };
      shared = { key: column.key, column, values: numericColumn(m.cells!.map(r => r[measured])) };
      measuredByFileColumn.set(measured, shared);
      columns.push(column);
      values.forEach((row, i) => row.push(shared!.values[i]));
    }
    shared.column.measures!.push(c.task);
    if (c.type === 'regression') {
      const note = scaleMismatchNote(shared.values, c.values, {
        measured: m.columns![measured],
        task: c.task,
        units: c.units,
      });
      if (note) pairingNotes.push(note);
    }
    const inSample = inSampleOf(c, dataset, shared.values, o.adSimilarity, base, context);
    plots.push(
      c.type === 'regression'
        ? {
            kind: 'scatter',
            x: shared.key,
            y: predKey,
            title: `Predicted vs. measured ${c.task}`,
            ...(inSample ? { inSample } : {}),
          }
        : {
            kind: 'roc',
            score: predKey,
            label: shared.key,
            title: `ROC curve, ${c.task}`,
            ...(inSample ? { inSample } : {}),
          },
    );
  }
  if (o.adSimilarity) {
    columns.push({
      key: 'ad',
      title: 'AD similarity',
      role: 'ad',
      numeric: true,
      name: 'AD similarity',
      unit: 'Tanimoto',
      description:
        'Tanimoto similarity to the nearest training molecule of the head (ECFP4); low values are outside the applicability domain',
    });
    values.forEach((row, i) => row.push(num(o.adSimilarity![i])));
  }
  const f = flags(o.issues);
  // Rows the model scored but read only in part are flagged too (the pre-flight refusal wins where both apply).
  const warned = (o.rowWarnings ?? []).flatMap((w, i) => (w && !f.has(i) ? [[i, w] as const] : []));
  for (const [i, w] of warned) f.set(i, OUT_OF_DOMAIN_FLAG + w);
  const notes = [...o.warnings, ...pairingNotes];
  if (!o.adSimilarity)
    notes.push(
      'Applicability domain: the model ships no training set, so its own tasks carry no nearest-neighbour similarity; train a head on your data (MolML: Train a Property Model on This Dataset) for one.',
    );
  if (o.issues.length)
    notes.push(
      `${o.issues.length} of ${m.smiles.length} molecules were refused by the pre-flight check: each flagged row gives the reason beside its molecule.`,
    );
  if (warned.length)
    notes.push(
      `${warned.length} of ${m.smiles.length} molecules were scored but read only in part or not as written (truncated, unknown tokens, largest fragment): flagged rows, treat them as out of domain.`,
    );
  return {
    title: `Predictions: ${base}`,
    subtitle: [
      context.model && `model ${context.model}`,
      context.head && `head ${context.head}`,
      context.device && `on ${context.device}`,
    ]
      .filter(Boolean)
      .join(' · '),
    columns,
    rows: rows(values, m, f),
    plots,
    notes,
  };
}

/** Whether metrics of a task against this file's measured values are a fair test. */
function inSampleOf(
  c: PredictionColumn,
  dataset: string,
  measured: Array<number | null>,
  ad: (number | undefined)[] | undefined,
  file: string,
  context: PredictContext,
): InSample | undefined {
  if (c.source === 'head') {
    if (context.headTrainingFile && context.headTrainingFile === file)
      return { kind: 'yes', reason: `in-sample: the head was trained on ${file}` };
    // A similarity of 1 is the same fingerprint as a training molecule of the head.
    const withValue = measured.filter(v => v !== null).length;
    const seen = measured.filter((v, i) => v !== null && (ad?.[i] ?? 0) >= 1).length;
    if (seen)
      return {
        kind: seen === withValue ? 'yes' : 'possibly',
        reason: `in-sample: ${seen} of ${withValue} molecules are in the head's training set`,
      };
    return undefined;
  }
  return dataset !== OTHER_GROUP
    ? {
        kind: 'possibly',
        reason: `possibly in-sample: the model was trained on ${dataset}; molecules from that dataset were seen in training`,
      }
    : undefined;
}

function rows(values: Array<Array<string | number | null>>, m: MoleculeRows, f: Map<number, string>): ResultRow[] {
  return values.map((v, i) => ({ id: i, row: m.rowNumbers[i], values: v, ...(f.has(i) ? { flag: f.get(i)! } : {}) }));
}

/** Both similarity rankings side by side: every molecule that is in either top list, with both scores. */
export function similarPayload(m: MoleculeRows, query: string, o: SimilarOutcome, model?: string): ResultsPayload {
  const columns: ResultColumn[] = [
    { key: 'row', title: '#', role: 'row', numeric: true },
    { key: 'smiles', title: 'Molecule', role: 'smiles', numeric: false },
  ];
  const score = new Map<number, Array<number | null>>();
  o.sections.forEach((s, k) => {
    columns.push({
      key: s.kind,
      title: s.kind === 'ecfp-tanimoto' ? 'ECFP Tanimoto' : 'Embedding cosine',
      role: 'score',
      numeric: true,
      description: s.title,
    });
    columns.push({ key: `${s.kind}:rank`, title: 'rank', role: 'score', numeric: true });
    for (const [rank, h] of s.hits.entries()) {
      const v = score.get(h.index) ?? new Array<number | null>(o.sections.length * 2).fill(null);
      v[k * 2] = h.score;
      v[k * 2 + 1] = rank + 1;
      score.set(h.index, v);
    }
  });
  const indexes = [...score.keys()].sort(
    (a, b) => (score.get(a)![1] ?? Infinity) - (score.get(b)![1] ?? Infinity) || a - b,
  );
  const f = flags(o.issues);
  const resultRows: ResultRow[] = indexes.map((i, id) => ({
    id,
    row: m.rowNumbers[i],
    values: [m.rowNumbers[i], m.smiles[i], ...score.get(i)!],
    ...(f.has(i) ? { flag: f.get(i)! } : {}),
  }));
  const notes = o.modelNote ? [o.modelNote] : model ? [] : ['No model is available: only the ECFP ranking is shown.'];
  return {
    title: `Similar to ${query}`,
    subtitle: `${path.basename(m.fileName)}${model ? ` · embeddings of ${model}` : ''}`,
    columns,
    rows: resultRows,
    plots: o.sections.map(s => ({
      kind: 'histogram' as const,
      column: s.kind,
      title: `${s.kind === 'ecfp-tanimoto' ? 'Tanimoto' : 'Cosine'} of the top ${s.hits.length}`,
    })),
    notes,
  };
}

/** The training report: k, split, rows, every candidate and the baseline with cross-validated metrics. */
export function trainingReport(label: string, o: TrainOutcome, savedTo: string | undefined): TrainingReport {
  const best = o.candidates[o.best];
  const metrics = metricKeys(o.task);
  const pick = (m: Record<string, number | null | undefined>) =>
    Object.fromEntries(metrics.map(k => [k, typeof m[k] === 'number' && Number.isFinite(m[k]) ? m[k] : null]));
  return {
    label,
    task: o.task,
    folds: o.folds,
    split: o.split,
    rowsUsed: o.rows.used,
    rowsRefused: o.rows.refused,
    metrics,
    candidates: [
      ...o.candidates.map(c => ({
        name: CANDIDATE_NAMES[c.features],
        ...(/\((.*)\)$/.test(c.name) ? { detail: /\((.*)\)$/.exec(c.name)![1] } : {}),
        kind: 'candidate' as const,
        method: c.method,
        regularisation: `${c.method === 'logistic' ? 'C' : 'alpha'} = ${formatNumber(c.hyperparameter)}`,
        rows: c.rows.length,
        metrics: pick(c.metrics),
        chosen: c === best,
      })),
      {
        name: baselineName(o.task),
        kind: 'baseline' as const,
        method: o.task === 'regression' ? 'mean' : 'prior',
        regularisation: '',
        rows: o.rows.used,
        metrics: pick(best.baselineMetrics),
        chosen: false,
      },
    ],
    inSample: pick(best.inSampleMetrics),
    ...(savedTo ? { savedTo } : {}),
  };
}

/** How each feature set is named in the training report and its out-of-fold columns. */
const FEATURE_TITLES = { ecfp: 'ECFP', embedding: 'Embedding', 'embedding+ecfp': 'Embedding + ECFP' } as const;
const CANDIDATE_NAMES = {
  ecfp: 'ECFP4 bits',
  embedding: 'Embeddings',
  'embedding+ecfp': 'Embeddings + ECFP4 bits',
} as const;

/** The training report, and out-of-fold predictions of each candidate against the labels. */
export function trainPayload(
  m: MoleculeRows,
  label: string,
  labels: (number | undefined)[],
  o: TrainOutcome,
  savedTo?: string,
): ResultsPayload {
  const columns: ResultColumn[] = [
    { key: 'row', title: '#', role: 'row', numeric: true },
    { key: 'smiles', title: 'Molecule', role: 'smiles', numeric: false },
    { key: 'measured', title: `${label} (measured)`, role: 'measured', numeric: true, name: label },
  ];
  const values: Array<Array<string | number | null>> = m.smiles.map((s, i) => [m.rowNumbers[i], s, labels[i] ?? null]);
  const plots: PlotSpec[] = [];
  for (const c of o.candidates) {
    const key = `oof:${c.features}`;
    const features = FEATURE_TITLES[c.features];
    columns.push({
      key,
      title: `${features} (out-of-fold)`,
      name: features,
      unit: 'out-of-fold',
      role: 'prediction',
      numeric: true,
      task: o.task,
      description: `${c.name}: each molecule predicted by the fold model that did not see it`,
    });
    const oof = new Map(c.rows.map((r, j) => [r, c.outOfFold[j]]));
    values.forEach((row, i) => row.push(oof.get(i) ?? null));
    plots.push(
      o.task === 'regression'
        ? { kind: 'scatter', x: 'measured', y: key, title: `Cross-validated predictions, ${c.name}` }
        : { kind: 'roc', score: key, label: 'measured', title: `Cross-validated ROC, ${c.name}` },
    );
  }
  const f = flags(o.issues);
  const best = o.candidates[o.best];
  return {
    title: `Property model: ${label}`,
    subtitle: `${path.basename(m.fileName)} · ${o.task} · ${best.rows.length} labelled molecules`,
    columns,
    rows: rows(values, m, f),
    plots,
    report: trainingReport(label, o, savedTo),
    notes: [
      ...(o.candidates.length < 2 ? ['No model is available: only the ECFP head was trained.'] : []),
      ...(savedTo
        ? [`Saved the ${best.name} head to ${savedTo}; MolML: Predict Properties offers it.`]
        : ['The head was not saved.']),
      ...(o.issues.length ? [`${o.issues.length} molecules were left out: flagged rows give the reason.`] : []),
    ],
  };
}

/** CSV of the shown columns for these rows (the export). */
export function payloadCsv(p: ResultsPayload, shown: ResultRow[]): string {
  const lines = [csvLine([...p.columns.map(c => c.title), 'flag'])];
  for (const r of shown) lines.push(csvLine([...r.values.map(v => v ?? undefined), r.flag]));
  return lines.join('\n') + '\n';
}
