// Search, filter, sort and facet counts over the catalog: pure functions shared by the webview and the host.
import { facetNodes, nodeMatches } from './taxonomy';
import type { Facet, Reference, TagFacet, Taxonomy } from './types';

export type SortOrder = 'year-desc' | 'year-asc' | 'name';
export const SORT_ORDERS: readonly SortOrder[] = ['year-desc', 'year-asc', 'name'];
export const FACETS: readonly Facet[] = ['scope', 'descriptor', 'architecture', 'strategy', 'application', 'year'];

export interface Query {
  text: string;
  /** Selected values per facet: taxonomy node ids, or years as strings. OR within a facet, AND across facets. */
  filters: Partial<Record<Facet, string[]>>;
  sort: SortOrder;
}

export const EMPTY_QUERY: Query = { text: '', filters: {}, sort: 'year-desc' };

/** Lower-case, accents removed, so "Velickovic" finds "Veličković". */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The name a reference is listed under: its model name, else its title. */
export function displayName(ref: Reference): string {
  return ref.model ?? ref.title;
}

function haystack(ref: Reference): string {
  return fold([ref.title, ref.model ?? '', ref.venue, ...ref.authors].join('\n'));
}

/** Every whitespace-separated term must occur in the title, model name, authors or venue. */
export function matchesText(ref: Reference, text: string): boolean {
  const terms = fold(text).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const h = haystack(ref);
  return terms.every(t => h.includes(t));
}

export function matchesFacet(taxonomy: Taxonomy, ref: Reference, facet: Facet, selected: readonly string[]): boolean {
  if (selected.length === 0) return true;
  if (facet === 'year') return selected.includes(String(ref.year));
  const nodes = facetNodes(taxonomy, facet).filter(n => selected.includes(n.id));
  return nodes.some(n => nodeMatches(n, ref, facet));
}

function matches(taxonomy: Taxonomy, ref: Reference, q: Query, except?: Facet): boolean {
  if (!matchesText(ref, q.text)) return false;
  return FACETS.every(f => f === except || matchesFacet(taxonomy, ref, f, q.filters[f] ?? []));
}

export function sortReferences(refs: readonly Reference[], order: SortOrder): Reference[] {
  const byName = (a: Reference, b: Reference) =>
    displayName(a).localeCompare(displayName(b), 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);
  const out = [...refs];
  if (order === 'name') return out.sort(byName);
  const dir = order === 'year-desc' ? -1 : 1;
  return out.sort((a, b) => dir * (a.year - b.year) || byName(a, b));
}

export function search(taxonomy: Taxonomy, refs: readonly Reference[], q: Query): Reference[] {
  return sortReferences(
    refs.filter(r => matches(taxonomy, r, q)),
    q.sort,
  );
}

export interface FacetValue {
  id: string;
  label: string;
  description: string;
  depth: number;
  count: number;
}

/**
 * The values of a facet with the number of results each would have if it were the only value selected in that
 * facet (the other facets and the text stay applied), so counts never collapse to the current selection.
 */
export function facetCounts(taxonomy: Taxonomy, refs: readonly Reference[], q: Query, facet: Facet): FacetValue[] {
  const pool = refs.filter(r => matches(taxonomy, r, q, facet));
  if (facet === 'year') {
    const years = [...new Set(refs.map(r => r.year))].sort((a, b) => b - a);
    return years.map(y => ({
      id: String(y),
      label: String(y),
      description: '',
      depth: 0,
      count: pool.filter(r => r.year === y).length,
    }));
  }
  const tagFacet: TagFacet = facet;
  const depthOf = new Map<string, number>();
  for (const p of taxonomy.perspectives) {
    if (p.facet !== tagFacet) continue;
    const walk = (n: { id: string; children?: { id: string }[] }, d: number) => {
      depthOf.set(n.id, d);
      (n.children ?? []).forEach(c => walk(c, d + 1));
    };
    (p.children ?? []).forEach(c => walk(c, 0));
  }
  return facetNodes(taxonomy, tagFacet).map(n => ({
    id: n.id,
    label: n.abbr && n.abbr !== n.name ? `${n.name} (${n.abbr})` : n.name,
    description: n.description,
    depth: depthOf.get(n.id) ?? 0,
    count: pool.filter(r => nodeMatches(n, r, tagFacet)).length,
  }));
}

/** Checks a query that came from outside (webview state, a message): unknown facets or values are dropped. */
export function sanitizeQuery(v: unknown): Query {
  if (typeof v !== 'object' || v === null) return EMPTY_QUERY;
  const o = v as Record<string, unknown>;
  const text = typeof o.text === 'string' ? o.text.slice(0, 500) : '';
  const sort = SORT_ORDERS.includes(o.sort as SortOrder) ? (o.sort as SortOrder) : 'year-desc';
  const filters: Partial<Record<Facet, string[]>> = {};
  if (typeof o.filters === 'object' && o.filters !== null) {
    for (const f of FACETS) {
      const sel = (o.filters as Record<string, unknown>)[f];
      if (Array.isArray(sel)) filters[f] = sel.filter((s): s is string => typeof s === 'string').slice(0, 100);
    }
  }
  return { text, filters, sort };
}
