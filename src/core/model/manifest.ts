// The model manifest (manifest.json beside model.onnx): what the runtime needs to feed a model and read its outputs.
// Documented for users in docs/models.md. Defined once as a zod schema (the types below are its types); validation
// collects every problem with its field path, never throws.
import * as z from 'zod';
import { issueLine, issuePath } from '../schema-issues';

export const MANIFEST_FILE = 'manifest.json';
export const DEFAULT_ONNX_FILE = 'model.onnx';

/** Precisions a model file can have; `fp32` is the main `onnx` file. */
export const PRECISIONS = ['fp32', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];

// Field kinds, each with the words a problem is reported in.
const absentOr = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what),
});
const nonEmpty = z
  .string(absentOr('must be a non-empty string'))
  .refine(v => v.trim() !== '', 'must be a non-empty string');
const positiveInt = z
  .number({ error: 'must be a positive integer' })
  .int({ error: 'must be a positive integer' })
  .positive({ error: 'must be a positive integer' });
const finite = z.number({ error: 'must be a finite number' }).finite({ error: 'must be a finite number' });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: issue =>
      `must be one of ${values.map(v => `"${v}"`).join(', ')}${issue.input === undefined ? ' (missing)' : ` (got ${JSON.stringify(issue.input)})`}`,
  });
const freeForm = z.record(z.string(), z.unknown(), { error: 'must be an object' });
/** ONNX input names: only these keys, each a non-empty string. */
const inputNames = <const K extends readonly string[]>(keys: K) =>
  z.strictObject(
    Object.fromEntries(
      keys.map(k => [
        k,
        z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' }).optional(),
      ]),
    ) as { [P in K[number]]: z.ZodOptional<z.ZodString> },
    {
      error: issue =>
        issue.code === 'unrecognized_keys'
          ? `unknown input ${issue.keys.join(', ')} (expected one of ${keys.join(', ')})`
          : 'must be an object',
    },
  );

const canonicalization = oneOf(['rdkit', 'none']);
export type Canonicalization = z.infer<typeof canonicalization>;

const SPECIAL_TOKENS = ['pad', 'bos', 'eos', 'unk', 'mask'] as const;
const tokenId = z
  .number(absentOr('must be a token id in the vocabulary'))
  .int({ error: 'must be a token id in the vocabulary' })
  .min(0, { error: 'must be a token id in the vocabulary' });
const specialTokens = z.strictObject(
  {
    /** Padding id (attention_mask 0). Required. */
    pad: tokenId,
    /** Prepended to every sequence (CLS/BOS) when present. */
    bos: tokenId.optional(),
    /** Appended to every sequence (SEP/EOS) when present. */
    eos: tokenId.optional(),
    /** Unknown-token id: used for tokens outside the vocabulary when input.policy.unknownTokens is "unk". */
    unk: tokenId.optional(),
    mask: tokenId.optional(),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `unknown special token ${issue.keys.join(', ')} (use ${SPECIAL_TOKENS.join(', ')})`
        : issue.input === undefined
          ? 'is required'
          : 'must be an object',
  },
);
export type SpecialTokens = z.infer<typeof specialTokens>;

