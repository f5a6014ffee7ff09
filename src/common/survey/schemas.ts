// The schemas of the shipped survey catalog (src/common/survey/data/*.json): the catalog's types (types.ts) are
// theirs, and src/core/survey/schema.ts checks the real files against them (with the checks that span fields and
// files) at build time and in the unit tests, so the rest of the code can trust them. Kept apart from types.ts so
// that the webview, which reads only the checked data, does not bundle them.
import * as z from 'zod/mini';
import { LINK_KINDS, SCOPES, TAG_FACETS, type TaxonomyNode } from './types';

// Field kinds, each with the words a problem is reported in.
const text = z
  .string({ error: 'expected a non-empty string' })
  .check(z.refine(s => s.trim() !== '', { error: 'expected a non-empty string', abort: true }));
const matching = (pattern: RegExp) =>
  text.check(
    z.refine(s => pattern.test(s), { error: issue => `${JSON.stringify(issue.input)} does not match ${pattern}` }),
  );
const numberIn = (min: number, max = Infinity) => {
  const error = `expected a number in [${min}, ${max}]`;
  return z.number({ error }).check(z.gte(min, { error }), z.lte(max, { error }));
};
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: issue => `${JSON.stringify(issue.input)} is not one of ${values.join(', ')}` });
const texts = z.array(text, { error: 'expected an array' });
const flag = z.boolean({ error: 'expected a boolean' });
const objectError = {
  error: (issue: { code: string }) => (issue.code === 'invalid_type' ? 'expected an object' : undefined),
};
/** An object with exactly these fields (an unknown one is reported). */
const exactly = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, objectError);
/** An object with at least these fields. */
const having = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape, objectError);
const recordOf = <T extends z.core.SomeType>(value: T) => z.record(z.string(), value, objectError);

/** Catalog ids and benchmark paper ids. */
export const ID = /^[a-z0-9][a-z0-9-]*$/;
const URL_PATTERN = /^https?:\/\/[^\s"<>{}\\]+$/;

const architecture = exactly({ family: text, kind: z.nullable(text) });
export type Architecture = z.infer<typeof architecture>;

export const referenceSchema = exactly({
  id: matching(ID),
  title: text,
  /** Empty unless `authorsStatus` is 'verified': unverified author lists are never shown or exported. */
  authors: texts,
  authorsStatus: oneOf(['verified', 'unverified']),
  venue: text,
  year: numberIn(1950, 2100),
  pages: z.optional(matching(/^\d+-\d+$/)),
  links: z.partialRecord(z.enum(LINK_KINDS), matching(URL_PATTERN), objectError),
  model: z.nullable(text),
  scope: oneOf(SCOPES),
  /** 'analysis' or 'benchmark' for papers that study other models rather than propose one. */
  kind: z.optional(oneOf(['analysis', 'benchmark'])),
  tags: exactly({
    descriptor: texts,
    multimodal: flag,
    architecture: z.array(architecture, { error: 'expected an array' }),
    strategy: texts,
    applications: texts,
  }),
  /** 'survey' when the placement follows the survey's discussion, 'assigned' when applied by its definitions. */
  tagBasis: oneOf(['survey', 'assigned']),
  pretrainingData: z.array(having({ dataset: text, size: z.nullable(text) }), { error: 'expected an array' }),
});
export type Reference = z.infer<typeof referenceSchema>;

export const catalogSchema = exactly({
  survey: having({
    title: text,
    authors: texts,
    venue: text,
    year: numberIn(1950, 2100),
    pages: text,
    arxiv: text,
    doi: text,
    companionList: text,
  }),
  source: having({ repository: text, commit: matching(/^[0-9a-f]{40}$/), date: matching(/^\d{4}-\d{2}-\d{2}$/) }),
  references: z.array(referenceSchema, { error: 'expected an array' }),
});
export type Catalog = z.infer<typeof catalogSchema>;
export type SurveyInfo = Catalog['survey'];

const nodeShape = {
  id: text,
  name: text,
  abbr: z.optional(text),
  description: text.check(z.maxLength(200, { error: 'keep descriptions to one short line' })),
  tags: z.optional(texts),
  get children() {
    return z.optional(z.array(taxonomyNode, { error: 'expected an array' }));
  },
};
const taxonomyNode: z.ZodMiniType<TaxonomyNode> = exactly(nodeShape);

const perspective = exactly({ ...nodeShape, facet: oneOf(TAG_FACETS) });
export type Perspective = z.infer<typeof perspective>;

export const taxonomySchema = exactly({ perspectives: z.array(perspective, { error: 'expected an array' }) });
export type Taxonomy = z.infer<typeof taxonomySchema>;

const benchmarkDataset = having({
  metric: oneOf(['ROC-AUC', 'RMSE']),
  higherIsBetter: flag,
  molecules: numberIn(1),
  tasks: numberIn(1),
  unit: z.optional(z.string()),
});
export type BenchmarkDataset = z.infer<typeof benchmarkDataset>;

const benchmarkRow = exactly({
  model: text,
  variant: z.nullable(text),
  kind: text,
  /** Catalog id of the paper that printed the numbers (null for papers outside the catalog). */
  paperId: z.nullable(matching(ID)),
  paper: text,
  table: text,
  protocol: text,
  reportedBy: text,
  confidence: oneOf(['high', 'medium']),
  values: recordOf(exactly({ mean: numberIn(0), std: z.optional(numberIn(0)) })),
  notes: texts,
});
export type BenchmarkRow = z.infer<typeof benchmarkRow>;

export const benchmarksSchema = exactly({
  notes: texts,
  datasets: recordOf(benchmarkDataset),
  protocols: recordOf(having({ split: text, description: text })),
  rows: z.array(benchmarkRow, { error: 'expected an array' }),
});
export type Benchmarks = z.infer<typeof benchmarksSchema>;

/** How a catalog entry can be run inside MolML (src/common/survey/data/runnable.json). */
const runnableEntry = exactly({ how: oneOf(['shipped-encoder', 'user-onnx']), label: text, reason: text });
export type Runnable = z.infer<typeof runnableEntry>;
export const runnableSchema = recordOf(runnableEntry);
