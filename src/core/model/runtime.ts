// Loads a model directory (manifest.json + ONNX) and runs it over molecules: pre-flight validation of every
// molecule, length-sorted batches, a cache per model identity, progress and cancellation between batches.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import * as ort from 'onnxruntime-node';
import { mapWithRdkit, refusalReason, MAX_HEAVY_ATOMS, type Mol, type Rdkit } from '../chem/rdkit';
import { heavyAtomCount } from '../chem/smiles-tokens';
import {
  MANIFEST_FILE,
  DEFAULT_ONNX_FILE,
  validateManifest,
  normalizeManifest,
  formatIssues,
  type ModelManifest,
  type TaskSpec,
  type OutputTransform,
  type Precision,
  type InputPolicy,
} from './manifest';
import {
  createSession,
  cudaProviderPresent,
  ortReason,
  vulkanLoaderPresent,
  type DeviceRequest,
  type Device,
  type SessionSettings,
} from './providers';
import { SmilesTokenizer, smilesPolicy } from './smiles-tokenizer';
import { featurizeHuMolclr } from './graph-featurizer';
import { buildFeeds, type Features } from './feeds';
import { DiskCache, LayeredCache, type CachedVector, type ResultCache, type ModelIdentity } from './cache';
import { LruCache } from '../../common/lru';

/** A model that cannot be used: the message names the file and the reason. */
/** Why RDKit refused an input: a molecule over the size bounds is "too large", not "unparsable". */
export class ModelLoadError extends Error {}

export type PrecisionRequest = 'auto' | Precision;

export interface LoadOptions extends SessionSettings {
  device?: DeviceRequest;
  /**
   * Which export of the weights to run. `auto` takes the int8 variant when the model has one and runs on the CPU
   * (int8 kernels are CPU kernels; on a GPU the float32 file is faster), float32 otherwise.
   */
  precision?: PrecisionRequest;
  /** Directory for the on-disk results cache (the extension's storage); none when absent. */
  cacheDirectory?: string;
}

/** A molecule the model cannot take, reported instead of failing the batch. */
export interface PreflightIssue {
  index: number;
  input: string;
  reason: string;
}

export interface MoleculeResult {
  index: number;
  input: string;
  /** The string the model saw: canonical SMILES, or the input when the model does not canonicalise. */
  key: string;
  embedding: Float32Array;
  /** Per task, after the manifest's output transform. */
  predictions: Record<string, number>;
  /** What the model was given instead of the input as written (a salt's parent), when that differs. */
  note?: string;
  /** Why the model did not read this molecule whole (truncated, unknown tokens): an out-of-domain prediction. */
  warnings?: string[];
}

export interface RunResult {
  /** Aligned with the inputs; undefined where the molecule was refused (see `issues`). */
  results: (MoleculeResult | undefined)[];
  issues: PreflightIssue[];
  device: Device;
  deviceNote?: string;
  cached: number;
  computed: number;
}

/** What a run gives whoever runs it, one model or several shards. */
export type ModelRun = Pick<RunResult, 'results' | 'issues' | 'device' | 'deviceNote'>;

export interface RunOptions {
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after pre-flight and after every batch: molecules done (cached or computed) out of those accepted. */
  onProgress?: (done: number, total: number) => void;
  /** Overrides the model's fragment policy (a head trained on largest-fragment embeddings needs those). */
  fragments?: Fragments;
}

export type Fragments = NonNullable<InputPolicy['fragments']>;

export interface Prepared {
  index: number;
  input: string;
  key: string;
  features?: Features;
  cached?: Float32Array;
  size: number;
  note?: string;
  warnings?: string[];
}

