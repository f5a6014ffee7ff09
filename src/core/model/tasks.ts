// The model tasks shared by the CLI (molml embed/similar/train/predict) and the editor's worker thread: each takes
// SMILES (and labels) already read from a file, and a loaded model where one is needed, and returns plain data.
// Refused molecules come back as issues with their row and reason; nothing here reads or writes user files.
import { mapWithRdkit, withRdkit } from '../chem/rdkit';
import { ecfp, fingerprintBits, type Fingerprint } from '../similarity/ecfp';
import { tanimotoTopK, cosineTopK, type Neighbour } from '../similarity/top-k';
import { fromRows } from '../learn/linalg';
import { crossValidate, type CvResult, type TaskType } from '../learn/cross-validation';
import { buildHead, type Head, type HeadFeatures, type HeadFile } from '../learn/head';
import type { Model, ModelRun, MoleculeResult, PreflightIssue, RunOptions } from './runtime';
import type { ModelIdentity } from './cache';
import type { TaskSpec } from './manifest';
import { npyFloat32 } from './npy';

/** A failure of the task as a whole (wrong head for the model, too few labels): the message is for the user. */
export class TaskError extends Error {}

/** Adds issues for rows that have none yet (the first reason for a row is the one reported). */
export function mergeIssues(into: PreflightIssue[], list: PreflightIssue[], prefix = ''): void {
  for (const i of list) if (!into.some(x => x.index === i.index)) into.push({ ...i, reason: prefix + i.reason });
}

/** Morgan r2/2048 fingerprints of every row (undefined where RDKit cannot parse), with the failures as issues. */
export async function fingerprints(
  smiles: string[],
): Promise<{ fps: (Fingerprint | undefined)[]; issues: PreflightIssue[] }> {
  const issues: PreflightIssue[] = [];
  const results = await mapWithRdkit(smiles, (rd, s) => ecfp(rd, s.trim()));
  const fps = results.map((r, index) => {
    if (r.ok) return r.fp;
    issues.push({ index, input: smiles[index], reason: r.reason });
    return undefined;
  });
  return { fps, issues };
}

// ---- embeddings --------------------------------------------------------------------------------------------------

