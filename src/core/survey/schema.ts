// Runtime validation of the shipped survey data. Run by the build (scripts/validate-survey.mjs fails it on any
// problem) and by the unit tests. The shapes are the schemas of src/common/survey/schemas.ts; here are the checks that
// span fields (author status, metric direction, protocols and datasets a row names, duplicate ids) and files, and
// messages that name the exact entry and field.
import * as z from 'zod';
import { benchmarksSchema, catalogSchema, runnableSchema, taxonomySchema } from '../../common/survey/schemas';
import type { Benchmarks, Catalog, Reference, Runnable, Taxonomy, TaxonomyNode } from '../../common/survey/types';
import { issueLine } from '../schema-issues';

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const entries = (v: Json): Array<[string, Json]> => (isObj(v) ? Object.entries(v) : []);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);

/** Problems as "file-prefixed.path: message", the shape problems first, then those `more` finds in the raw JSON. */
function check(
  schema: z.core.$ZodType,
  v: Json,
  prefix: string[],
  more: (fail: (path: PropertyKey[], message: string) => void) => void,
): string[] {
  const errors: string[] = [];
  const result = z.safeParse(schema, v);
  if (!result.success)
    for (const issue of result.error.issues) errors.push(issueLine({ ...issue, path: [...prefix, ...issue.path] }));
  if (isObj(v))
    more((path, message) =>
      errors.push(issueLine({ code: 'custom', input: undefined, path: [...prefix, ...path], message })),
    );
  return errors;
}

export function validateCatalog(v: Json): string[] {
  return check(catalogSchema, v, v === null || typeof v !== 'object' ? ['references'] : [], fail => {
    const seen = new Set<unknown>();
    list((v as Obj).references).forEach((e, i) => {
      if (!isObj(e)) return;
      if (Array.isArray(e.authors)) {
        if (e.authorsStatus === 'verified' && e.authors.length === 0)
          fail(['references', i, 'authors'], 'verified but empty');
        if (e.authorsStatus !== 'verified' && e.authors.length > 0)
          fail(['references', i, 'authors'], 'unverified author lists must be empty');
      }
      if (typeof e.id === 'string') {
        if (seen.has(e.id)) fail(['references', i, 'id'], `duplicate id ${e.id}`);
        seen.add(e.id);
      }
    });
  });
}

export function validateTaxonomy(v: Json): string[] {
  return check(taxonomySchema, v, ['taxonomy'], fail => {
    const ids = new Set<unknown>();
    const walk = (n: Json, path: PropertyKey[]) => {
      if (!isObj(n)) return;
      if (typeof n.id === 'string') {
        if (ids.has(n.id)) fail([...path, 'id'], `duplicate id ${n.id}`);
        ids.add(n.id);
      }
      list(n.children).forEach((child, i) => walk(child, [...path, 'children', i]));
    };
    list((v as Obj).perspectives).forEach((p, i) => walk(p, ['perspectives', i]));
  });
}

export function validateBenchmarks(v: Json): string[] {
  return check(benchmarksSchema, v, ['benchmarks'], fail => {
    const b = v as Obj;
    const datasets = isObj(b.datasets) ? b.datasets : {};
    for (const [name, d] of entries(datasets)) {
      if (isObj(d) && typeof d.higherIsBetter === 'boolean' && d.higherIsBetter !== (d.metric === 'ROC-AUC'))
        fail(['datasets', name, 'higherIsBetter'], `inconsistent with ${String(d.metric)}`);
    }
    const protocols = isObj(b.protocols) ? b.protocols : {};
    list(b.rows).forEach((r, i) => {
      if (!isObj(r)) return;
      if (typeof r.protocol === 'string' && r.protocol.trim() && !(r.protocol in protocols))
        fail(['rows', i, 'protocol'], `unknown protocol ${r.protocol}`);
      if (!isObj(r.values)) return;
      if (Object.keys(r.values).length === 0) fail(['rows', i, 'values'], 'no values');
      for (const [ds, val] of entries(r.values)) {
        if (!(ds in datasets)) fail(['rows', i, 'values', ds], `unknown dataset ${ds}`);
        const roc = (datasets[ds] as { metric?: unknown } | undefined)?.metric === 'ROC-AUC';
        if (roc && isObj(val) && typeof val.mean === 'number' && val.mean > 100)
          fail(['rows', i, 'values', ds, 'mean'], 'expected a number in [0, 100]');
      }
    });
  });
}

export function validateRunnable(v: Json): string[] {
  return check(runnableSchema, v, ['runnable'], () => undefined);
}

function collectTags(nodes: readonly TaxonomyNode[], into: Set<string>): Set<string> {
  for (const n of nodes) {
    for (const t of n.tags ?? []) into.add(t);
    collectTags(n.children ?? [], into);
  }
  return into;
}

/** Checks that need all files at once: every tag is explained by the taxonomy, every id resolves. */
export function validateCrossReferences(
  catalog: Catalog,
  taxonomy: Taxonomy,
  benchmarks: Benchmarks,
  runnable: Record<string, Runnable>,
): string[] {
  const errors: string[] = [];
  const byFacet = (f: string) =>
    collectTags(
      taxonomy.perspectives.filter(p => p.facet === f),
      new Set(),
    );
  const known = {
    descriptor: byFacet('descriptor'),
    architecture: byFacet('architecture'),
    strategy: byFacet('strategy'),
    application: byFacet('application'),
    scope: byFacet('scope'),
  };
  const ids = new Set(catalog.references.map(r => r.id));
  const check = (r: Reference, facet: keyof typeof known, values: string[]) => {
    for (const v of values) if (!known[facet].has(v)) errors.push(`${r.id}: ${facet} "${v}" is not in the taxonomy`);
  };
  for (const r of catalog.references) {
    check(r, 'descriptor', r.tags.descriptor);
    check(
      r,
      'architecture',
      r.tags.architecture.map(a => a.family),
    );
    check(r, 'strategy', r.tags.strategy);
    check(r, 'application', r.tags.applications);
    check(r, 'scope', [r.scope]);
  }
  benchmarks.rows.forEach((row, i) => {
    if (row.paperId && !ids.has(row.paperId))
      errors.push(`benchmarks.rows[${i}].paperId: unknown reference ${row.paperId}`);
  });
  for (const id of Object.keys(runnable)) if (!ids.has(id)) errors.push(`runnable.${id}: unknown reference`);
  return errors;
}

/** All checks over the four shipped files; an empty list means the data is valid. */
export function validateSurveyData(files: {
  references: Json;
  taxonomy: Json;
  benchmarks: Json;
  runnable: Json;
}): string[] {
  const errors = [
    ...validateCatalog(files.references),
    ...validateTaxonomy(files.taxonomy),
    ...validateBenchmarks(files.benchmarks),
    ...validateRunnable(files.runnable),
  ];
  if (errors.length > 0) return errors;
  return validateCrossReferences(
    files.references as Catalog,
    files.taxonomy as Taxonomy,
    files.benchmarks as Benchmarks,
    files.runnable as Record<string, Runnable>,
  );
}
