// Runtime validation of the shipped survey data. Run by the build (scripts/validate-survey.mjs fails it on any
// problem) and by the unit tests; written by hand because the shapes are small and the messages should name the
// exact entry and field.
import {
  LINK_KINDS, SCOPES, TAG_FACETS,
  type Benchmarks, type Catalog, type Reference, type Runnable, type Taxonomy, type TaxonomyNode,
} from '../../shared/survey/types';

type Json = unknown;

class Checker {
  readonly errors: string[] = [];
  fail(at: string, what: string): void { this.errors.push(`${at}: ${what}`); }
  obj(v: Json, at: string): v is Record<string, Json> {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    this.fail(at, 'expected an object'); return false;
  }
  str(v: Json, at: string, opts: { nullable?: boolean; pattern?: RegExp } = {}): boolean {
    if (v === null && opts.nullable) return true;
    if (typeof v !== 'string' || v.trim() === '') { this.fail(at, 'expected a non-empty string'); return false; }
    if (opts.pattern && !opts.pattern.test(v)) { this.fail(at, `"${v}" does not match ${opts.pattern}`); return false; }
    return true;
  }
  num(v: Json, at: string, min = -Infinity, max = Infinity): boolean {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) { this.fail(at, `expected a number in [${min}, ${max}]`); return false; }
    return true;
  }
  oneOf<T>(v: Json, allowed: readonly T[], at: string): boolean {
    if (allowed.includes(v as T)) return true;
    this.fail(at, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`); return false;
  }
  strArray(v: Json, at: string): v is string[] {
    if (!Array.isArray(v)) { this.fail(at, 'expected an array'); return false; }
    v.forEach((s, i) => this.str(s, `${at}[${i}]`));
    return true;
  }
  known(v: Record<string, Json>, keys: readonly string[], at: string): void {
    for (const k of Object.keys(v)) if (!keys.includes(k)) this.fail(`${at}.${k}`, 'unknown field');
  }
}

const ID = /^[a-z0-9][a-z0-9-]*$/;
const URL_PATTERN = /^https?:\/\/[^\s"<>{}\\]+$/;
const REFERENCE_KEYS = ['id', 'title', 'authors', 'authorsStatus', 'venue', 'year', 'pages', 'links', 'model', 'scope', 'kind', 'tags', 'tagBasis', 'pretrainingData'];

function checkReference(c: Checker, e: Json, at: string): void {
  if (!c.obj(e, at)) return;
  c.known(e, REFERENCE_KEYS, at);
  c.str(e.id, `${at}.id`, { pattern: ID });
  c.str(e.title, `${at}.title`);
  c.str(e.venue, `${at}.venue`);
  c.num(e.year, `${at}.year`, 1950, 2100);
  if (e.pages !== undefined) c.str(e.pages, `${at}.pages`, { pattern: /^\d+-\d+$/ });
  c.oneOf(e.authorsStatus, ['verified', 'unverified'], `${at}.authorsStatus`);
  if (c.strArray(e.authors, `${at}.authors`)) {
    if (e.authorsStatus === 'verified' && e.authors.length === 0) c.fail(`${at}.authors`, 'verified but empty');
    if (e.authorsStatus !== 'verified' && e.authors.length > 0) c.fail(`${at}.authors`, 'unverified author lists must be empty');
  }
  if (c.obj(e.links, `${at}.links`)) {
    c.known(e.links, LINK_KINDS, `${at}.links`);
    for (const [k, url] of Object.entries(e.links)) c.str(url, `${at}.links.${k}`, { pattern: URL_PATTERN });
  }
  c.str(e.model, `${at}.model`, { nullable: true });
  c.oneOf(e.scope, SCOPES, `${at}.scope`);
  if (e.kind !== undefined) c.oneOf(e.kind, ['analysis', 'benchmark'], `${at}.kind`);
  c.oneOf(e.tagBasis, ['survey', 'assigned'], `${at}.tagBasis`);
  if (c.obj(e.tags, `${at}.tags`)) {
    const t = e.tags;
    c.known(t, ['descriptor', 'multimodal', 'architecture', 'strategy', 'applications'], `${at}.tags`);
    c.strArray(t.descriptor, `${at}.tags.descriptor`);
    c.strArray(t.strategy, `${at}.tags.strategy`);
    c.strArray(t.applications, `${at}.tags.applications`);
    if (typeof t.multimodal !== 'boolean') c.fail(`${at}.tags.multimodal`, 'expected a boolean');
    if (!Array.isArray(t.architecture)) c.fail(`${at}.tags.architecture`, 'expected an array');
    else t.architecture.forEach((a: Json, i) => {
      if (!c.obj(a, `${at}.tags.architecture[${i}]`)) return;
      c.str(a.family, `${at}.tags.architecture[${i}].family`);
      c.str(a.kind, `${at}.tags.architecture[${i}].kind`, { nullable: true });
    });
  }
  if (!Array.isArray(e.pretrainingData)) c.fail(`${at}.pretrainingData`, 'expected an array');
  else e.pretrainingData.forEach((d: Json, i) => {
    if (!c.obj(d, `${at}.pretrainingData[${i}]`)) return;
    c.str(d.dataset, `${at}.pretrainingData[${i}].dataset`);
    c.str(d.size, `${at}.pretrainingData[${i}].size`, { nullable: true });
  });
}

export function validateCatalog(v: Json): string[] {
  const c = new Checker();
  if (!c.obj(v, 'references')) return c.errors;
  c.known(v, ['survey', 'source', 'references'], 'references');
  if (c.obj(v.survey, 'survey')) {
    for (const k of ['title', 'venue', 'pages', 'arxiv', 'doi', 'companionList']) c.str(v.survey[k], `survey.${k}`);
    c.num(v.survey.year, 'survey.year', 1950, 2100);
    c.strArray(v.survey.authors, 'survey.authors');
  }
  if (c.obj(v.source, 'source')) {
    c.str(v.source.repository, 'source.repository');
    c.str(v.source.commit, 'source.commit', { pattern: /^[0-9a-f]{40}$/ });
    c.str(v.source.date, 'source.date', { pattern: /^\d{4}-\d{2}-\d{2}$/ });
  }
  if (!Array.isArray(v.references)) { c.fail('references', 'expected an array'); return c.errors; }
  const seen = new Set<string>();
  v.references.forEach((e: Json, i) => {
    checkReference(c, e, `references[${i}]`);
    const id = (e as { id?: string })?.id;
    if (typeof id === 'string') { if (seen.has(id)) c.fail(`references[${i}].id`, `duplicate id ${id}`); seen.add(id); }
  });
  return c.errors;
}

function checkNode(c: Checker, n: Json, at: string, ids: Set<string>): void {
  if (!c.obj(n, at)) return;
  c.known(n, ['id', 'name', 'abbr', 'description', 'tags', 'children', 'facet'], at);
  if (c.str(n.id, `${at}.id`) && ids.has(n.id as string)) c.fail(`${at}.id`, `duplicate id ${String(n.id)}`);
  ids.add(n.id as string);
  c.str(n.name, `${at}.name`);
  c.str(n.description, `${at}.description`);
  if (typeof n.description === 'string' && n.description.length > 200) c.fail(`${at}.description`, 'keep descriptions to one short line');
  if (n.abbr !== undefined) c.str(n.abbr, `${at}.abbr`);
  if (n.tags !== undefined) c.strArray(n.tags, `${at}.tags`);
  if (n.children !== undefined) {
    if (!Array.isArray(n.children)) c.fail(`${at}.children`, 'expected an array');
    else n.children.forEach((ch: Json, i) => checkNode(c, ch, `${at}.children[${i}]`, ids));
  }
}

export function validateTaxonomy(v: Json): string[] {
  const c = new Checker();
  if (!c.obj(v, 'taxonomy')) return c.errors;
  c.known(v, ['perspectives'], 'taxonomy');
  if (!Array.isArray(v.perspectives)) { c.fail('taxonomy.perspectives', 'expected an array'); return c.errors; }
  const ids = new Set<string>();
  v.perspectives.forEach((p: Json, i) => {
    checkNode(c, p, `taxonomy.perspectives[${i}]`, ids);
    if (c.obj(p, `taxonomy.perspectives[${i}]`)) c.oneOf(p.facet, TAG_FACETS, `taxonomy.perspectives[${i}].facet`);
  });
  return c.errors;
}

export function validateBenchmarks(v: Json): string[] {
  const c = new Checker();
  if (!c.obj(v, 'benchmarks')) return c.errors;
  c.known(v, ['notes', 'datasets', 'protocols', 'rows'], 'benchmarks');
  c.strArray(v.notes, 'benchmarks.notes');
  const datasets = c.obj(v.datasets, 'benchmarks.datasets') ? v.datasets : {};
  for (const [name, d] of Object.entries(datasets)) {
    const at = `benchmarks.datasets.${name}`;
    if (!c.obj(d, at)) continue;
    c.oneOf(d.metric, ['ROC-AUC', 'RMSE'], `${at}.metric`);
    if (typeof d.higherIsBetter !== 'boolean') c.fail(`${at}.higherIsBetter`, 'expected a boolean');
    else if (d.higherIsBetter !== (d.metric === 'ROC-AUC')) c.fail(`${at}.higherIsBetter`, `inconsistent with ${String(d.metric)}`);
    c.num(d.molecules, `${at}.molecules`, 1); c.num(d.tasks, `${at}.tasks`, 1);
  }
  const protocols = c.obj(v.protocols, 'benchmarks.protocols') ? v.protocols : {};
  for (const [name, p] of Object.entries(protocols)) {
    if (!c.obj(p, `benchmarks.protocols.${name}`)) continue;
    c.str(p.split, `benchmarks.protocols.${name}.split`); c.str(p.description, `benchmarks.protocols.${name}.description`);
  }
  if (!Array.isArray(v.rows)) { c.fail('benchmarks.rows', 'expected an array'); return c.errors; }
  v.rows.forEach((r: Json, i) => {
    const at = `benchmarks.rows[${i}]`;
    if (!c.obj(r, at)) return;
    c.known(r, ['model', 'variant', 'kind', 'paperId', 'paper', 'table', 'protocol', 'reportedBy', 'confidence', 'values', 'notes'], at);
    c.str(r.model, `${at}.model`); c.str(r.variant, `${at}.variant`, { nullable: true }); c.str(r.kind, `${at}.kind`);
    c.str(r.paperId, `${at}.paperId`, { nullable: true, pattern: ID }); c.str(r.paper, `${at}.paper`); c.str(r.table, `${at}.table`);
    c.str(r.reportedBy, `${at}.reportedBy`); c.oneOf(r.confidence, ['high', 'medium'], `${at}.confidence`);
    c.strArray(r.notes, `${at}.notes`);
    if (c.str(r.protocol, `${at}.protocol`) && !(String(r.protocol) in protocols)) c.fail(`${at}.protocol`, `unknown protocol ${String(r.protocol)}`);
    if (!c.obj(r.values, `${at}.values`)) return;
    if (Object.keys(r.values).length === 0) c.fail(`${at}.values`, 'no values');
    for (const [ds, val] of Object.entries(r.values)) {
      const vat = `${at}.values.${ds}`;
      if (!(ds in datasets)) c.fail(vat, `unknown dataset ${ds}`);
      if (!c.obj(val, vat)) continue;
      c.known(val, ['mean', 'std'], vat);
      const roc = (datasets[ds] as { metric?: string } | undefined)?.metric === 'ROC-AUC';
      c.num(val.mean, `${vat}.mean`, 0, roc ? 100 : Infinity);
      if (val.std !== undefined) c.num(val.std, `${vat}.std`, 0);
    }
  });
  return c.errors;
}

export function validateRunnable(v: Json): string[] {
  const c = new Checker();
  if (!c.obj(v, 'runnable')) return c.errors;
  for (const [id, r] of Object.entries(v)) {
    if (!c.obj(r, `runnable.${id}`)) continue;
    c.known(r, ['how', 'label', 'reason'], `runnable.${id}`);
    c.oneOf(r.how, ['shipped-encoder', 'user-onnx'], `runnable.${id}.how`);
    c.str(r.label, `runnable.${id}.label`); c.str(r.reason, `runnable.${id}.reason`);
  }
  return c.errors;
}

function collectTags(nodes: readonly TaxonomyNode[], into: Set<string>): Set<string> {
  for (const n of nodes) { for (const t of n.tags ?? []) into.add(t); collectTags(n.children ?? [], into); }
  return into;
}

/** Checks that need all files at once: every tag is explained by the taxonomy, every id resolves. */
export function validateCrossReferences(catalog: Catalog, taxonomy: Taxonomy, benchmarks: Benchmarks, runnable: Record<string, Runnable>): string[] {
  const errors: string[] = [];
  const byFacet = (f: string) => collectTags(taxonomy.perspectives.filter(p => p.facet === f), new Set());
  const known = { descriptor: byFacet('descriptor'), architecture: byFacet('architecture'), strategy: byFacet('strategy'), application: byFacet('application'), scope: byFacet('scope') };
  const ids = new Set(catalog.references.map(r => r.id));
  const check = (r: Reference, facet: keyof typeof known, values: string[]) => {
    for (const v of values) if (!known[facet].has(v)) errors.push(`${r.id}: ${facet} "${v}" is not in the taxonomy`);
  };
  for (const r of catalog.references) {
    check(r, 'descriptor', r.tags.descriptor);
    check(r, 'architecture', r.tags.architecture.map(a => a.family));
    check(r, 'strategy', r.tags.strategy);
    check(r, 'application', r.tags.applications);
    check(r, 'scope', [r.scope]);
  }
  benchmarks.rows.forEach((row, i) => { if (row.paperId && !ids.has(row.paperId)) errors.push(`benchmarks.rows[${i}].paperId: unknown reference ${row.paperId}`); });
  for (const id of Object.keys(runnable)) if (!ids.has(id)) errors.push(`runnable.${id}: unknown reference`);
  return errors;
}

/** All checks over the four shipped files; an empty list means the data is valid. */
export function validateSurveyData(files: { references: Json; taxonomy: Json; benchmarks: Json; runnable: Json }): string[] {
  const errors = [
    ...validateCatalog(files.references), ...validateTaxonomy(files.taxonomy),
    ...validateBenchmarks(files.benchmarks), ...validateRunnable(files.runnable),
  ];
  if (errors.length > 0) return errors;
  return validateCrossReferences(files.references as Catalog, files.taxonomy as Taxonomy, files.benchmarks as Benchmarks, files.runnable as Record<string, Runnable>);
}