/** Reads and validates a model directory's manifest; throws ModelLoadError naming the file and field. */
export function readManifest(dir: string): {
  manifest: ModelManifest;
  onnxPath: string;
  variantPaths: Partial<Record<Precision, string>>;
} {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ModelLoadError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelLoadError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const v = validateManifest(normalizeManifest(json));
  if (!v.ok) throw new ModelLoadError(formatIssues(file, v.issues));
  const onnxPath = path.resolve(dir, v.value.onnx ?? DEFAULT_ONNX_FILE);
  if (!fs.existsSync(onnxPath)) throw new ModelLoadError(`${onnxPath}: the ONNX file named by ${file} does not exist`);
  const variantPaths: Partial<Record<Precision, string>> = {};
  for (const variant of v.value.variants ?? []) {
    const p = path.resolve(dir, variant.onnx);
    if (!fs.existsSync(p))
      throw new ModelLoadError(`${p}: the ${variant.precision} ONNX file named by ${file} does not exist`);
    variantPaths[variant.precision] = p;
  }
  return { manifest: v.value, onnxPath, variantPaths };
}

export class Model {
  private readonly tokenizer?: SmilesTokenizer;
  private readonly cache: ResultCache;
  /** Vectors of recent inputs. */
  readonly memory = new LruCache<string, CachedVector>(20000);
  readonly disk?: DiskCache;

  private constructor(
    readonly directory: string,
    readonly manifest: ModelManifest,
    readonly onnxPath: string,
    readonly identity: ModelIdentity,
    readonly session: ort.InferenceSession,
    readonly device: Device,
    readonly precision: Precision,
    readonly deviceNote: string | undefined,
    readonly sessionCreateMs: number,
    cacheDirectory: string | undefined,
  ) {
    if (manifest.input.kind === 'smiles')
      this.tokenizer = new SmilesTokenizer(manifest.input.tokenizer, smilesPolicy(manifest.input));
    this.disk = cacheDirectory ? new DiskCache(cacheDirectory, identity) : undefined;
    this.cache = new LayeredCache(this.memory, this.disk);
  }

  static async load(dir: string, options: LoadOptions = {}): Promise<Model> {
    const { manifest, onnxPath: fp32Path, variantPaths } = readManifest(dir);
    const request = options.precision ?? 'auto';
    const device = options.device ?? 'auto';
    if (request === 'int8' && !variantPaths.int8) {
      throw new ModelLoadError(
        `${path.join(dir, MANIFEST_FILE)}: this model has no int8 variant (its manifest lists none); use precision fp32 or auto`,
      );
    }
    const open = async (file: string, on: DeviceRequest) => {
      try {
        // By path, so that models with external weight files load too.
        return await createSession(file, on, options);
      } catch (e) {
        throw new ModelLoadError(`${file}: onnxruntime could not load the model: ${ortReason(e)}`);
      }
    };
    const int8 = variantPaths.int8;
    // Known in advance to end on the CPU: no GPU provider can even be tried (see createSession).
    const cpuOnly = device === 'cpu' || (device === 'auto' && !cudaProviderPresent() && !vulkanLoaderPresent());
    let onnxPath = request === 'int8' || (request === 'auto' && int8 && cpuOnly) ? int8! : fp32Path;
    let created = await open(onnxPath, device);
    if (request === 'auto' && int8 && onnxPath !== int8 && created.device === 'cpu') {
      // No GPU after all: the CPU runs the int8 variant faster.
      await created.session.release();
      const createMs = created.createMs;
      onnxPath = int8;
      created = { ...(await open(int8, 'cpu')), ...(created.note ? { note: created.note } : {}) };
      created.createMs += createMs;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(onnxPath);
    } catch (e) {
      throw new ModelLoadError(`${onnxPath}: cannot read (${(e as Error).message})`);
    }
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    checkInterface(manifest, created.session, path.join(dir, MANIFEST_FILE));
    return new Model(
      path.resolve(dir),
      manifest,
      onnxPath,
      { id: manifest.id, version: manifest.version, sha256 },
      created.session,
      created.device,
      onnxPath === fp32Path ? 'fp32' : 'int8',
      created.note,
      created.createMs,
      options.cacheDirectory,
    );
  }

  get tasks(): TaskSpec[] {
    return this.manifest.tasks ?? [];
  }
  /** id@version, and the precision when it is not the float32 original. */
  get label(): string {
    return `${this.manifest.id}@${this.manifest.version}${this.precision === 'fp32' ? '' : ` (${this.precision})`}`;
  }

