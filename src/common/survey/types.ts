// Shapes of the shipped survey catalog (src/common/survey/data/*.json). They are the types of its schemas
// (schemas.ts); the constants and the recursive taxonomy node are here, where the webview can import them alone.

export const LINK_KINDS = ['paper', 'arxiv', 'code', 'doi'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const SCOPES = ['molecular', 'general-graph', 'protein', 'other-domain', 'survey', 'general'] as const;
export type Scope = (typeof SCOPES)[number];

/** Which catalog field a top-level taxonomy perspective classifies. */
export type Facet = 'descriptor' | 'architecture' | 'strategy' | 'application' | 'scope' | 'year';
export const TAG_FACETS = [
  'descriptor',
  'architecture',
  'strategy',
  'application',
  'scope',
] as const satisfies readonly Facet[];
export type TagFacet = (typeof TAG_FACETS)[number];

export interface TaxonomyNode {
  id: string;
  name: string;
  abbr?: string;
  /** Our own one-line description of the category. */
  description: string;
  /** Catalog tag values this node stands for (a descriptor, architecture family, strategy or application). */
  tags?: string[];
  children?: TaxonomyNode[];
}
export type {
  Architecture,
  Reference,
  Catalog,
  SurveyInfo,
  Perspective,
  Taxonomy,
  BenchmarkDataset,
  BenchmarkRow,
  Benchmarks,
  Runnable,
} from './schemas';