export function csvCell(v: string | number | undefined): string {
  if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = typeof v === 'number' ? String(Number(v.toPrecision(7))) : v;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: (string | number | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

/** Embedding width of a run: from the first embedded molecule, else the manifest. */
export function embeddingDim(model: Model, results: (MoleculeResult | undefined)[]): number {
  return results.find(r => r)?.embedding.length ?? model.manifest.outputs.embeddingDim ?? 0;
}

/** CSV: row (1-based data row), smiles, emb_0..emb_{D-1}; refused molecules have no line. */
export function embeddingsCsv(results: (MoleculeResult | undefined)[], dim: number): string {
  const lines = [csvLine(['row', 'smiles', ...Array.from({ length: dim }, (_, i) => `emb_${i}`)])];
  results.forEach((r, i) => {
    if (r) lines.push(csvLine([i + 1, r.input, ...Array.from(r.embedding)]));
  });
  return lines.join('\n') + '\n';
}

/** .npy float32 [rows, D]: one row per input row; refused molecules are NaN rows so indices stay aligned. */
export function embeddingsNpy(results: (MoleculeResult | undefined)[], dim: number): Buffer {
  const data = new Float32Array(results.length * dim).fill(NaN);
  results.forEach((r, i) => {
    if (r) data.set(r.embedding, i * dim);
  });
  return npyFloat32(results.length, dim, data);
}

// ---- similarity --------------------------------------------------------------------------------------------------

export interface SimilaritySection {
  kind: 'ecfp-tanimoto' | 'embedding-cosine';
  title: string;
  hits: Neighbour[];
}

/**
 * The `top` rows most similar to `query`: ECFP Tanimoto always, embedding cosine when a model is given. Throws
 * TaskError when the query itself cannot be parsed. `modelNote` says why the embedding section is missing.
 */
export async function findSimilar(
  query: string,
  smiles: string[],
  top: number,
  model?: Model,
  run: RunOptions = {},
): Promise<{
  sections: SimilaritySection[];
  issues: PreflightIssue[];
  modelNote?: string;
}> {
  const q = await withRdkit(rd => ecfp(rd, query.trim()));
  if (!q.ok) throw new TaskError(`the query ${JSON.stringify(query)} is not a usable SMILES (${q.reason})`);
  const { fps, issues } = await fingerprints(smiles);
  const sections: SimilaritySection[] = [
    { kind: 'ecfp-tanimoto', title: 'ECFP Tanimoto (Morgan radius 2, 2048 bits)', hits: tanimotoTopK(q.fp, fps, top) },
  ];
  let modelNote: string | undefined;
  if (model) {
    const r = await model.run([query, ...smiles], run);
    const [qr, ...rows] = r.results;
    if (!qr) modelNote = `the query cannot be embedded by ${model.label}: ${r.issues[0].reason}`;
    else {
      sections.push({
        kind: 'embedding-cosine',
        title: `Embedding cosine (${model.label})`,
        hits: cosineTopK(
          qr.embedding,
          rows.map(x => x?.embedding),
          top,
        ),
      });
      mergeIssues(
        issues,
        r.issues.filter(i => i.index > 0).map(i => ({ ...i, index: i.index - 1 })),
        `${model.label}: `,
      );
    }
  }
  return { sections, issues, ...(modelNote ? { modelNote } : {}) };
}

// ---- training ----------------------------------------------------------------------------------------------------

/** Labels from cells: empty cells are unlabelled; anything else must be a number (else an issue for the row). */
export function parseLabels(
  cells: string[],
  smiles: string[],
): { labels: (number | undefined)[]; issues: PreflightIssue[] } {
  const issues: PreflightIssue[] = [];
  const labels = cells.map((raw, index) => {
    const cell = raw.trim();
    if (cell === '') return undefined;
    const v = Number(cell);
    if (!Number.isFinite(v)) {
      issues.push({ index, input: smiles[index], reason: `label "${cell}" is not a number` });
      return undefined;
    }
    return v;
  });
  return { labels, issues };
}

/** Classification when every label is 0 or 1, regression otherwise. */
export function inferTask(labels: (number | undefined)[]): TaskType {
  return labels.every(v => v === undefined || v === 0 || v === 1) ? 'classification' : 'regression';
}

export interface TrainCandidate {
  name: string;
  features: HeadFeatures;
  cv: CvResult;
  rows: number[];
}

export interface TrainResult {
  task: TaskType;
  folds: number;
  candidates: TrainCandidate[];
  best: TrainCandidate;
  issues: PreflightIssue[];
  fps: (Fingerprint | undefined)[];
}

export type FeatureChoice = 'auto' | 'embedding' | 'ecfp';

/**
 * Cross-validates a head on the model's embeddings (when a model is given) and on ECFP, over the same rows (those
 * with a label, a fingerprint and, for embeddings, an embedding), and picks the better by CV RMSE or ROC AUC.
 */
export async function trainHeads(args: {
  smiles: string[];
  labels: (number | undefined)[];
  task: TaskType;
  folds: number;
  features?: FeatureChoice;
  model?: Model;
  run?: RunOptions;
}): Promise<TrainResult> {
  const { smiles, labels, task, folds } = args;
  const want = args.features ?? 'auto';
  if (task === 'classification' && !labels.every(v => v === undefined || v === 0 || v === 1))
    throw new TaskError('classification needs labels 0 and 1');
  const { fps, issues } = await fingerprints(smiles);
  const candidates: TrainCandidate[] = [];
  const fit = (
    name: string,
    features: HeadFeatures,
    vectors: (ArrayLike<number> | undefined)[],
    standardize: boolean,
  ) => {
    const rows = smiles
      .map((_, i) => i)
      .filter(i => labels[i] !== undefined && vectors[i] !== undefined && fps[i] !== undefined);
    try {
      candidates.push({
        name,
        features,
        rows,
        cv: crossValidate(
          fromRows(rows.map(i => vectors[i]!)),
          rows.map(i => labels[i]!),
          { task, folds, standardize },
        ),
      });
    } catch (e) {
      throw new TaskError(`${name}: ${(e as Error).message}`);
    }
  };
  if (want === 'embedding' && !args.model) throw new TaskError('training on embeddings needs a model');
  if (args.model && want !== 'ecfp') {
    const model = args.model;
    const run = await model.run(smiles, args.run);
    mergeIssues(issues, run.issues, `${model.label}: `);
    fit(
      `embedding (${model.label})`,
      { kind: 'embedding', model: model.identity },
      run.results.map(r => r?.embedding),
      true,
    );
  }
  if (want !== 'embedding')
    fit(
      'ecfp (Morgan r2/2048)',
      { kind: 'ecfp', radius: 2, nBits: 2048 },
      fps.map(f => f && fingerprintBits(f)),
      false,
    );
  const better = (a: TrainCandidate, b: TrainCandidate) =>
    task === 'regression'
      ? (a.cv.metrics as { rmse: number }).rmse <= (b.cv.metrics as { rmse: number }).rmse
      : (a.cv.metrics as { rocAuc: number }).rocAuc >= (b.cv.metrics as { rocAuc: number }).rocAuc;
  return { task, folds, candidates, best: candidates.reduce((a, b) => (better(a, b) ? a : b)), issues, fps };
}

/** The head file of a candidate; its applicability domain is the fingerprints of the rows it was trained on. */
export function headOf(result: TrainResult, candidate: TrainCandidate, label: string, file?: string): HeadFile {
  return buildHead(candidate.cv, {
    taskName: label.replace(/[^A-Za-z0-9_.-]+/g, '_'),
    task: result.task,
    features: candidate.features,
    folds: result.folds,
    rows: candidate.rows.length,
    label,
    ...(file ? { file } : {}),
    trainingFingerprints: candidate.rows.map(i => result.fps[i]!),
  });
}

// ---- prediction --------------------------------------------------------------------------------------------------

export interface PredictionColumn {
  task: string;
  type: TaskType;
  /** 'model': the model's own task; 'head': a trained head. */
  source: 'model' | 'head';
  values: (number | undefined)[];
  uncertainty?: (number | undefined)[];
  units?: string;
  /** From the model's manifest: the task's dataset, the column it learnt, what it is. */
  dataset?: string;
  sourceColumn?: string;
  description?: string;
}

export interface PredictResult {
  columns: PredictionColumn[];
  /** Nearest-neighbour Tanimoto to the head's training molecules, per row (heads only). */
  adSimilarity?: (number | undefined)[];
  issues: PreflightIssue[];
  results: (MoleculeResult | undefined)[];
  device?: string;
  deviceNote?: string;
  /** Non-fatal remarks (the head was trained on another ONNX file of the same model). */
  warnings: string[];
}

/** What a prediction column tells about its task, from the manifest (`unit` is read as well as `units`). */
function taskFacts(
  t: TaskSpec & { unit?: string },
): Pick<PredictionColumn, 'units' | 'dataset' | 'sourceColumn' | 'description'> {
  const units = t.unit ?? t.units;
  return {
    ...(units ? { units } : {}),
    ...(t.dataset ? { dataset: t.dataset } : {}),
    ...(t.sourceColumn ? { sourceColumn: t.sourceColumn } : {}),
    ...(t.description ? { description: t.description } : {}),
  };
}

/** Which model a head needs: undefined for ECFP heads. */
export function headModel(head: Head): ModelIdentity | undefined {
  return head.file.features.kind === 'embedding' ? head.file.features.model : undefined;
}

/** Checks a head against the model it will read embeddings from; returns a warning or throws TaskError. */
export function checkHeadModel(head: Head, model: Model | undefined, headName: string): string | undefined {
  const wanted = headModel(head);
  if (!wanted) return undefined;
  if (!model)
    throw new TaskError(`${headName} was trained on ${wanted.id}@${wanted.version} embeddings: that model is needed`);
  if (wanted.id !== model.identity.id || wanted.version !== model.identity.version)
    throw new TaskError(
      `${headName} was trained on ${wanted.id}@${wanted.version} embeddings, but the model is ${model.label}`,
    );
  if (wanted.sha256 !== model.identity.sha256)
    return `${headName} was trained on a different ONNX file of ${model.label} (sha256 differs)`;
  return undefined;
}

/**
 * Predictions of the model's own tasks (when a model is given) and of a head (when given), per row. A model without
 * tasks and no head is a TaskError.
 */
export async function predict(args: {
  smiles: string[];
  model?: Model;
  head?: Head;
  headName?: string;
  run?: RunOptions;
  /** Runs the model instead of `model.run` (parallel shards); `model` still describes it. */
  runModel?: (smiles: string[]) => Promise<ModelRun>;
}): Promise<PredictResult> {
  const { smiles, model, head } = args;
  if (!model && !head) throw new TaskError('no model and no head: nothing to predict with');
  const warnings: string[] = [];
  if (head) {
    const w = checkHeadModel(head, model, args.headName ?? 'the head');
    if (w) warnings.push(w);
  }
  const issues: PreflightIssue[] = [];
  const columns: PredictionColumn[] = [];
  let results: (MoleculeResult | undefined)[] = [];
  let device: string | undefined, deviceNote: string | undefined;
  if (model) {
    const needed = model.tasks.length > 0 || (head !== undefined && headModel(head) !== undefined);
    if (!needed && !head)
      throw new TaskError(
        `${model.label} has no prediction tasks (embeddings only): train a head on a labelled file first`,
      );
    if (needed) {
      const run = args.runModel ? await args.runModel(smiles) : await model.run(smiles, args.run);
      results = run.results;
      device = run.device;
      deviceNote = run.deviceNote;
      mergeIssues(issues, run.issues, `${model.label}: `);
      for (const t of model.tasks)
        columns.push({
          task: t.name,
          type: t.type,
          source: 'model',
          values: results.map(r => r?.predictions[t.name]),
          ...taskFacts(t),
        });
    }
  }
  let adSimilarity: (number | undefined)[] | undefined;
  if (head) {
    const { fps, issues: fpIssues } = await fingerprints(smiles);
    mergeIssues(issues, fpIssues);
    const features = (i: number): ArrayLike<number> | undefined =>
      head.file.features.kind === 'ecfp' ? fps[i] && fingerprintBits(fps[i]) : results[i]?.embedding;
    const preds = smiles.map((_, i) => {
      const f = features(i);
      return f && fps[i] ? head.predict(f, fps[i]) : undefined;
    });
    const column: PredictionColumn = {
      task: head.file.task.name,
      type: head.file.task.type,
      source: 'head',
      values: preds.map(p => p?.value),
    };
    if (preds.some(p => p?.uncertainty !== undefined)) column.uncertainty = preds.map(p => p?.uncertainty);
    columns.push(column);
    adSimilarity = preds.map(p => p?.adSimilarity);
  }
  return {
    columns,
    ...(adSimilarity ? { adSimilarity } : {}),
    issues,
    results,
    ...(device ? { device } : {}),
    ...(deviceNote ? { deviceNote } : {}),
    warnings,
  };
}
