// The model tasks shared by the CLI (molml embed/similar/train/predict) and the editor's worker thread: each takes
// SMILES (and labels) already read from a file, and a loaded model where one is needed, and returns plain data.
// Refused molecules come back as issues with their row and reason; nothing here reads or writes user files.
import { mapWithRdkit, withRdkit } from '../chem/rdkit';
import { ecfp, fingerprintBits, type Fingerprint } from '../similarity/ecfp';
import { tanimotoTopK, cosineTopK, type Neighbour } from '../similarity/top-k';
import { fromRows } from '../learn/linalg';
import { BitRows } from '../learn/design';
import {
  assignFolds,
  crossValidate,
  groupFolds,
  type CvFeatures,
  type CvResult,
  type TaskType,
} from '../learn/cross-validation';
import { murckoScaffold } from '../chem/scaffold';
import { buildHead, type Head, type HeadFeatures, type HeadFile } from '../learn/head';
import type { Fragments, Model, ModelRun, MoleculeResult, PreflightIssue, RunOptions } from './runtime';
import { smilesPolicy } from './smiles-tokenizer';
import type { ModelIdentity } from './cache';
import type { TaskSpec } from './manifest';
import { npyFloat32 } from './npy';

/** A failure of the task as a whole (wrong head for the model, too few labels): the message is for the user. */
export class TaskError extends Error {}

/** Adds issues for rows that have none yet (the first reason for a row is the one reported). */
export function mergeIssues(into: PreflightIssue[], list: PreflightIssue[], prefix = ''): void {
  for (const i of list) if (!into.some(x => x.index === i.index)) into.push({ ...i, reason: prefix + i.reason });
}

/**
 * Morgan r2/2048 fingerprints of every row (undefined where RDKit cannot parse), with the failures as issues; with
 * `canonical`, each row's RDKit canonical SMILES from the same parse.
 */
export async function fingerprints(
  smiles: string[],
  options: { canonical?: boolean } = {},
): Promise<{ fps: (Fingerprint | undefined)[]; canonical: (string | undefined)[]; issues: PreflightIssue[] }> {
  const issues: PreflightIssue[] = [];
  const results = await mapWithRdkit(smiles, (rd, s) => ecfp(rd, s.trim(), options));
  const fps = results.map((r, index) => {
    if (r.ok) return r.fp;
    issues.push({ index, input: smiles[index], reason: r.reason });
    return undefined;
  });
  return { fps, canonical: results.map(r => (r.ok ? r.canonical : undefined)), issues };
}

