// Where molecule facts come from: in this thread (editor worker, tests) with a cache per cell text, or a pool of
// worker threads (CLI, benchmarks) for files with many rows.
import { withRdkit, type Rdkit } from '../chem/rdkit';
import { analyzeMolecule, counterIonNames, type AnalyzeOptions, type MolFacts } from '../chem/analyze';
import { LruCache } from '../../common/lru';

export interface MoleculeAnalyzer {
  analyze(texts: string[], molblock: boolean): Promise<MolFacts[]>;
  ionNames(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/** Analyses in the calling thread; a molecule that traps RDKit is refused and the next one gets a fresh module. */
export class LocalAnalyzer implements MoleculeAnalyzer {
  /** Facts per distinct cell text, bounded. */
  readonly cache: LruCache<string, MolFacts>;
  constructor(
    readonly options: AnalyzeOptions = {},
    cacheLimit = 200_000,
  ) {
    this.cache = new LruCache(cacheLimit);
  }

  async analyze(texts: string[], molblock: boolean): Promise<MolFacts[]> {
    const out: MolFacts[] = [];
    for (const text of texts)
      out.push(this.cache.get(LocalAnalyzer.key(text, molblock)) ?? (await this.analyzeOne(text, molblock)));
    return out;
  }

  /** Analyses one cell in its own RDKit step (see withRdkit), so that a molecule that traps RDKit costs only itself. */
  analyzeOne(text: string, molblock: boolean): Promise<MolFacts> {
    return withRdkit(rd => this.analyzeSync(rd, text, molblock));
  }

  private static key(text: string, molblock: boolean): string {
    return molblock ? `M${text}` : text;
  }

  /** Whether the facts of this cell text are in the cache. */
  knows(text: string, molblock: boolean): boolean {
    return this.cache.get(LocalAnalyzer.key(text, molblock)) !== undefined;
  }

  /** Facts analysed elsewhere (a helper thread), kept as if analysed here. */
  remember(text: string, molblock: boolean, facts: MolFacts): void {
    this.cache.set(LocalAnalyzer.key(text, molblock), facts);
  }

  /** Synchronous variant, inside a step that already has the module (withRdkit). */
  analyzeSync(rd: Rdkit, text: string, molblock: boolean): MolFacts {
    const key = LocalAnalyzer.key(text, molblock);
    let facts = this.cache.get(key);
    if (!facts) {
      facts = analyzeMolecule(rd, text, molblock, this.options);
      this.cache.set(key, facts);
    }
    return facts;
  }

  async ionNames(): Promise<Map<string, string>> {
    return withRdkit(counterIonNames);
  }
  async close(): Promise<void> {}
}
