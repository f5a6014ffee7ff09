// Tree-shaped SMARTS (no ring closures), compiled to predicates over a MolGraph. It covers what RDKit's Crippen,
// H-bond and rotatable-bond definitions use: element and #n, A/a/*, H, D, X, v, charges, ! & , ; and recursive
// $(...); bonds - = # : ~ @ with the same logic. Anything else is a compile error, never a silent mismatch.
import { AROMATIC, DOUBLE, SINGLE, TRIPLE, type MolGraph } from './mol-graph';
import { ELEMENT_SYMBOLS } from './elements';

type AtomTest = (g: MolGraph, atom: number) => boolean;
type BondTest = (g: MolGraph, bond: number) => boolean;

/**
 * One pattern atom and the branches hanging from it; the first atom written is the root. `elements` lists the
 * atomic numbers the atom can match (null: any), so callers can skip patterns by element.
 */
export interface PatternNode {
  test: AtomTest;
  elements: ReadonlySet<number> | null;
  children: Array<{ bond: BondTest; node: PatternNode }>;
}

/** An atom expression and the elements it can match (null: any). */
interface AtomExpr {
  test: AtomTest;
  elements: Set<number> | null;
}
const ANY = (test: AtomTest): AtomExpr => ({ test, elements: null });

const ELEMENT_NUMBERS = new Map(ELEMENT_SYMBOLS.map((s, z) => [s, z]));
const AROMATIC_SYMBOLS: Record<string, number> = { b: 5, c: 6, n: 7, o: 8, p: 15, s: 16 };
const ORGANIC_SUBSET = new Set(['B', 'C', 'N', 'O', 'P', 'S', 'F', 'Cl', 'Br', 'I']);

const element = (z: number, aromatic: boolean | undefined): AtomExpr => ({
  test: aromatic === undefined ? (g, i) => g.z[i] === z : (g, i) => g.z[i] === z && (g.aromatic[i] === 1) === aromatic,
  elements: new Set([z]),
});
const and =
  (a: (g: MolGraph, x: number) => boolean, b: (g: MolGraph, x: number) => boolean) => (g: MolGraph, x: number) =>
    a(g, x) && b(g, x);
const or =
  (a: (g: MolGraph, x: number) => boolean, b: (g: MolGraph, x: number) => boolean) => (g: MolGraph, x: number) =>
    a(g, x) || b(g, x);
