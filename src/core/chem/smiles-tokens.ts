// A SMILES lexer that keeps character spans, so that RDKit's atom indices (parse errors, lint findings) and
// unclosed ring bonds can be pointed at exactly in the input. Lexing only: RDKit decides validity.

export type TokenType = 'atom' | 'bond' | 'ring' | 'branch-open' | 'branch-close' | 'dot';

export interface Token {
  type: TokenType;
  /** 0-based start offset in the input, and end offset (exclusive). */
  start: number;
  end: number;
  text: string;
  /** Atoms: RDKit's index for this atom, or undefined for a bracket [H] that RDKit folds into its neighbour. */
  atomIndex?: number;
  /** Atoms: written in brackets. */
  bracket?: boolean;
  /** Atoms: lowercase (aromatic) symbol. */
  aromatic?: boolean;
}

export interface Lexed {
  tokens: Token[];
  /** Offset of the first character that is not SMILES, if any (the tokens stop there). */
  errorAt?: number;
  /** True when something only SMARTS has appeared: `~`, or a bracket atom with #, ;, &, !, $ or a comma. */
  smartsLike: boolean;
}

const ORGANIC = ['Cl', 'Br', 'B', 'C', 'N', 'O', 'P', 'S', 'F', 'I', 'b', 'c', 'n', 'o', 'p', 's', '*'];
const BONDS = '-=#$:/\\~';

export function lexSmiles(input: string): Lexed {
  const tokens: Token[] = [];
  let smartsLike = false;
  let i = 0;
  const push = (type: TokenType, start: number, end: number, extra: Partial<Token> = {}) => {
    tokens.push({ type, start, end, text: input.slice(start, end), ...extra });
  };
  // The atoms read before an error keep their indices: a finding can still point at them.
  const stop = (errorAt: number): Lexed => {
    numberAtoms(tokens);
    return { tokens, errorAt, smartsLike };
  };
  while (i < input.length) {
    const ch = input[i];
    if (ch === '[') {
      const close = input.indexOf(']', i + 1);
      if (close < 0) return stop(i);
      const inner = input.slice(i + 1, close);
      if (/[#;&!$,]/.test(inner)) smartsLike = true;
      push('atom', i, close + 1, { bracket: true, aromatic: /^\d*(?:se|as|te|[bcnops])/.test(inner) });
      i = close + 1;
      continue;
    }
    const organic = ORGANIC.find(sym => input.startsWith(sym, i));
    if (organic) {
      push('atom', i, i + organic.length, { aromatic: /^[bcnops]$/.test(organic) });
      i += organic.length;
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      push('ring', i, i + 1);
      i++;
      continue;
    }
    if (ch === '%') {
      const m = /^%(\d\d|\(\d+\))/.exec(input.slice(i));
      if (!m) return stop(i);
      push('ring', i, i + m[0].length);
      i += m[0].length;
      continue;
    }
    if (BONDS.includes(ch)) {
      if (ch === '~') smartsLike = true;
      push('bond', i, i + 1);
      i++;
      continue;
    }
    if (ch === '(') {
      push('branch-open', i, i + 1);
      i++;
      continue;
    }
    if (ch === ')') {
      push('branch-close', i, i + 1);
      i++;
      continue;
    }
    if (ch === '.') {
      push('dot', i, i + 1);
      i++;
      continue;
    }
    return stop(i);
  }
  numberAtoms(tokens);
  return { tokens, smartsLike };
}

/**
 * RDKit's atom order is the order atoms are written, except that a plain bracket hydrogen `[H]` bonded to another
 * atom is folded into that atom's hydrogen count while parsing (so it has no index). A `[H]` alone in its
 * dot-separated component stays an atom.
 */
function numberAtoms(tokens: Token[]): void {
  let next = 0;
  tokens.forEach((t, k) => {
    if (t.type !== 'atom') return;
    if (t.text === '[H]') {
      const before = tokens[k - 1];
      const after = tokens[k + 1];
      const alone = (!before || before.type === 'dot') && (!after || after.type === 'dot');
      if (!alone) return;
    }
    t.atomIndex = next++;
  });
}

/** Character span of the atom RDKit numbers `atomIndex`, when the input lexes. */
export function atomSpan(input: string, atomIndex: number): Span | undefined {
  const lexed = lexSmiles(input);
  if (lexed.errorAt !== undefined) return undefined;
  const t = lexed.tokens.find(tok => tok.type === 'atom' && tok.atomIndex === atomIndex);
  return t ? { start: t.start, end: t.end } : undefined;
}

export interface Span {
  start: number;
  end: number;
}

/** Character spans of the atoms indexed by RDKit's atom index (as far as the input lexes). */
export function atomSpans(input: string): Span[] {
  const spans: Span[] = [];
  for (const t of lexSmiles(input).tokens)
    if (t.atomIndex !== undefined) spans[t.atomIndex] = { start: t.start, end: t.end };
  return spans;
}

const BRACKET_HYDROGEN = /^\[\d*H[+-]?\d*\]$/;

/** Heavy atoms written in a SMILES (no RDKit needed): bracket hydrogens, isotopic or charged, are not heavy. */
export function heavyAtomCount(smiles: string): number {
  let n = 0;
  for (const t of lexSmiles(smiles).tokens) if (t.type === 'atom' && !BRACKET_HYDROGEN.test(t.text)) n++;
  return n;
}

/** Span of the first ring-bond label that is opened and never closed (RDKit's "unclosed ring" names none). */
export function unclosedRingSpan(input: string): Span | undefined {
  const lexed = lexSmiles(input);
  if (lexed.errorAt !== undefined) return undefined;
  const open = new Map<string, Token>();
  for (const t of lexed.tokens) {
    if (t.type !== 'ring') continue;
    const label = t.text.replace(/[%()]/g, '');
    if (open.has(label)) open.delete(label);
    else open.set(label, t);
  }
  const first = [...open.values()].sort((a, b) => a.start - b.start)[0];
  return first ? { start: first.start, end: first.end } : undefined;
}