  /**
   * What a SMILES model is fed: the whole SMILES or its largest fragment, and whether over-long and unknown-token
   * molecules are read as in training (flagged) or refused. Undefined for graph models.
   */
  /** Whether the model reads RDKit's canonical SMILES of its input (then a result's key is that SMILES). */
  get canonicalises(): boolean {
    const input = this.manifest.input;
    return (input.kind === 'smiles' ? input.tokenizer.canonicalization : input.canonicalization) === 'rdkit';
  }

  get policy(): Required<InputPolicy> | undefined {
    return this.manifest.input.kind === 'smiles' ? smilesPolicy(this.manifest.input) : undefined;
  }

  /** Validates and featurizes every input; refused molecules come back as issues with the reason. */
  async preflight(
    inputs: string[],
    fragments = this.policy?.fragments,
  ): Promise<{ accepted: Prepared[]; issues: PreflightIssue[] }> {
    const input = this.manifest.input;
    const canonical = this.canonicalises;
    const accepted: Prepared[] = [];
    const issues: PreflightIssue[] = [];
    const maxAtoms = input.kind === 'graph' ? (input.maxAtoms ?? 300) : 0;
    const graphOf = (mol: Mol, text: string) =>
      featurizeHuMolclr(mol, text, input.kind === 'graph' && input.hydrogens === 'explicit', maxAtoms);
    // A SMILES model trained on parent molecules is given the largest fragment of a salt or mixture, and the result
    // says so; one trained on the SMILES as written (the default model) sees every fragment, as in training.
    const stripSalts = input.kind === 'smiles' && fragments === 'largest';
    // One step per molecule (see withRdkit): a molecule that traps RDKit is refused and the next one gets a fresh module.
    const outcomes = await mapWithRdkit(inputs, (rd, raw, index): Prepared | PreflightIssue => {
      const smiles = raw.trim();
      const issue = (reason: string): PreflightIssue => ({ index, input: raw, reason });
      // Counted from the text, before RDKit: canonicalising a chain of 700 atoms can trap or hang the wasm.
      const heavy = heavyAtomCount(smiles);
      if (maxAtoms && heavy > maxAtoms)
        return issue(`too large: ${heavy} atoms, the model accepts at most ${maxAtoms}`);
      if (heavy > MAX_HEAVY_ATOMS)
        return issue(
          `too large: ${heavy} heavy atoms, over the ${MAX_HEAVY_ATOMS}-atom limit of RDKit's WebAssembly build`,
        );
      // One parse gives the cache key and, when the model reads the text as written, the graph too.
      const parsed = rd.withMol(smiles, mol => {
        if (mol.get_num_atoms() === 0) return { error: 'no atoms' };
        let key = canonical ? mol.get_smiles() : smiles;
        let note: string | undefined;
        if (stripSalts && key.includes('.')) {
          const parent = largestFragment(rd, key);
          if (parent) {
            note = `predicted on the largest fragment ${parent} (other fragments removed)`;
            key = parent;
          }
        }
        const cached = this.cache.get(key);
        if (cached) return { key, cached, note };
        if (input.kind === 'graph' && !canonical) return { key, graph: graphOf(mol, smiles) };
        return { key, note };
      });
      if (!parsed.ok) return issue(refusalReason(parsed.error));
      const v = parsed.value;
      if (v.error !== undefined) return issue(v.error);
      const key = v.key!;
      const note = v.note ? { note: v.note } : {};
      if (input.kind === 'smiles') {
        // Tokenised even when cached: the policy may refuse it, and its warnings are not cached.
        const t = this.tokenizer!.encode(key);
        if (!t.ok) return issue(t.reason);
        const warnings = t.warnings.length ? { warnings: t.warnings } : {};
        return v.cached
          ? { index, input: raw, key, cached: v.cached, size: 0, ...note, ...warnings }
          : {
              index,
              input: raw,
              key,
              features: { kind: 'tokens', ids: t.ids },
              size: t.ids.length,
              ...note,
              ...warnings,
            };
      }
      if (v.cached) return { index, input: raw, key, cached: v.cached, size: 0, ...note };
      // Canonicalising graph models featurize the canonical SMILES (bond directions come from its text).
      let graph = v.graph;
      if (!graph) {
        const f = rd.withMol(key, mol => graphOf(mol, key));
        if (!f.ok) return issue(refusalReason(f.error));
        graph = f.value;
      }
      return graph.ok
        ? { index, input: raw, key, features: { kind: 'graph', graph: graph.graph }, size: graph.graph.numAtoms }
        : issue(graph.reason);
    });
    for (const o of outcomes) {
      if ('reason' in o) issues.push(o);
      else accepted.push(o);
    }
    return { accepted, issues };
  }

