// The model manifest (manifest.json beside model.onnx): what the runtime needs to feed a model and read its outputs.
// Documented for users in docs/models.md. Validation collects every problem with its field path, never throws.

export const MANIFEST_FILE = 'manifest.json';
export const DEFAULT_ONNX_FILE = 'model.onnx';

export type Canonicalization = 'rdkit' | 'none';

export interface SpecialTokens {
  /** Padding id (attention_mask 0). Required. */
  pad: number;
  /** Prepended to every sequence (CLS/BOS) when present. */
  bos?: number;
  /** Appended to every sequence (SEP/EOS) when present. */
  eos?: number;
  /** Unknown-token id. Molecules with tokens outside the vocabulary are refused whether or not it exists. */
  unk?: number;
  mask?: number;
}

export interface TokenizerSpec {
  /** Tokens in id order: vocabulary[i] has id i. */
  vocabulary: string[];
  /** A JavaScript regular expression (source, no slashes); successive matches must cover the whole SMILES. */
  regex: string;
  /** Longest sequence the model accepts, special tokens included (the position table size). */
  maxLength: number;
  specialTokens: SpecialTokens;
  /** 'rdkit': RDKit canonical isomeric SMILES before tokenising (as in training); 'none': the text as written. */
  canonicalization: Canonicalization;
}

export interface SmilesInput {
  kind: 'smiles';
  tokenizer: TokenizerSpec;
  /** ONNX input names; default input_ids, attention_mask. */
  inputNames?: { ids?: string; mask?: string };
}

export type GraphFeaturization = 'hu-molclr';

export interface GraphInput {
  kind: 'graph';
  /** Hu et al. (2020) / MolCLR: atom (type, chirality), bond (type, direction). */
  featurization: GraphFeaturization;
  canonicalization: Canonicalization;
  /** 'implicit': hydrogens as RDKit keeps them (MolCLR pre-training); 'explicit': RDKit AddHs first (fine-tuning). */
  hydrogens?: 'implicit' | 'explicit';
  /** Largest molecule accepted, in atoms (after adding hydrogens); default 300. */
  maxAtoms?: number;
  inputNames?: { x?: string; edgeIndex?: string; edgeAttr?: string; batch?: string };
}

export type ModelInput = SmilesInput | GraphInput;

export type OutputTransform =
  | { type: 'identity' }
  | { type: 'affine'; scale: number; shift: number }
  | { type: 'sigmoid' };

export interface TaskSpec {
  name: string;
  type: 'regression' | 'classification';
  /** ONNX output holding this task: shape [batch] or [batch,1], or [batch,T] with `index` naming the column. */
  output: string;
  index?: number;
  units?: string;
  description?: string;
  /** Applied to the raw output: affine un-standardises a regression, sigmoid turns a logit into a probability. */
  transform?: OutputTransform;
}

export interface ModelManifest {
  format?: 'molml-model/1';
  id: string;
  version: string;
  name?: string;
  description?: string;
  /** SPDX identifier of the weights' licence. */
  licence: string;
  /** ONNX file, relative to the manifest; default model.onnx. */
  onnx?: string;
  /** Alternative exports of the same weights (an int8 CPU variant), chosen by the runtime's `precision`. */
  variants?: ModelVariant[];
  input: ModelInput;
  outputs: { embedding: string; embeddingDim?: number };
  tasks?: TaskSpec[];
  /** Batch size the runtime uses when the caller gives none (graph exports can slow down with large batches). */
  preferredBatchSize?: number;
  /** Free-form provenance: datasets, splits, sizes. */
  training?: Record<string, unknown>;
  /** Free-form evaluation results, e.g. { "esol": { "rmse": 0.58 } }. */
  metrics?: Record<string, unknown>;
  /** Survey reference ids this model follows. */
  references?: string[];
  /** Source repository, paper, copyright line: shown to users. */
  source?: Record<string, unknown>;
}

/** Precisions a model file can have; `fp32` is the main `onnx` file. */
export const PRECISIONS = ['fp32', 'int8'] as const;
export type Precision = typeof PRECISIONS[number];

