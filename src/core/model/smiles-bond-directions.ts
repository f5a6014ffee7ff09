// Bond directions ('/' and '\') as written in a SMILES string. RDKit's JSON does not carry them, and graph
// encoders of Hu et al. / MolCLR read them, so we recover them from the text, read with the chemistry's SMILES lexer
// (src/core/chem/smiles-tokens): atoms in order of appearance, bonds between consecutive atoms, branches and ring
// closures.
import { lexSmiles } from '../chem/smiles-tokens';

/** 1 = ENDUPRIGHT ('/'), 2 = ENDDOWNRIGHT ('\'), seen from `from` towards `to`. */
export interface WrittenDirection {
  from: number;
  to: number;
  dir: 1 | 2;
}

export interface WrittenAtom {
  /** bracket content, or the organic-subset symbol */ text: string;
  bracket: boolean;
  /** RDKit's index of this atom; undefined for a bracket [H] that RDKit folds into its neighbour. */
  index?: number;
}

export interface SmilesText {
  atoms: WrittenAtom[];
  directions: WrittenDirection[];
}

/** Scans `smiles`; returns undefined when the text is not something we can follow (RDKit decides validity). */
export function scanSmiles(smiles: string): SmilesText | undefined {
  // A name or other columns may follow the SMILES.
  const lexed = lexSmiles(smiles.split(/\s/, 1)[0]);
  if (lexed.errorAt !== undefined) return undefined;
  const atoms: WrittenAtom[] = [];
  const directions: WrittenDirection[] = [];
  const stack: number[] = [];
  const rings = new Map<string, { atom: number; bond: string }>();
  let prev = -1;
  let bond = '';
  const addBond = (a: number, b: number, symbol: string) => {
    if (symbol === '/' || symbol === '\\') directions.push({ from: a, to: b, dir: symbol === '/' ? 1 : 2 });
  };
  for (const t of lexed.tokens) {
    switch (t.type) {
      case 'bond':
        bond = t.text;
        break;
      case 'branch-open':
        stack.push(prev);
        break;
      case 'branch-close':
        if (!stack.length) return undefined;
        prev = stack.pop()!;
        break;
      case 'dot':
        prev = -1;
        bond = '';
        break;
      case 'ring': {
        if (prev < 0) return undefined;
        const label = t.text.replace(/[%()]/g, '');
        const open = rings.get(label);
        if (open) {
          rings.delete(label);
          // The symbol may sit on either side; written at the opening it reads from the opening atom.
          if (bond) addBond(prev, open.atom, bond);
          else if (open.bond) addBond(open.atom, prev, open.bond);
        } else rings.set(label, { atom: prev, bond });
        bond = '';
        break;
      }
      case 'atom': {
        atoms.push({
          text: t.bracket ? t.text.slice(1, -1) : t.text,
          bracket: t.bracket === true,
          ...(t.atomIndex !== undefined ? { index: t.atomIndex } : {}),
        });
        const cur = atoms.length - 1;
        if (prev >= 0) addBond(prev, cur, bond);
        prev = cur;
        bond = '';
        break;
      }
    }
  }
  return { atoms, directions };
}