  /** Embeddings and task predictions for `inputs`; throws an AbortError when `signal` aborts (between batches). */
  async run(inputs: string[], options: RunOptions = {}): Promise<RunResult> {
    const batchSize = Math.max(1, options.batchSize ?? this.manifest.preferredBatchSize ?? 32);
    options.signal?.throwIfAborted();
    const { accepted, issues } = await this.preflight(inputs, options.fragments ?? this.policy?.fragments);
    const results: (MoleculeResult | undefined)[] = new Array(inputs.length).fill(undefined);
    const vectors = new Map<string, Float32Array>();
    for (const p of accepted) if (p.cached) vectors.set(p.key, p.cached);
    // Unique molecules still to compute, shortest first: padding and per-batch cost grow with the longest.
    const todo = new Map<string, Prepared>();
    for (const p of accepted) if (!vectors.has(p.key) && !todo.has(p.key)) todo.set(p.key, p);
    const queue = [...todo.values()].sort((a, b) => a.size - b.size);
    const total = accepted.length;
    const cached = accepted.filter(p => vectors.has(p.key)).length;
    let done = cached;
    options.onProgress?.(done, total);
    const perKey = new Map<string, number>();
    for (const p of accepted) perKey.set(p.key, (perKey.get(p.key) ?? 0) + 1);
    for (let start = 0; start < queue.length; start += batchSize) {
      options.signal?.throwIfAborted();
      const batch = queue.slice(start, start + batchSize);
      const out = await this.runBatch(batch.map(p => p.features!));
      const entries: [string, Float32Array][] = batch.map((p, i) => [p.key, out[i]]);
      this.cache.setMany(entries);
      for (const [k, v] of entries) {
        vectors.set(k, v);
        done += perKey.get(k)!;
      }
      options.onProgress?.(done, total);
    }
    const dim = this.embeddingDim(vectors);
    for (const p of accepted) {
      const v = vectors.get(p.key)!;
      results[p.index] = {
        index: p.index,
        input: p.input,
        key: p.key,
        embedding: v.subarray(0, dim),
        predictions: this.predictions(v, dim),
        ...(p.note ? { note: p.note } : {}),
        ...(p.warnings ? { warnings: p.warnings } : {}),
      };
    }
    return {
      results,
      issues,
      device: this.device,
      ...(this.deviceNote ? { deviceNote: this.deviceNote } : {}),
      cached,
      computed: queue.length,
    };
  }

  private embeddingDim(vectors: Map<string, Float32Array>): number {
    const first = vectors.values().next().value;
    return first ? first.length - this.tasks.length : 0;
  }

  private predictions(v: Float32Array, dim: number): Record<string, number> {
    const out: Record<string, number> = {};
    this.tasks.forEach((t, i) => {
      out[t.name] = applyTransform(t.transform, v[dim + i]);
    });
    return out;
  }