export interface ModelVariant {
  precision: Exclude<Precision, 'fp32'>;
  /** ONNX file, relative to the manifest. */
  onnx: string;
}

export interface ValidationIssue { field: string; message: string }

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Formats issues as "file: field: message" lines. */
export function formatIssues(file: string, issues: ValidationIssue[]): string {
  return issues.map(i => `${file}: ${i.field ? i.field + ': ' : ''}${i.message}`).join('\n');
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

class Checker {
  readonly issues: ValidationIssue[] = [];
  fail(field: string, message: string): void { this.issues.push({ field, message }); }
  string(o: Obj, key: string, at: string, required = true): string | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '') { this.fail(at + key, v === undefined ? 'is required' : 'must be a non-empty string'); return undefined; }
    return v;
  }
  oneOf<T extends string>(o: Obj, key: string, at: string, allowed: readonly T[], fallback?: T): T | undefined {
    const v = o[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(at + key, `must be one of ${allowed.map(a => `"${a}"`).join(', ')}${v === undefined ? ' (missing)' : ` (got ${JSON.stringify(v)})`}`);
      return undefined;
    }
    return v as T;
  }
  object(o: Obj, key: string, at: string, required = true): Obj | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (!isObj(v)) { this.fail(at + key, v === undefined ? 'is required' : 'must be an object'); return undefined; }
    return v;
  }
}

/** Checks a parsed manifest.json. Unknown extra fields are allowed (forward compatibility). */
export function validateManifest(json: unknown): Validated<ModelManifest> {
  const c = new Checker();
  if (!isObj(json)) return { ok: false, issues: [{ field: '', message: 'must be a JSON object' }] };
  if (json.format !== undefined && json.format !== 'molml-model/1') c.fail('format', `unsupported format ${JSON.stringify(json.format)} (this version reads "molml-model/1")`);
  c.string(json, 'id', '');
  c.string(json, 'version', '');
  c.string(json, 'licence', '');
  c.string(json, 'onnx', '', false);
  const input = c.object(json, 'input', '');
  if (input) checkInput(c, input);
  const outputs = c.object(json, 'outputs', '');
  if (outputs) {
    c.string(outputs, 'embedding', 'outputs.');
    if (outputs.embeddingDim !== undefined && !(isInt(outputs.embeddingDim) && outputs.embeddingDim > 0)) c.fail('outputs.embeddingDim', 'must be a positive integer');
  }
  if (json.tasks !== undefined) {
    if (!Array.isArray(json.tasks)) c.fail('tasks', 'must be an array');
    else {
      const names = new Set<string>();
      json.tasks.forEach((t, i) => {
        const at = `tasks[${i}].`;
        if (!isObj(t)) { c.fail(`tasks[${i}]`, 'must be an object'); return; }
        const name = c.string(t, 'name', at);
        if (name && !/^[A-Za-z0-9_.-]+$/.test(name)) c.fail(at + 'name', 'may only hold letters, digits, _ . - (it becomes a column name)');
        if (name && names.has(name)) c.fail(at + 'name', `duplicate task name "${name}"`);
        if (name) names.add(name);
        c.oneOf(t, 'type', at, ['regression', 'classification'] as const);
        c.string(t, 'output', at);
        if (t.index !== undefined && !(isInt(t.index) && t.index >= 0)) c.fail(at + 'index', 'must be a column index (integer from 0)');
        c.string(t, 'units', at, false);
        if (t.transform !== undefined) checkTransform(c, t.transform, at + 'transform');
      });
    }
  }
  if (json.variants !== undefined) {
    if (!Array.isArray(json.variants)) c.fail('variants', 'must be an array');
    else json.variants.forEach((v, i) => {
      if (!isObj(v)) { c.fail(`variants[${i}]`, 'must be an object'); return; }
      c.oneOf(v, 'precision', `variants[${i}].`, ['int8'] as const);
      c.string(v, 'onnx', `variants[${i}].`);
    });
  }
  if (json.preferredBatchSize !== undefined && !(isInt(json.preferredBatchSize) && json.preferredBatchSize > 0)) c.fail('preferredBatchSize', 'must be a positive integer');
  for (const key of ['training', 'metrics', 'source'] as const) c.object(json, key, '', false);
  if (json.references !== undefined && !(Array.isArray(json.references) && json.references.every(r => typeof r === 'string'))) {
    c.fail('references', 'must be an array of strings');
  }
  return c.issues.length ? { ok: false, issues: c.issues } : { ok: true, value: json as unknown as ModelManifest };
}

