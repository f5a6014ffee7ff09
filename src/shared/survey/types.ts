// Shapes of the shipped survey catalog (src/shared/survey/data/*.json). src/core/survey/schema.ts checks real files
// against these at build time and in the unit tests, so the rest of the code can trust them.

export type LinkKind = 'paper' | 'arxiv' | 'code' | 'doi';
export const LINK_KINDS: readonly LinkKind[] = ['paper', 'arxiv', 'code', 'doi'];

export type Scope = 'molecular' | 'general-graph' | 'protein' | 'other-domain' | 'survey' | 'general';
export const SCOPES: readonly Scope[] = ['molecular', 'general-graph', 'protein', 'other-domain', 'survey', 'general'];

export interface Architecture { family: string; kind: string | null }

export interface Reference {
  id: string;
  title: string;
  /** Empty unless `authorsStatus` is 'verified': unverified author lists are never shown or exported. */
  authors: string[];
  authorsStatus: 'verified' | 'unverified';
  venue: string;
  year: number;
  pages?: string;
  links: Partial<Record<LinkKind, string>>;
  model: string | null;
  scope: Scope;
  /** 'analysis' or 'benchmark' for papers that study other models rather than propose one. */
  kind?: string;
  tags: {
    descriptor: string[];
    multimodal: boolean;
    architecture: Architecture[];
    strategy: string[];
    applications: string[];
  };
  /** 'survey' when the placement follows the survey's discussion, 'assigned' when applied by its definitions. */
  tagBasis: 'survey' | 'assigned';
  pretrainingData: Array<{ dataset: string; size: string | null }>;
}

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

/** Which catalog field a top-level taxonomy perspective classifies. */
export type Facet = 'descriptor' | 'architecture' | 'strategy' | 'application' | 'scope' | 'year';

export type TagFacet = Exclude<Facet, 'year'>;
export const TAG_FACETS: readonly TagFacet[] = ['descriptor', 'architecture', 'strategy', 'application', 'scope'];

export interface Perspective extends TaxonomyNode { facet: TagFacet }

export interface Taxonomy { perspectives: Perspective[] }

export interface BenchmarkDataset { metric: 'ROC-AUC' | 'RMSE'; higherIsBetter: boolean; molecules: number; tasks: number; unit?: string }

export interface BenchmarkRow {
  model: string;
  variant: string | null;
  kind: string;
  /** Catalog id of the paper that printed the numbers (null for papers outside the catalog). */
  paperId: string | null;
  paper: string;
  table: string;
  protocol: string;
  reportedBy: string;
  confidence: 'high' | 'medium';
  values: Record<string, { mean: number; std?: number }>;
  notes: string[];
}

export interface Benchmarks {
  notes: string[];
  datasets: Record<string, BenchmarkDataset>;
  protocols: Record<string, { split: string; description: string }>;
  rows: BenchmarkRow[];
}

export interface SurveyInfo { title: string; authors: string[]; venue: string; year: number; pages: string; arxiv: string; doi: string; companionList: string }

export interface Catalog {
  survey: SurveyInfo;
  source: { repository: string; commit: string; date: string };
  references: Reference[];
}

/** How a catalog entry can be run inside MolML (src/shared/survey/data/runnable.json). */
export interface Runnable { how: 'shipped-encoder' | 'user-onnx'; label: string; reason: string }
