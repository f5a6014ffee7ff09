// Detection + RDKit acceptance + description, with a bounded cache keyed by the input string: what a hover needs.
import { candidateAt, type Candidate, type TextSource } from './detect';
import { describeSmiles, type DescribeOptions, type MoleculeDescription } from './describe';
import { LruCache } from '../../common/lru';
import { withRdkit } from './rdkit';

export interface Preview {
  candidate: Candidate;
  /** The molecule (valid, or invalid with RDKit's reason) when the candidate is one. */
  description?: MoleculeDescription;
  /** Instead of a description: why nothing is depicted (reaction SMILES, SMARTS). */
  note?: string;
}

export const REACTION_NOTE =
  'Reaction SMILES: previews depict single molecules; hover one side of the reaction instead.';
export const SMARTS_NOTE = 'This looks like SMARTS (a substructure query), not SMILES: no preview.';

export class SmilesPreviewer {
  private readonly cache: LruCache<string, MoleculeDescription>;

  constructor(capacity = 500) {
    this.cache = new LruCache(capacity);
  }

  get cacheStats(): { size: number; hits: number; misses: number } {
    return { size: this.cache.size, hits: this.cache.hits, misses: this.cache.misses };
  }

  /** The preview at a position, or undefined when there is nothing molecular there. */
  async at(
    src: TextSource,
    line: number,
    character: number,
    options: DescribeOptions = {},
  ): Promise<Preview | undefined> {
    const candidate = candidateAt(src, line, character);
    if (!candidate) return undefined;
    if (candidate.kind === 'reaction') return { candidate, note: REACTION_NOTE };
    if (candidate.kind === 'smarts') return { candidate, note: SMARTS_NOTE };
    const description = await this.describe(candidate.text, options);
    // A bare word is shown only if RDKit accepts it; a quoted literal or SMILES cell also when it fails, with the reason.
    if (!description.report.valid && candidate.evidence === 'token' && description.parseError?.kind !== 'too-large')
      return undefined;
    return { candidate, description };
  }

  /** Describes one SMILES, from the cache when the same input (and options) was described before. */
  async describe(smiles: string, options: DescribeOptions = {}): Promise<MoleculeDescription> {
    const key = `${options.imageSize ?? 250}|${options.inchikey === false ? 0 : 1}|${smiles}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const description = await withRdkit(rd => describeSmiles(rd, smiles, options));
    // A crash is not cached as a fact about the input (rdkit.ts refuses that input from then on anyway).
    if (description.parseError?.kind !== 'crash') this.cache.set(key, description);
    return description;
  }
}