const tokenizerSpec = z
  .object(
    {
      /** Tokens in id order: vocabulary[i] has id i. */
      vocabulary: z
        .array(z.string(), { error: 'must be a non-empty array of token strings in id order' })
        .min(1, { error: 'must be a non-empty array of token strings in id order' })
        .superRefine((vocabulary, ctx) => {
          const seen = new Map<string, number>();
          vocabulary.forEach((token, i) => {
            if (seen.has(token))
              ctx.addIssue({
                code: 'custom',
                path: [i],
                message: `duplicate token ${JSON.stringify(token)} (also id ${seen.get(token)})`,
              });
            seen.set(token, i);
          });
        }),
      /** A JavaScript regular expression (source, no slashes); successive matches must cover the whole SMILES. */
      regex: nonEmpty.superRefine((regex, ctx) => {
        try {
          new RegExp(regex, 'g');
        } catch (e) {
          ctx.addIssue({
            code: 'custom',
            message: `is not a valid JavaScript regular expression: ${(e as Error).message}`,
          });
        }
      }),
      /** Longest sequence the model accepts, special tokens included (the position table size). */
      maxLength: z
        .number({ error: 'must be an integer of at least 3' })
        .int({ error: 'must be an integer of at least 3' })
        .min(3, { error: 'must be an integer of at least 3' }),
      specialTokens,
      /** 'rdkit': RDKit canonical isomeric SMILES before tokenising (as in training); 'none': the text as written. */
      canonicalization,
    },
    absentOr('must be an object'),
  )
  .superRefine(
    (t, ctx) => {
      // Special tokens are ids in the vocabulary: checked even when other tokenizer fields are wrong.
      const special: unknown = t.specialTokens;
      if (typeof special !== 'object' || special === null || !Array.isArray(t.vocabulary) || t.vocabulary.length === 0)
        return;
      const size = t.vocabulary.length;
      for (const [k, v] of Object.entries(special)) {
        if (typeof v === 'number' && v >= size)
          ctx.addIssue({
            code: 'custom',
            path: ['specialTokens', k],
            message: `must be a token id in the vocabulary (0..${size - 1})`,
          });
      }
    },
    { when: () => true },
  );
export type TokenizerSpec = z.infer<typeof tokenizerSpec>;

/**
 * How molecules outside what the model read whole are fed to it. Absent fields keep the behaviour of manifests
 * written before the field existed: the largest fragment when a canonicalising model's vocabulary has no `.`,
 * refusal of over-long sequences and of unknown tokens.
 */
