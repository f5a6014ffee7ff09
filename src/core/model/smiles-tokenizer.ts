// Regex SMILES tokenizer driven by the manifest. Refuses rather than truncates: a sequence longer than the
// model's position table would crash onnxruntime inside Gather, and a truncated molecule is a different molecule.
import type { TokenizerSpec } from './manifest';

export type Tokenized = { ok: true; ids: number[] } | { ok: false; reason: string };

export class SmilesTokenizer {
  private readonly ids = new Map<string, number>();
  private readonly pattern: RegExp;

  constructor(readonly spec: TokenizerSpec) {
    spec.vocabulary.forEach((tok, i) => this.ids.set(tok, i));
    this.pattern = new RegExp(spec.regex, 'g');
  }

  knows(token: string): boolean {
    return this.ids.has(token);
  }

  /** Tokens of `smiles` by successive regex matches; text the regex skips is reported as an unknown token. */
  tokens(smiles: string): string[] {
    const out: string[] = [];
    let last = 0;
    this.pattern.lastIndex = 0;
    for (const m of smiles.matchAll(this.pattern)) {
      if (m[0].length === 0) continue;
      if (m.index > last) out.push(smiles.slice(last, m.index));
      out.push(m[0]);
      last = m.index + m[0].length;
    }
    if (last < smiles.length) out.push(smiles.slice(last));
    return out;
  }

  encode(smiles: string): Tokenized {
    const { bos, eos } = this.spec.specialTokens;
    const tokens = this.tokens(smiles);
    const unknown = [...new Set(tokens.filter(t => !this.ids.has(t)))];
    if (unknown.length) {
      return {
        ok: false,
        reason: `unknown token${unknown.length > 1 ? 's' : ''} ${unknown
          .slice(0, 5)
          .map(t => JSON.stringify(t))
          .join(', ')} (not in the model's vocabulary)`,
      };
    }
    const ids = tokens.map(t => this.ids.get(t)!);
    if (bos !== undefined) ids.unshift(bos);
    if (eos !== undefined) ids.push(eos);
    if (ids.length > this.spec.maxLength) {
      return {
        ok: false,
        reason: `too long: ${ids.length} tokens with special tokens, the model accepts at most ${this.spec.maxLength}`,
      };
    }
    return { ok: true, ids };
  }
}
