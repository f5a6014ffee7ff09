// Turns a job's outcome and the molecules it ran on into what the results view shows: columns, rows (with the
// pre-flight flags), plots and notes. No editor API here.
import path from 'node:path';
import type { PredictOutcome, SimilarOutcome, TrainOutcome } from '../../core/model/worker-protocol';
import type { PreflightIssue } from '../../core/model/runtime';
import type { PlotSpec, ResultColumn, ResultRow, ResultsPayload } from '../../common/results/protocol';
import { numericColumn } from '../../common/results/plots';
import { csvLine } from '../../core/model/tasks';
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

/** Histograms for this many prediction columns at most (a multi-task model has dozens of tasks). */
export const MAX_HISTOGRAMS = 8;

export function predictPayload(
  m: MoleculeRows,
  o: PredictOutcome,
  context: {
    model?: string;
    device?: string;
    head?: string;
    headLabel?: string;
    /** Task name → file column, as the user set it (molml.predict.measuredColumns). */
    measuredColumns?: Record<string, string>;
  },
): ResultsPayload {
  const columns: ResultColumn[] = [
    { key: 'row', title: '#', role: 'row', numeric: true },
    { key: 'smiles', title: 'Molecule', role: 'smiles', numeric: false },
  ];
  const values: Array<Array<string | number | null>> = m.smiles.map((s, i) => [m.rowNumbers[i], s]);
  const plots: PlotSpec[] = [];
  const pairingNotes: string[] = [];
  for (const c of o.columns) {
    const title = c.task + (c.units ? ` (${c.units})` : '');
    columns.push({
      key: `pred:${c.task}`,
      title,
      role: 'prediction',
      numeric: true,
      task: c.type,
      description:
        c.source === 'head' ? `trained head ${context.head ?? ''}` : `task of ${context.model ?? 'the model'}`,
    });
    values.forEach((row, i) => row.push(num(c.values[i])));
    if (o.columns.indexOf(c) < MAX_HISTOGRAMS)
      plots.push({ kind: 'histogram', column: `pred:${c.task}`, title: `Distribution of predicted ${c.task}` });
    if (c.uncertainty) {
      columns.push({
        key: `unc:${c.task}`,
        title: `± ${c.task}`,
        role: 'uncertainty',
        numeric: true,
        description: 'spread of the cross-validation fold models',
      });
      values.forEach((row, i) => row.push(num(c.uncertainty![i])));
    }
    // A trained head's label column is its own measured column, in its own units by construction.
    const pairing =
      c.source === 'head' && context.headLabel
        ? { column: measuredColumn(m.columns, [context.headLabel, c.task]) }
        : pairMeasuredColumn(
            m.columns,
            { name: c.task, type: c.type, units: c.units, aliases: c.column ? [c.column] : [] },
            context.measuredColumns?.[c.task],
          );
    if (pairing.note) pairingNotes.push(pairing.note);
    const measured = pairing.column;
    if (measured >= 0) {
      const key = `measured:${c.task}`;
      columns.push({ key, title: `${m.columns![measured]} (measured)`, role: 'measured', numeric: true });
      const measuredValues = numericColumn(m.cells!.map(r => r[measured]));
      values.forEach((row, i) => row.push(measuredValues[i]));
      if (c.type === 'regression') {
        const note = scaleMismatchNote(measuredValues, c.values, {
          measured: m.columns![measured],
          task: c.task,
          units: c.units,
        });
        if (note) pairingNotes.push(note);
      }
      plots.push(
        c.type === 'regression'
          ? { kind: 'scatter', x: key, y: `pred:${c.task}`, title: `Predicted vs. measured ${c.task}` }
          : { kind: 'roc', score: `pred:${c.task}`, label: key, title: `ROC curve, ${c.task}` },
      );
    }
  }
  if (o.adSimilarity) {
    columns.push({
      key: 'ad',
      title: 'AD similarity',
      role: 'ad',
      numeric: true,
      description:
        'Tanimoto similarity to the nearest training molecule of the head (ECFP4); low values are outside the applicability domain',
    });
    values.forEach((row, i) => row.push(num(o.adSimilarity![i])));
  }
  const f = flags(o.issues);
  // Rows the model scored but read only in part are flagged too (the pre-flight refusal wins where both apply).
  const warned = (o.rowWarnings ?? []).flatMap((w, i) => (w && !f.has(i) ? [[i, w] as const] : []));
  for (const [i, w] of warned) f.set(i, `scored, out of domain: ${w}`);
  const notes = [...o.warnings, ...pairingNotes];
  if (o.columns.length > MAX_HISTOGRAMS)
    notes.push(
      `${o.columns.length} tasks: histograms for the first ${MAX_HISTOGRAMS}; sort the table or export it for the others.`,
    );
  if (!o.adSimilarity)
    notes.push(
      'Applicability domain: the model ships no training set, so its own tasks carry no nearest-neighbour similarity; train a head on your data (MolML: Train a Property Model on This Dataset) for one.',
    );
  if (o.issues.length)
    notes.push(
      `${o.issues.length} of ${m.smiles.length} molecules were refused by the pre-flight check (flagged rows).`,
    );
  if (warned.length)
    notes.push(
      `${warned.length} of ${m.smiles.length} molecules were scored but read only in part or not as written (truncated, unknown tokens, largest fragment): flagged rows, treat them as out of domain.`,
    );
  return {
    title: `Predictions: ${path.basename(m.fileName)}`,
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

const METRIC_TITLES: Record<string, string> = {
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  rocAuc: 'ROC AUC',
  accuracy: 'Accuracy',
};

/** Cross-validated metrics of each feature set, and out-of-fold predictions against the labels. */
const FEATURE_TITLES = { ecfp: 'ECFP', embedding: 'embedding', 'embedding+ecfp': 'embedding + ECFP' } as const;

export function trainPayload(
  m: MoleculeRows,
  label: string,
  labels: (number | undefined)[],
  o: TrainOutcome,
  savedTo?: string,
): ResultsPayload {
  const metricNames = o.task === 'regression' ? ['rmse', 'mae', 'r2'] : ['rocAuc', 'accuracy'];
  const columns: ResultColumn[] = [
    { key: 'row', title: '#', role: 'row', numeric: true },
    { key: 'smiles', title: 'Molecule', role: 'smiles', numeric: false },
    { key: 'measured', title: `${label} (measured)`, role: 'measured', numeric: true },
  ];
  const values: Array<Array<string | number | null>> = m.smiles.map((s, i) => [m.rowNumbers[i], s, labels[i] ?? null]);
  const plots: PlotSpec[] = [];
  for (const c of o.candidates) {
    const key = `oof:${c.features}`;
    columns.push({
      key,
      title: `${FEATURE_TITLES[c.features]} (out-of-fold)`,
      role: 'prediction',
      numeric: true,
      task: o.task,
      description: c.name,
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
    summary: {
      caption: `${o.folds}-fold ${o.split} cross-validation on the same ${o.rows.used} rows (${o.rows.refused} labelled rows refused); the best (${best.name}) was kept; baseline: ${o.task === 'regression' ? 'training-fold mean' : 'training-fold prior'} in the same folds`,
      headers: ['Features', 'Method', 'Regularisation', 'Rows', ...metricNames.map(k => METRIC_TITLES[k])],
      rows: o.candidates
        .map(c => [
          c.name + (c === best ? ' ✓' : ''),
          c.method,
          String(c.hyperparameter),
          String(c.rows.length),
          ...metricNames.map(k => (Number.isFinite(c.metrics[k]) ? c.metrics[k].toFixed(3) : 'n/a')),
        ])
        .concat([
          [
            o.task === 'regression' ? 'baseline: mean' : 'baseline: prior',
            '',
            '',
            String(o.rows.used),
            ...metricNames.map(k => {
              const v = o.candidates[0].baselineMetrics[k];
              return Number.isFinite(v) ? v.toFixed(3) : 'n/a';
            }),
          ],
        ]),
    },
    notes: [
      ...(o.candidates.length < 2 ? ['No model is available: only the ECFP baseline was trained.'] : []),
      ...(savedTo
        ? [`Saved the head to ${savedTo}; MolML: Predict Properties offers it.`]
        : ['The head was not saved.']),
      ...(o.issues.length ? [`${o.issues.length} molecules were left out (flagged rows).`] : []),
    ],
  };
}

/** CSV of the shown columns for these rows (the export). */
export function payloadCsv(p: ResultsPayload, shown: ResultRow[]): string {
  const lines = [csvLine([...p.columns.map(c => c.title), 'flag'])];
  for (const r of shown) lines.push(csvLine([...r.values.map(v => v ?? undefined), r.flag]));
  return lines.join('\n') + '\n';
}