/** Why the model did not read a row whole or as written (largest fragment, truncated, unknown tokens), if it did not. */
export function rowWarning(r: MoleculeResult | undefined): string | undefined {
  const all = [...(r?.note ? [r.note] : []), ...(r?.warnings ?? [])];
  return all.length ? all.join('; ') : undefined;
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

/** How rows are split into folds: whole Bemis–Murcko scaffolds per fold (the default), or at random. */
export type SplitKind = 'scaffold' | 'random';

export interface TrainResult {
  task: TaskType;
  /** Folds used. */
  folds: number;
  split: SplitKind;
  candidates: TrainCandidate[];
  best: TrainCandidate;
  issues: PreflightIssue[];
  fps: (Fingerprint | undefined)[];
  /** Labelled rows used by every candidate, and labelled rows refused (unparsable, or refused by the model). */
  rows: { used: number; refused: number };
}

export type FeatureChoice = 'auto' | 'embedding' | 'ecfp' | 'combined';

/** Where training is: the model embedding molecules, or a candidate's fits (one per fold, then the final fit). */
export type TrainProgress =
  | { stage: 'embedding'; done: number; total: number }
  | { stage: 'fitting'; candidate: string; done: number; total: number };

const ECFP_FEATURES = { radius: 2, nBits: 2048 } as const;

/**
 * Cross-validates heads on the model's embeddings (when a model is given), on ECFP, and on both together, in the
 * same folds over the same rows (those with a label, a fingerprint and, with a model, an embedding), and picks the
 * best by cross-validated RMSE or ROC AUC. `auto` tries every candidate the inputs allow.
 */
export async function trainHeads(args: {
  smiles: string[];
  labels: (number | undefined)[];
  task: TaskType;
  folds: number;
  split?: SplitKind;
  features?: FeatureChoice;
  model?: Model;
  run?: RunOptions;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
}): Promise<TrainResult> {
  const { smiles, labels, task } = args;
  const want = args.features ?? 'auto';
  const split = args.split ?? 'scaffold';
  if (task === 'classification' && !labels.every(v => v === undefined || v === 0 || v === 1))
    throw new TaskError('classification needs labels 0 and 1');
  if ((want === 'embedding' || want === 'combined') && !args.model)
    throw new TaskError(`training on ${want === 'combined' ? 'embeddings and ECFP' : 'embeddings'} needs a model`);
  const { fps, issues } = await fingerprints(smiles);
  let embeddings: (Float32Array | undefined)[] | undefined;
  const model = want === 'ecfp' ? undefined : args.model;
  if (model) {
    const run = await model.run(smiles, {
      ...args.run,
      onProgress: (done, total) => {
        args.run?.onProgress?.(done, total);
        args.onProgress?.({ stage: 'embedding', done, total });
      },
    });
    mergeIssues(issues, run.issues, `${model.label}: `);
    embeddings = run.results.map(r => r?.embedding);
  }
  // Heads record what the model was fed, so prediction feeds it the same.
  const fragments = model?.policy?.fragments;
  const input = fragments ? { input: { fragments } } : {};
  const rows = smiles
    .map((_, i) => i)
    .filter(i => labels[i] !== undefined && fps[i] !== undefined && (!embeddings || embeddings[i] !== undefined));
  const labelled = labels.filter(v => v !== undefined).length;
  const y = rows.map(i => labels[i]!);
  let foldOf: Int32Array;
  try {
    if (y.length < 4) throw new Error(`too few labelled molecules to cross-validate (${y.length})`);
    const k = Math.max(2, Math.min(args.folds, y.length));
    foldOf =
      split === 'random'
        ? assignFolds(y, k, task)
        : groupFolds(await mapWithRdkit(rows, (rd, i) => murckoScaffold(rd, smiles[i].trim()) ?? ''), k);
  } catch (e) {
    throw new TaskError((e as Error).message);
  }
  const bits = BitRows.fromFingerprints(rows.map(i => fps[i]!));
  const dense = embeddings && fromRows(rows.map(i => embeddings![i]!));
  const plans: { name: string; features: HeadFeatures; x: CvFeatures }[] = [];
  const modelName = model && `embedding (${model.label})`;
  if (dense && (want === 'auto' || want === 'embedding'))
    plans.push({ name: modelName!, features: { kind: 'embedding', model: model!.identity, ...input }, x: { dense } });
  if (want === 'auto' || want === 'ecfp')
    plans.push({ name: 'ecfp (Morgan r2/2048)', features: { kind: 'ecfp', ...ECFP_FEATURES }, x: { bits } });
  if (dense && (want === 'auto' || want === 'combined'))
    plans.push({
      name: `${modelName} + ecfp`,
      features: { kind: 'embedding+ecfp', model: model!.identity, ...input, ...ECFP_FEATURES },
      x: { dense, bits },
    });
  const candidates: TrainCandidate[] = [];
  for (const plan of plans) {
    try {
      const cv = await crossValidate(plan.x, y, {
        task,
        folds: args.folds,
        standardize: true,
        foldOf,
        ...(args.signal ? { signal: args.signal } : {}),
        onProgress: (done, total) => args.onProgress?.({ stage: 'fitting', candidate: plan.name, done, total }),
      });
      candidates.push({ name: plan.name, features: plan.features, rows, cv });
    } catch (e) {
      if (args.signal?.aborted) throw e;
      throw new TaskError(`${plan.name}: ${(e as Error).message}`);
    }
  }
  const better = (a: TrainCandidate, b: TrainCandidate) =>
    task === 'regression'
      ? (a.cv.metrics as { rmse: number }).rmse <= (b.cv.metrics as { rmse: number }).rmse
      : (a.cv.metrics as { rocAuc: number }).rocAuc >= (b.cv.metrics as { rocAuc: number }).rocAuc;
  return {
    task,
    folds: Math.max(...foldOf) + 1,
    split,
    candidates,
    best: candidates.reduce((a, b) => (better(a, b) ? a : b)),
    issues,
    fps,
    rows: { used: rows.length, refused: labelled - rows.length },
  };
}

/** The head file of a candidate; its applicability domain is the fingerprints of the rows it was trained on. */
export function headOf(result: TrainResult, candidate: TrainCandidate, label: string, file?: string): HeadFile {
  return buildHead(candidate.cv, {
    taskName: label.replace(/[^A-Za-z0-9_.-]+/g, '_'),
    task: result.task,
    features: candidate.features,
    folds: result.folds,
    rows: candidate.rows.length,
    split: result.split,
    refused: result.rows.refused,
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
  /**
   * With `canonical`: each row's RDKit canonical SMILES where the run parsed the whole molecule anyway (a head's
   * fingerprints, or a model that canonicalises before it reads); undefined for the other rows.
   */
  canonical?: (string | undefined)[];
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
  return head.file.features.kind === 'ecfp' ? undefined : head.file.features.model;
}

/**
 * What `model` must be fed for `head`'s embeddings: the fragment policy the head was trained under, or for heads
 * that did not record it, the one the model had before manifests could set it. Undefined for non-SMILES models.
 */
export function headFragments(head: Head, model: Model): Fragments | undefined {
  const f = head.file.features;
  if (f.kind === 'ecfp' || model.manifest.input.kind !== 'smiles') return undefined;
  return f.input?.fragments ?? smilesPolicy({ ...model.manifest.input, policy: undefined }).fragments;
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

/** A task a prediction gives: the model's own or the head's. */
export interface TaskInfo {
  name: string;
  kind: TaskType;
  unit?: string;
}

/**
 * The tasks predict gives with `model` and `head`: the model's tasks, then the head's, less those `selected` leaves
 * out. TaskError when there is nothing to predict or a selected task is unknown.
 */
export function predictionTasks(model: Model | undefined, head: Head | undefined, selected?: string[]): TaskInfo[] {
  if (!model && !head) throw new TaskError('no model and no head: nothing to predict with');
  if (model && !head && model.tasks.length === 0)
    throw new TaskError(
      `${model.label} has no prediction tasks (embeddings only): train a head on a labelled file first`,
    );
  const all: TaskInfo[] = [
    ...(model?.tasks ?? []).map(t => ({ name: t.name, kind: t.type, ...(t.units ? { unit: t.units } : {}) })),
    ...(head ? [{ name: head.file.task.name, kind: head.file.task.type }] : []),
  ];
  if (!selected) return all;
  const unknown = selected.filter(t => !all.some(c => c.name === t));
  if (unknown.length)
    throw new TaskError(`--tasks: unknown task ${unknown.join(', ')} (available: ${all.map(c => c.name).join(', ')})`);
  return all.filter(t => selected.includes(t.name));
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
  runModel?: (smiles: string[], options?: Pick<RunOptions, 'fragments'>) => Promise<ModelRun>;
  /** Also give the canonical SMILES the run computes anyway (PredictResult.canonical). */
  canonical?: boolean;
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
  // A canonicalising model's key is the whole molecule's canonical SMILES unless it read a salt's parent (a note).
  let canonical =
    args.canonical && model?.canonicalises
      ? smiles.map((_, i) => (results[i] && !results[i]!.note ? results[i]!.key : undefined))
      : undefined;
  if (head) {
    const { fps, issues: fpIssues, canonical: parsed } = await fingerprints(smiles, { canonical: args.canonical });
    if (args.canonical) canonical = parsed;
    mergeIssues(issues, fpIssues);
    // A head trained on largest-fragment embeddings gets them again (single molecules come from the cache).
    let embedded = results;
    const fragments = model && headFragments(head, model);
    if (model && fragments && fragments !== model.policy?.fragments) {
      const again = args.runModel
        ? await args.runModel(smiles, { fragments })
        : await model.run(smiles, { ...args.run, fragments });
      embedded = again.results;
      mergeIssues(issues, again.issues, `${model.label}: `);
    }
    const kind = head.file.features.kind;
    const features = (i: number): ArrayLike<number> | undefined => {
      const bits = fps[i] && fingerprintBits(fps[i]);
      if (kind === 'ecfp') return bits;
      const embedding = embedded[i]?.embedding;
      if (kind === 'embedding' || !embedding || !bits) return kind === 'embedding' ? embedding : undefined;
      const both = new Float64Array(embedding.length + bits.length);
      both.set(embedding);
      both.set(bits, embedding.length);
      return both;
    };
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
    ...(canonical ? { canonical } : {}),
  };
}