function checkTransform(c: Checker, v: unknown, at: string): void {
  if (!isObj(v)) { c.fail(at, 'must be an object'); return; }
  const type = c.oneOf(v, 'type', at + '.', ['identity', 'affine', 'sigmoid'] as const);
  if (type === 'affine') {
    for (const k of ['scale', 'shift']) if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) c.fail(`${at}.${k}`, 'must be a finite number');
  }
}

function checkInput(c: Checker, input: Obj): void {
  const kind = c.oneOf(input, 'kind', 'input.', ['smiles', 'graph'] as const);
  if (kind === 'graph') {
    c.oneOf(input, 'featurization', 'input.', ['hu-molclr'] as const);
    c.oneOf(input, 'canonicalization', 'input.', ['rdkit', 'none'] as const);
    c.oneOf(input, 'hydrogens', 'input.', ['implicit', 'explicit'] as const, 'implicit');
    if (input.maxAtoms !== undefined && !(isInt(input.maxAtoms) && input.maxAtoms > 0)) c.fail('input.maxAtoms', 'must be a positive integer');
    checkNames(c, input, ['x', 'edgeIndex', 'edgeAttr', 'batch']);
  } else if (kind === 'smiles') {
    checkNames(c, input, ['ids', 'mask']);
    const t = c.object(input, 'tokenizer', 'input.');
    if (!t) return;
    const at = 'input.tokenizer.';
    const vocab = t.vocabulary;
    let size = 0;
    if (!Array.isArray(vocab) || vocab.length === 0 || !vocab.every(v => typeof v === 'string')) c.fail(at + 'vocabulary', 'must be a non-empty array of token strings in id order');
    else {
      size = vocab.length;
      const seen = new Map<string, number>();
      vocab.forEach((tok, i) => {
        if (seen.has(tok)) c.fail(`${at}vocabulary[${i}]`, `duplicate token ${JSON.stringify(tok)} (also id ${seen.get(tok)})`);
        seen.set(tok, i);
      });
    }
    const regex = c.string(t, 'regex', at);
    if (regex !== undefined) {
      try { new RegExp(regex, 'g'); } catch (e) { c.fail(at + 'regex', `is not a valid JavaScript regular expression: ${(e as Error).message}`); }
    }
    if (!(isInt(t.maxLength) && t.maxLength >= 3)) c.fail(at + 'maxLength', 'must be an integer of at least 3');
    c.oneOf(t, 'canonicalization', at, ['rdkit', 'none'] as const);
    const special = c.object(t, 'specialTokens', at);
    if (special) {
      if (special.pad === undefined) c.fail(at + 'specialTokens.pad', 'is required');
      for (const [k, v] of Object.entries(special)) {
        if (!['pad', 'bos', 'eos', 'unk', 'mask'].includes(k)) { c.fail(`${at}specialTokens.${k}`, 'unknown special token (use pad, bos, eos, unk, mask)'); continue; }
        if (!isInt(v) || v < 0 || (size > 0 && v >= size)) c.fail(`${at}specialTokens.${k}`, `must be a token id in the vocabulary (0..${Math.max(0, size - 1)})`);
      }
    }
  }
}

function checkNames(c: Checker, input: Obj, keys: string[]): void {
  const names = c.object(input, 'inputNames', 'input.', false);
  if (!names) return;
  for (const [k, v] of Object.entries(names)) {
    if (!keys.includes(k)) c.fail(`input.inputNames.${k}`, `unknown input (expected one of ${keys.join(', ')})`);
    else if (typeof v !== 'string' || !v) c.fail(`input.inputNames.${k}`, 'must be a non-empty string');
  }
}

