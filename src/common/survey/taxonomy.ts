// Walks the taxonomy: which nodes classify which facet, which tag values a node stands for, and the label and
// description of any tag value (so a detail view can explain every tag of a reference).
import type { Reference, TagFacet, Taxonomy, TaxonomyNode } from './types';

/** Tag values a node covers: its own and its children's. */
export function nodeTags(node: TaxonomyNode): Set<string> {
  const out = new Set(node.tags ?? []);
  for (const c of node.children ?? []) for (const t of nodeTags(c)) out.add(t);
  return out;
}

/** The selectable nodes of a facet, in taxonomy order (children after their parent). */
export function facetNodes(taxonomy: Taxonomy, facet: TagFacet): TaxonomyNode[] {
  const out: TaxonomyNode[] = [];
  const walk = (n: TaxonomyNode) => {
    out.push(n);
    (n.children ?? []).forEach(walk);
  };
  for (const p of taxonomy.perspectives) if (p.facet === facet) (p.children ?? []).forEach(walk);
  return out;
}

/** The raw tag values of one facet on a reference. */
export function referenceTags(ref: Reference, facet: TagFacet): string[] {
  switch (facet) {
    case 'descriptor':
      return ref.tags.descriptor;
    case 'architecture':
      return ref.tags.architecture.map(a => a.family);
    case 'strategy':
      return ref.tags.strategy;
    case 'application':
      return ref.tags.applications;
    case 'scope':
      return [ref.scope];
  }
}

export function nodeMatches(node: TaxonomyNode, ref: Reference, facet: TagFacet): boolean {
  const tags = nodeTags(node);
  return referenceTags(ref, facet).some(t => tags.has(t));
}

const ACRONYMS = new Set(['dti', 'ddi', 'llm', 'mlp', 'cnn', 'rnn', 'gnn', '2d', '3d']);
/** "node-classification" → "Node classification"; acronyms stay upper-case. */
export function humanize(slug: string): string {
  const words = slug.split('-').map(w => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w));
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

export interface TagExplanation {
  facet: TagFacet;
  value: string;
  label: string;
  node: TaxonomyNode | null;
  description: string;
}

/** The most specific node that names a tag value (a node whose only tag is the value wins over a group). */
export function explainTag(taxonomy: Taxonomy, facet: TagFacet, value: string): TagExplanation {
  const nodes = facetNodes(taxonomy, facet).filter(n => (n.tags ?? []).includes(value));
  const exact = nodes.find(n => n.tags?.length === 1) ?? null;
  const group = nodes[0] ?? null;
  const node = exact ?? group;
  const label = exact ? exact.name : humanize(value);
  const description = exact ? exact.description : group ? `${label}: one of "${group.name}". ${group.description}` : '';
  return { facet, value, label, node, description };
}

/** Every tag of a reference, explained, facet by facet. */
export function explainReference(taxonomy: Taxonomy, ref: Reference): TagExplanation[] {
  const facets: TagFacet[] = ['scope', 'descriptor', 'architecture', 'strategy', 'application'];
  return facets.flatMap(f => [...new Set(referenceTags(ref, f))].map(v => explainTag(taxonomy, f, v)));
}