function andExpr(a: AtomExpr, b: AtomExpr): AtomExpr {
  const elements =
    a.elements && b.elements ? new Set([...a.elements].filter(z => b.elements!.has(z))) : (a.elements ?? b.elements);
  return { test: and(a.test, b.test), elements };
}
function orExpr(a: AtomExpr, b: AtomExpr): AtomExpr {
  return {
    test: or(a.test, b.test),
    elements: a.elements && b.elements ? new Set([...a.elements, ...b.elements]) : null,
  };
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): PatternNode {
    const root = this.chain();
    if (this.pos !== this.text.length) this.fail('unexpected character');
    return root;
  }

  private fail(why: string): never {
    throw new Error(`SMARTS ${this.text}: ${why} at ${this.pos}`);
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  /** atom (branch | bond? atom)*: every following atom hangs from the previous one. */
  private chain(): PatternNode {
    const first = this.atom();
    let current = first;
    while (this.pos < this.text.length && this.peek() !== ')') {
      if (this.peek() === '(') {
        this.pos++;
        const bond = this.bond();
        current.children.push({ bond, node: this.chain() });
        if (this.peek() !== ')') this.fail('unclosed branch');
        this.pos++;
      } else if (/[0-9%]/.test(this.peek())) {
        this.fail('ring closures are not supported');
      } else {
        const bond = this.bond();
        const node = this.atom();
        current.children.push({ bond, node });
        current = node;
      }
    }
    return first;
  }

  private atom(): PatternNode {
    const c = this.peek();
    if (c === '[') {
      this.pos++;
      const expr = this.atomExpression();
      if (this.peek() !== ']') this.fail('unclosed bracket atom');
      this.pos++;
      return { ...expr, children: [] };
    }
    if (c === '*') {
      this.pos++;
      return { ...ANY(() => true), children: [] };
    }
    if (c === 'A' || c === 'a') {
      this.pos++;
      return { ...ANY(aromaticity(c === 'a')), children: [] };
    }
    const two = this.text.slice(this.pos, this.pos + 2);
    const symbol = ORGANIC_SUBSET.has(two) ? two : c;
    if (ORGANIC_SUBSET.has(symbol)) {
      this.pos += symbol.length;
      return { ...element(ELEMENT_NUMBERS.get(symbol)!, false), children: [] };
    }
    if (c in AROMATIC_SYMBOLS) {
      this.pos++;
      return { ...element(AROMATIC_SYMBOLS[c], true), children: [] };
    }
    return this.fail('unsupported atom');
  }

  /**
   * SMARTS logic over primitives (atom or bond), loosest first: `;` (and), `,` (or), `&` or juxtaposition (and);
   * `!` binds tightest and is the primitive parser's. `continues` says whether a character starts another primitive.
   */
  private logical<T>(
    primitive: () => T,
    and: (a: T, b: T) => T,
    or: (a: T, b: T) => T,
    continues: (c: string) => boolean,
  ): T {
    const tight = (): T => {
      let expr = primitive();
      for (;;) {
        const c = this.peek();
        if (c === '&') {
          this.pos++;
          expr = and(expr, primitive());
        } else if (continues(c)) expr = and(expr, primitive());
        else return expr;
      }
    };
    const level = (separator: string, combine: (a: T, b: T) => T, next: () => T): T => {
      let expr = next();
      while (this.peek() === separator) {
        this.pos++;
        expr = combine(expr, next());
      }
      return expr;
    };
    return level(';', and, () => level(',', or, tight));
  }

  private atomExpression(): AtomExpr {
    return this.logical(
      () => this.atomUnary(),
      andExpr,
      orExpr,
      c => c !== '' && !'];,)'.includes(c),
    );
  }

  private atomUnary(): AtomExpr {
    if (this.peek() === '!') {
      this.pos++;
      const inner = this.atomUnary().test;
      return ANY((g, i) => !inner(g, i));
    }
    return this.atomPrimitive();
  }

  private number(fallback: number): number {
    const m = /^\d+/.exec(this.text.slice(this.pos));
    if (!m) return fallback;
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private atomPrimitive(): AtomExpr {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case '#': {
        const z = this.number(-1);
        if (z < 0) this.fail('# without a number');
        return element(z, undefined);
      }
      case '*':
        return ANY(() => true);
      case 'A':
      case 'a':
        return ANY(aromaticity(c === 'a'));
      case 'H': {
        const n = this.number(1);
        return ANY((g, i) => g.totalHs[i] === n);
      }
      case 'D': {
        const n = this.number(1);
        return ANY((g, i) => g.neighbours[i].length === n);
      }
      case 'X': {
        const n = this.number(1);
        return ANY((g, i) => g.neighbours[i].length + g.implicitHs[i] === n);
      }
      case 'v': {
        const n = this.number(1);
        return ANY((g, i) => g.valence[i] === n);
      }
      case '+':
      case '-': {
        let magnitude = 1;
        if (/\d/.test(this.peek())) magnitude = this.number(1);
        else
          while (this.peek() === c) {
            this.pos++;
            magnitude++;
          }
        const charge = c === '+' ? magnitude : -magnitude;
        return ANY((g, i) => g.charge[i] === charge);
      }
      case '$': {
        if (this.peek() !== '(') this.fail('$ without (');
        this.pos++;
        const inner = this.chain();
        if (this.peek() !== ')') this.fail('unclosed recursive SMARTS');
        this.pos++;
        return { test: (g, i) => matchesAt(inner, g, i), elements: inner.elements && new Set(inner.elements) };
      }
    }
    this.pos--;
    const two = this.text.slice(this.pos, this.pos + 2);
    if (/^[A-Z][a-z]$/.test(two) && ELEMENT_NUMBERS.has(two)) {
      this.pos += 2;
      return element(ELEMENT_NUMBERS.get(two)!, false);
    }
    if (/^[A-Z]$/.test(c) && ELEMENT_NUMBERS.has(c)) {
      this.pos++;
      return element(ELEMENT_NUMBERS.get(c)!, false);
    }
    if (c in AROMATIC_SYMBOLS) {
      this.pos++;
      return element(AROMATIC_SYMBOLS[c], true);
    }
    return this.fail('unsupported atom primitive');
  }

  /** A bond expression; none written means single or aromatic. */
  private bond(): BondTest {
    const isBond = (c: string) => c !== '' && '-=#:~@!'.includes(c);
    if (!isBond(this.peek())) return (g, b) => g.bondKind[b] === SINGLE || g.bondKind[b] === AROMATIC;
    return this.logical(() => this.bondUnary(), and, or, isBond);
  }

  private bondUnary(): BondTest {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case '!': {
        const inner = this.bondUnary();
        return (g, b) => !inner(g, b);
      }
      case '-':
        return (g, b) => g.bondKind[b] === SINGLE;
      case '=':
        return (g, b) => g.bondKind[b] === DOUBLE;
      case '#':
        return (g, b) => g.bondKind[b] === TRIPLE;
      case ':':
        return (g, b) => g.bondKind[b] === AROMATIC;
      case '~':
        return () => true;
      case '@':
        return (g, b) => g.bondInRing[b] === 1;
    }
    this.pos--;
    return this.fail('unsupported bond');
  }
}