/**
 * The layout written by MolML's training exporter (training/export.py): tokenizer at the top level with
 * snake_case fields and special tokens keyed by token, a list of outputs, tasks as columns (`index`) of one
 * `predictions` output with any transform already folded into the graph. Read as molml-model/1; other JSON is
 * returned unchanged.
 */
export function normalizeManifest(json: unknown): unknown {
  if (!isObj(json) || !isObj(json.tokenizer) || !Array.isArray(json.outputs)) return json;
  const t = json.tokenizer;
  const input = isObj(json.input) ? json.input : {};
  const special: Record<string, unknown> = {};
  if (isObj(t.special_tokens)) {
    const roles: [RegExp, keyof SpecialTokens][] = [[/pad/i, 'pad'], [/unk/i, 'unk'], [/cls|bos|^<s>$/i, 'bos'], [/sep|eos|^<\/s>$/i, 'eos'], [/mask/i, 'mask']];
    for (const [token, id] of Object.entries(t.special_tokens)) {
      const role = roles.find(([re]) => re.test(token))?.[1];
      if (role) special[role] = id;
    }
  }
  // A template such as "[CLS] tokens [SEP]" says which of the special tokens frame a sequence.
  if (typeof t.template === 'string') {
    if (!/cls|bos|<s>/i.test(t.template)) delete special.bos;
    if (!/sep|eos|<\/s>/i.test(t.template)) delete special.eos;
  }
  const canon = String(input.canonicalisation ?? input.canonicalization ?? t.canonicalisation ?? '');
  const outputs = json.outputs.filter(isObj);
  const embedding = outputs.find(o => o.name === 'embedding') ?? outputs.find(o => /embed/i.test(String(o.name)));
  const matrix = outputs.find(o => o !== embedding);
  const file = isObj(json.file) ? json.file : {};
  const tasks = Array.isArray(json.tasks) ? json.tasks.filter(isObj).map((task, i) => ({
    name: String(task.name ?? `task${i}`).replace(/[^A-Za-z0-9_.-]+/g, '_'),
    type: task.type,
    output: typeof task.output === 'string' ? task.output : matrix?.name,
    index: typeof task.index === 'number' ? task.index : i,
    ...(typeof task.units === 'string' && task.units.trim() ? { units: task.units } : {}),
    ...(typeof task.dataset === 'string' ? { description: `${task.dataset}${task.source_column ? `: ${String(task.source_column)}` : ''}` } : {}),
  })) : [];
  const training = isObj(json.training) ? { ...json.training } : {};
  if (json.training_data !== undefined) training.data = json.training_data;
  const metrics = isObj(json.metrics) ? json.metrics : undefined;
  return {
    format: 'molml-model/1',
    id: json.id, version: json.version, licence: json.licence ?? json.license,
    ...(json.name !== undefined ? { name: json.name } : {}),
    ...(json.description !== undefined ? { description: json.description } : {}),
    training,
    ...(metrics ? { metrics } : {}),
    ...(isObj(json.source) ? { source: json.source } : {}),
    onnx: typeof file.name === 'string' ? file.name : undefined,
    ...(Array.isArray(json.variants) ? {
      variants: json.variants.filter(isObj).map(v => ({ precision: v.precision, onnx: v.name ?? v.onnx })),
    } : {}),
    input: {
      kind: input.kind ?? 'smiles',
      tokenizer: {
        vocabulary: t.vocabulary, regex: t.regex, maxLength: t.max_length ?? t.maxLength, specialTokens: special,
        canonicalization: /rdkit|canonical/i.test(canon) && !/^none/i.test(canon) ? 'rdkit' : 'none',
      },
    },
    outputs: { embedding: embedding?.name, ...(Array.isArray(embedding?.shape) && typeof embedding.shape[1] === 'number' ? { embeddingDim: embedding.shape[1] } : {}) },
    tasks,
    ...(Array.isArray(json.references) ? { references: json.references.map(r => (isObj(r) ? String(r.id ?? r.key ?? JSON.stringify(r)) : String(r))) } : {}),
  };
}