const inputPolicy = z.strictObject(
  {
    /** 'all': the whole (multi-fragment) SMILES, as the model was trained; 'largest': the largest fragment only. */
    fragments: oneOf(['all', 'largest']).optional(),
    /** 'truncate': keep the first tokens that fit (as in training) and flag the row; 'refuse': refuse the row. */
    tooLong: oneOf(['truncate', 'refuse']).optional(),
    /** 'unk': the unknown-token id (as in training), flagged; 'refuse': refuse the row. */
    unknownTokens: oneOf(['unk', 'refuse']).optional(),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.join(', ')} (expected fragments, tooLong, unknownTokens)`
        : 'must be an object',
  },
);
export type InputPolicy = z.infer<typeof inputPolicy>;

const smilesInput = z
  .object({
    kind: z.literal('smiles'),
    tokenizer: tokenizerSpec,
    /** ONNX input names; default input_ids, attention_mask. */
    inputNames: inputNames(['ids', 'mask']).optional(),
    policy: inputPolicy.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.policy?.unknownTokens === 'unk' && s.tokenizer?.specialTokens?.unk === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['policy', 'unknownTokens'],
        message: '"unk" needs tokenizer.specialTokens.unk',
      });
  });
export type SmilesInput = z.infer<typeof smilesInput>;

const graphInput = z.object({
  kind: z.literal('graph'),
  /** Hu et al. (2020) / MolCLR: atom (type, chirality), bond (type, direction). */
  featurization: oneOf(['hu-molclr']),
  canonicalization,
  /** 'implicit': hydrogens as RDKit keeps them (MolCLR pre-training); 'explicit': RDKit AddHs first (fine-tuning). */
  hydrogens: oneOf(['implicit', 'explicit']).optional(),
  /** Largest molecule accepted, in atoms (after adding hydrogens); default 300. */
  maxAtoms: positiveInt.optional(),
  inputNames: inputNames(['x', 'edgeIndex', 'edgeAttr', 'batch']).optional(),
});
export type GraphInput = z.infer<typeof graphInput>;
export type GraphFeaturization = GraphInput['featurization'];

const modelInput = z.discriminatedUnion('kind', [smilesInput, graphInput], {
  error: issue =>
    issue.input === undefined
      ? 'is required'
      : issue.code === 'invalid_union'
        ? 'must be one of "smiles", "graph"'
        : 'must be an object',
});
export type ModelInput = z.infer<typeof modelInput>;

const outputTransform = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('identity') }),
    z.object({ type: z.literal('affine'), scale: finite, shift: finite }),
    z.object({ type: z.literal('sigmoid') }),
  ],
  {
    error: issue =>
      issue.code === 'invalid_union' ? 'must be one of "identity", "affine", "sigmoid"' : 'must be an object',
  },
);
export type OutputTransform = z.infer<typeof outputTransform>;

const taskSpec = z.object(
  {
    /** Becomes a column name. */
    name: nonEmpty.refine(
      name => /^[A-Za-z0-9_.-]+$/.test(name),
      'may only hold letters, digits, _ . - (it becomes a column name)',
    ),
    type: oneOf(['regression', 'classification']),
    /** ONNX output holding this task: shape [batch] or [batch,1], or [batch,T] with `index` naming the column. */
    output: nonEmpty,
    index: z
      .number({ error: 'must be a column index (integer from 0)' })
      .int({ error: 'must be a column index (integer from 0)' })
      .min(0, { error: 'must be a column index (integer from 0)' })
      .optional(),
    units: nonEmpty.optional(),
    description: z.string().optional(),
    /** Applied to the raw output: affine un-standardises a regression, sigmoid turns a logit into a probability. */
    transform: outputTransform.optional(),
    /** The dataset the task was trained on (the results view groups tasks by it). */
    dataset: nonEmpty.optional(),
    /** The dataset's column the task learnt: a file with this column holds measured values of the task. */
    sourceColumn: nonEmpty.optional(),
  },
  { error: 'must be an object' },
);
export type TaskSpec = z.infer<typeof taskSpec>;

const modelVariant = z.object(
  {
    precision: oneOf(['int8'] as const satisfies readonly Exclude<Precision, 'fp32'>[]),
    /** ONNX file, relative to the manifest. */
    onnx: nonEmpty,
  },
  { error: 'must be an object' },
);
export type ModelVariant = z.infer<typeof modelVariant>;

/** A manifest.json. Unknown extra fields are allowed (forward compatibility) and left out of the parsed manifest. */
const modelManifest = z.object(
  {
    format: z
      .literal('molml-model/1', {
        error: issue => `unsupported format ${JSON.stringify(issue.input)} (this version reads "molml-model/1")`,
      })
      .optional(),
    id: nonEmpty,
    version: nonEmpty,
    name: z.string().optional(),
    description: z.string().optional(),
    /** SPDX identifier of the weights' licence. */
    licence: nonEmpty,
    /** ONNX file, relative to the manifest; default model.onnx. */
    onnx: nonEmpty.optional(),
    /** Alternative exports of the same weights (an int8 CPU variant), chosen by the runtime's `precision`. */
    variants: z.array(modelVariant, { error: 'must be an array' }).optional(),
    input: modelInput,
    outputs: z.object({ embedding: nonEmpty, embeddingDim: positiveInt.optional() }, absentOr('must be an object')),
    tasks: z
      .array(taskSpec, { error: 'must be an array' })
      .superRefine((tasks, ctx) => {
        const names = new Set<string>();
        tasks.forEach((t, i) => {
          if (names.has(t.name))
            ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate task name "${t.name}"` });
          names.add(t.name);
        });
      })
      .optional(),
    /** Batch size the runtime uses when the caller gives none (graph exports can slow down with large batches). */
    preferredBatchSize: positiveInt.optional(),
    /** Free-form provenance: datasets, splits, sizes. */
    training: freeForm.optional(),
    /** Free-form evaluation results, e.g. { "esol": { "rmse": 0.58 } }. */
    metrics: freeForm.optional(),
    /** Survey reference ids this model follows. */
    references: z
      .array(z.string({ error: 'must be an array of strings' }), { error: 'must be an array of strings' })
      .optional(),
    /** Source repository, paper, copyright line: shown to users. */
    source: freeForm.optional(),
  },
  { error: 'must be a JSON object' },
);
export type ModelManifest = z.infer<typeof modelManifest>;

