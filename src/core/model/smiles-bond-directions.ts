// Bond directions ('/' and '\') as written in a SMILES string. RDKit's JSON does not carry them, and graph
// encoders of Hu et al. / MolCLR read them, so we recover them from the text: atoms in order of appearance,
// bonds between consecutive atoms, branches and ring closures.

/** 1 = ENDUPRIGHT ('/'), 2 = ENDDOWNRIGHT ('\'), seen from `from` towards `to`. */
export interface WrittenDirection { from: number; to: number; dir: 1 | 2 }

export interface WrittenAtom { /** bracket content, or the organic-subset symbol */ text: string; bracket: boolean }

export interface SmilesText { atoms: WrittenAtom[]; directions: WrittenDirection[] }

const ORGANIC = /^(Cl|Br|B|C|N|O|P|S|F|I|b|c|n|o|p|s|\*)/;

/** Scans `smiles`; returns undefined when the text is not something we can follow (RDKit decides validity). */
export function scanSmiles(smiles: string): SmilesText | undefined {
  const atoms: WrittenAtom[] = [];
  const directions: WrittenDirection[] = [];
  const stack: number[] = [];
  const rings = new Map<string, { atom: number; bond: string }>();
  let prev = -1;
  let bond = '';
  let i = 0;
  const addBond = (a: number, b: number, symbol: string) => {
    if (symbol === '/' || symbol === '\\') directions.push({ from: a, to: b, dir: symbol === '/' ? 1 : 2 });
  };
  while (i < smiles.length) {
    const ch = smiles[i];
    if (ch === '[') {
      const end = smiles.indexOf(']', i);
      if (end < 0) return undefined;
      atoms.push({ text: smiles.slice(i + 1, end), bracket: true });
      i = end + 1;
    } else if (ORGANIC.test(smiles.slice(i))) {
      const sym = ORGANIC.exec(smiles.slice(i))![1];
      atoms.push({ text: sym, bracket: false });
      i += sym.length;
    } else if ('-=#$:/\\~'.includes(ch)) { bond = ch; i++; continue; }
    else if (ch === '(') { stack.push(prev); i++; continue; }
    else if (ch === ')') { if (!stack.length) return undefined; prev = stack.pop()!; i++; continue; }
    else if (ch === '.') { prev = -1; bond = ''; i++; continue; }
    else if (/[0-9%]/.test(ch)) {
      let label: string;
      if (ch === '%') {
        const m = /^%(\([0-9]+\)|[0-9]{2})/.exec(smiles.slice(i));
        if (!m) return undefined;
        label = m[1].replace(/[()]/g, '');
        i += m[0].length;
      } else { label = ch; i++; }
      if (prev < 0) return undefined;
      const open = rings.get(label);
      if (open) {
        rings.delete(label);
        // The symbol may sit on either side; written at the opening it reads from the opening atom.
        if (bond) addBond(prev, open.atom, bond);
        else if (open.bond) addBond(open.atom, prev, open.bond);
      } else rings.set(label, { atom: prev, bond });
      bond = '';
      continue;
    } else if (/\s/.test(ch)) break; // a name or other columns follow the SMILES
    else return undefined;
    // An atom was just read.
    const cur = atoms.length - 1;
    if (prev >= 0) addBond(prev, cur, bond);
    prev = cur;
    bond = '';
  }
  return { atoms, directions };
}

/** A bracket atom that RDKit's default parsing merges into its neighbour: a plain [H] (no isotope, charge or map). */
export function isRemovableHydrogen(atom: WrittenAtom): boolean {
  return atom.bracket && atom.text === 'H';
}
