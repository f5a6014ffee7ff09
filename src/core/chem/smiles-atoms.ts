// Where each atom of a SMILES starts, in RDKit's atom order (the order of appearance), so that a finding about atom
// k can point at its characters in the cell.
const ATOM = /\[[^\]]*\]|Br|Cl|[BCNOPSFI]|[bcnops]|\*/g;

export interface AtomSpan { start: number; end: number }

/** Spans of the atoms RDKit keeps (plain `[H]` atoms are merged into their neighbour and so skipped). */
export function atomSpans(smiles: string): AtomSpan[] {
  const spans: AtomSpan[] = [];
  ATOM.lastIndex = 0;
  for (let m = ATOM.exec(smiles); m; m = ATOM.exec(smiles)) {
    if (/^\[H[+-]?\d*\]$/.test(m[0]) && m[0] !== '[H+]' && m[0] !== '[H-]') continue;
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/** Heavy atoms written in a SMILES (no RDKit needed): bracket hydrogens and isotopic hydrogens are not heavy. */
export function heavyAtomCount(smiles: string): number {
  let n = 0;
  ATOM.lastIndex = 0;
  for (let m = ATOM.exec(smiles); m; m = ATOM.exec(smiles)) if (!/^\[\d*H[+-]?\d*\]$/.test(m[0])) n++;
  return n;
}