export interface ValidationIssue {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Formats issues as "file: field: message" lines. */
export function formatIssues(file: string, issues: ValidationIssue[]): string {
  return issues.map(i => `${file}: ${i.field ? i.field + ': ' : ''}${i.message}`).join('\n');
}

/** Checks a parsed manifest.json: every problem, each with its field path. */
export function validateManifest(json: unknown): Validated<ModelManifest> {
  const parsed = modelManifest.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map(issue => ({
      field: issuePath(issue.path),
      message: issueLine({ ...issue, path: [] }),
    })),
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

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
    const roles: [RegExp, keyof SpecialTokens][] = [
      [/pad/i, 'pad'],
      [/unk/i, 'unk'],
      [/cls|bos|^<s>$/i, 'bos'],
      [/sep|eos|^<\/s>$/i, 'eos'],
      [/mask/i, 'mask'],
    ];
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
  // The exporter writes the input policy in snake_case.
  const policy = isObj(input.policy)
    ? Object.fromEntries(
        Object.entries(input.policy).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
      )
    : undefined;
  const outputs = json.outputs.filter(isObj);
  const embedding = outputs.find(o => o.name === 'embedding') ?? outputs.find(o => /embed/i.test(String(o.name)));
  const matrix = outputs.find(o => o !== embedding);
  const file = isObj(json.file) ? json.file : {};
  const tasks = Array.isArray(json.tasks)
    ? json.tasks.filter(isObj).map((task, i) => ({
        name: String(task.name ?? `task${i}`).replace(/[^A-Za-z0-9_.-]+/g, '_'),
        type: task.type,
        output: typeof task.output === 'string' ? task.output : matrix?.name,
        index: typeof task.index === 'number' ? task.index : i,
        ...(typeof task.units === 'string' && task.units.trim() ? { units: task.units } : {}),
        ...(typeof task.dataset === 'string'
          ? { description: `${task.dataset}${task.source_column ? `: ${String(task.source_column)}` : ''}` }
          : {}),
        ...(typeof task.dataset === 'string' && task.dataset.trim() ? { dataset: task.dataset } : {}),
        ...(typeof task.source_column === 'string' && task.source_column.trim()
          ? { sourceColumn: task.source_column }
          : {}),
      }))
    : [];
  const training = isObj(json.training) ? { ...json.training } : {};
  if (json.training_data !== undefined) training.data = json.training_data;
  const metrics = isObj(json.metrics) ? json.metrics : undefined;
  return {
    format: 'molml-model/1',
    id: json.id,
    version: json.version,
    licence: json.licence ?? json.license,
    ...(json.name !== undefined ? { name: json.name } : {}),
    ...(json.description !== undefined ? { description: json.description } : {}),
    training,
    ...(metrics ? { metrics } : {}),
    ...(isObj(json.source) ? { source: json.source } : {}),
    onnx: typeof file.name === 'string' ? file.name : undefined,
    ...(Array.isArray(json.variants)
      ? {
          variants: json.variants.filter(isObj).map(v => ({ precision: v.precision, onnx: v.name ?? v.onnx })),
        }
      : {}),
    input: {
      kind: input.kind ?? 'smiles',
      tokenizer: {
        vocabulary: t.vocabulary,
        regex: t.regex,
        maxLength: t.max_length ?? t.maxLength,
        specialTokens: special,
        canonicalization: /rdkit|canonical/i.test(canon) && !/^none/i.test(canon) ? 'rdkit' : 'none',
      },
      ...(policy ? { policy } : {}),
    },
    outputs: {
      embedding: embedding?.name,
      ...(Array.isArray(embedding?.shape) && typeof embedding.shape[1] === 'number'
        ? { embeddingDim: embedding.shape[1] }
        : {}),
    },
    tasks,
    ...(Array.isArray(json.references)
      ? { references: json.references.map(r => (isObj(r) ? String(r.id ?? r.key ?? JSON.stringify(r)) : String(r))) }
      : {}),
  };
}