function aromaticity(aromatic: boolean): AtomTest {
  return (g, i) => (g.aromatic[i] === 1) === aromatic;
}

export function compileSmarts(text: string): PatternNode {
  return new Parser(text).parse();
}

/** Whether the pattern matches with its root on `atom` (pattern atoms on distinct molecule atoms, as in RDKit). */
export function matchesAt(pattern: PatternNode, g: MolGraph, atom: number): boolean {
  if (!pattern.test(g, atom)) return false;
  if (pattern.children.length === 0) return true;
  // One zeroed scratch array per nesting level of recursive SMARTS; embed() always clears what it marked.
  let used = scratch[depth];
  if (!used || used.length < g.atomCount) used = scratch[depth] = new Uint8Array(Math.max(128, g.atomCount * 2));
  depth++;
  used[atom] = 1;
  try {
    return embedChildren(pattern, 0, g, atom, used, () => true);
  } finally {
    used[atom] = 0;
    depth--;
  }
}

const scratch: Uint8Array[] = [];
let depth = 0;

function embed(node: PatternNode, g: MolGraph, atom: number, used: Uint8Array, then: () => boolean): boolean {
  if (used[atom] || !node.test(g, atom)) return false;
  used[atom] = 1;
  const ok = embedChildren(node, 0, g, atom, used, then);
  used[atom] = 0;
  return ok;
}

/** Embeds branch k and then the rest, trying every neighbour for each branch before giving up (full backtracking). */
function embedChildren(
  node: PatternNode,
  k: number,
  g: MolGraph,
  atom: number,
  used: Uint8Array,
  then: () => boolean,
): boolean {
  if (k === node.children.length) return then();
  const { bond, node: child } = node.children[k];
  const nbrs = g.neighbours[atom],
    bonds = g.neighbourBonds[atom];
  for (let n = 0; n < nbrs.length; n++) {
    if (used[nbrs[n]] || !bond(g, bonds[n])) continue;
    if (embed(child, g, nbrs[n], used, () => embedChildren(node, k + 1, g, atom, used, then))) return true;
  }
  return false;
}
