// Regex SMILES tokenizer driven by the manifest. Over-long sequences and unknown tokens are handled as the model's
// input policy says: read as in training (truncated, or the unknown-token id) with a warning for the row, or refused.
// A sequence is never longer than the model's position table (longer input crashes onnxruntime inside Gather).
import type { InputPolicy, SmilesInput, TokenizerSpec } from './manifest';

export type Tokenized = { ok: true; ids: number[]; warnings: string[] } | { ok: false; reason: string };

/** The policy a SMILES model runs under: its manifest's, with the defaults of manifests written before it existed. */
export function smilesPolicy(input: SmilesInput): Required<InputPolicy> {
  const p = input.policy ?? {};
  const t = input.tokenizer;
  return {
    fragments: p.fragments ?? (t.canonicalization === 'rdkit' && !t.vocabulary.includes('.') ? 'largest' : 'all'),
    tooLong: p.tooLong ?? 'refuse',
    unknownTokens: p.unknownTokens ?? 'refuse',
  };
}

const quoted = (tokens: string[]) =>
  tokens
    .slice(0, 5)
    .map(t => JSON.stringify(t))
    .join(', ') + (tokens.length > 5 ? ` and ${tokens.length - 5} more` : '');

export class SmilesTokenizer {
  private readonly ids = new Map<string, number>();
  private readonly pattern: RegExp;

  constructor(
    readonly spec: TokenizerSpec,
    readonly policy: Pick<Required<InputPolicy>, 'tooLong' | 'unknownTokens'> = {
      tooLong: 'refuse',
      unknownTokens: 'refuse',
    },
  ) {
    spec.vocabulary.forEach((tok, i) => this.ids.set(tok, i));
    this.pattern = new RegExp(spec.regex, 'g');
  }

  knows(token: string): boolean {
    return this.ids.has(token);
  }

  /**
   * Tokens of `smiles` by successive regex matches. Text the regex skips is one unknown token, or, when unknown
   * tokens are read as the unknown id, one per character (as the training tokenizer splits it).
   */
  tokens(smiles: string): string[] {
    const out: string[] = [];
    const skipped = (text: string) => (this.policy.unknownTokens === 'unk' ? out.push(...text) : out.push(text));
    let last = 0;
    this.pattern.lastIndex = 0;
    for (const m of smiles.matchAll(this.pattern)) {
      if (m[0].length === 0) continue;
      if (m.index > last) skipped(smiles.slice(last, m.index));
      out.push(m[0]);
      last = m.index + m[0].length;
    }
    if (last < smiles.length) skipped(smiles.slice(last));
    return out;
  }

  encode(smiles: string): Tokenized {
    const { bos, eos, unk } = this.spec.specialTokens;
    const tokens = this.tokens(smiles);
    const warnings: string[] = [];
    const unknown = [...new Set(tokens.filter(t => !this.ids.has(t)))];
    if (unknown.length) {
      const which = `unknown token${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}`;
      if (this.policy.unknownTokens === 'refuse' || unk === undefined)
        return { ok: false, reason: `${which} (not in the model's vocabulary)` };
      warnings.push(`${which} read as the unknown token (outside the model's vocabulary)`);
    }
    let ids = tokens.map(t => this.ids.get(t) ?? unk!);
    const room = this.spec.maxLength - (bos !== undefined ? 1 : 0) - (eos !== undefined ? 1 : 0);
    const total = ids.length + this.spec.maxLength - room;
    if (ids.length > room) {
      if (this.policy.tooLong === 'refuse')
        return {
          ok: false,
          reason: `too long: ${total} tokens with special tokens, the model accepts at most ${this.spec.maxLength}`,
        };
      warnings.push(`truncated: the model read the first ${room} of ${ids.length} SMILES tokens`);
      ids = ids.slice(0, room);
    }
    if (bos !== undefined) ids.unshift(bos);
    if (eos !== undefined) ids.push(eos);
    return { ok: true, ids, warnings };
  }
}