  /** One session call; returns per molecule the embedding followed by the raw task outputs. */
  private async runBatch(features: Features[]): Promise<Float32Array[]> {
    const feeds = buildFeeds(this.manifest.input, features);
    const names = [this.manifest.outputs.embedding, ...this.tasks.map(t => t.output)];
    let outputs: ort.InferenceSession.OnnxValueMapType;
    try {
      outputs = await this.session.run(feeds, [...new Set(names)]);
    } catch (e) {
      throw new ModelLoadError(`${this.onnxPath}: inference failed: ${ortReason(e)}`);
    } finally {
      for (const t of Object.values(feeds)) t.dispose();
    }
    const n = features.length;
    const emb = outputs[this.manifest.outputs.embedding];
    const dim = emb.dims.length === 2 && emb.dims[0] === n ? emb.dims[1] : -1;
    if (dim < 0)
      throw new ModelLoadError(
        `${this.onnxPath}: output "${this.manifest.outputs.embedding}" has shape [${emb.dims.join(',')}], expected [${n}, D]`,
      );
    const embData = emb.data as Float32Array;
    // Per task: its values for the batch, from its own output or from a column of a [batch, T] output.
    const taskData = this.tasks.map(t => {
      const o = outputs[t.output];
      const data = o.data as Float32Array;
      if (t.index === undefined) {
        if (o.size !== n)
          throw new ModelLoadError(
            `${this.onnxPath}: output "${t.output}" of task ${t.name} has shape [${o.dims.join(',')}], expected [${n}] or [${n},1]`,
          );
        return data;
      }
      const cols = o.dims.length === 2 && o.dims[0] === n ? o.dims[1] : 0;
      if (t.index >= cols)
        throw new ModelLoadError(
          `${this.onnxPath}: output "${t.output}" has shape [${o.dims.join(',')}], task ${t.name} reads column ${t.index}`,
        );
      return Float32Array.from({ length: n }, (_, i) => data[i * cols + t.index!]);
    });
    const result: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const v = new Float32Array(dim + taskData.length);
      v.set(embData.subarray(i * dim, (i + 1) * dim));
      taskData.forEach((d, t) => {
        v[dim + t] = d[i];
      });
      result.push(v);
    }
    for (const o of Object.values(outputs)) o.dispose();
    return result;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** Canonical SMILES of the fragment with the most heavy atoms (the first of equals), or undefined if none parses. */
export function largestFragment(rd: Rdkit, canonicalSmiles: string): string | undefined {
  let best: { smiles: string; atoms: number } | undefined;
  for (const fragment of canonicalSmiles.split('.')) {
    const r = rd.withMol(fragment, m => ({ smiles: m.get_smiles(), atoms: m.get_num_atoms(true) }));
    if (r.ok && (!best || r.value.atoms > best.atoms)) best = r.value;
  }
  return best?.smiles;
}

export function applyTransform(t: OutputTransform | undefined, raw: number): number {
  if (!t || t.type === 'identity') return raw;
  if (t.type === 'affine') return raw * t.scale + t.shift;
  return 1 / (1 + Math.exp(-raw));
}

/** The manifest must name inputs and outputs the ONNX graph really has. */
function checkInterface(m: ModelManifest, session: ort.InferenceSession, manifestFile: string): void {
  const problems: string[] = [];
  const inputs =
    m.input.kind === 'smiles'
      ? [m.input.inputNames?.ids ?? 'input_ids', m.input.inputNames?.mask ?? 'attention_mask']
      : [
          m.input.inputNames?.x ?? 'x',
          m.input.inputNames?.edgeIndex ?? 'edge_index',
          m.input.inputNames?.edgeAttr ?? 'edge_attr',
          m.input.inputNames?.batch ?? 'batch',
        ];
  for (const name of inputs)
    if (!session.inputNames.includes(name))
      problems.push(`input "${name}" is not an input of the ONNX graph (it has ${session.inputNames.join(', ')})`);
  for (const name of session.inputNames)
    if (!inputs.includes(name))
      problems.push(`the ONNX graph needs input "${name}", which a "${m.input.kind}" model does not provide`);
  const outputs = [m.outputs.embedding, ...(m.tasks ?? []).map(t => t.output)];
  for (const name of outputs)
    if (!session.outputNames.includes(name))
      problems.push(`output "${name}" is not an output of the ONNX graph (it has ${session.outputNames.join(', ')})`);
  if (problems.length) throw new ModelLoadError(problems.map(p => `${manifestFile}: ${p}`).join('\n'));
}
