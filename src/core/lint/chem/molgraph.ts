// RDKit's JSON (get_json) as a small graph: atoms with charge and hydrogen counts, neighbours, aromaticity, rings.
export interface JsonAtom { z: number; chg: number; impHs: number; nRad: number; isotope: number; stereo: string }
export interface JsonBond { bo: number; atoms: [number, number]; stereo: string }

export interface MolGraph {
  atoms: JsonAtom[];
  bonds: JsonBond[];
  neighbours: number[][];
  cipRanks?: number[];
  ringAtoms: Set<number>;
  ringBonds: Set<string>;
  raw: { [k: string]: unknown };
}

export function graphFromJson(json: string): MolGraph {
  const doc = JSON.parse(json) as {
    defaults: { atom: JsonAtom; bond: JsonBond };
    molecules: Array<{ atoms: Partial<JsonAtom>[]; bonds?: Partial<JsonBond>[]; extensions?: Array<{ cipRanks?: number[]; atomRings?: number[][] }> }>;
  };
  const mol = doc.molecules[0];
  const atoms = mol.atoms.map(a => ({ ...doc.defaults.atom, ...a }));
  const bonds = (mol.bonds ?? []).map(b => ({ ...doc.defaults.bond, ...b }) as JsonBond);
  const neighbours = atoms.map((): number[] => []);
  for (const b of bonds) { neighbours[b.atoms[0]].push(b.atoms[1]); neighbours[b.atoms[1]].push(b.atoms[0]); }
  const ext = mol.extensions?.find(e => e.cipRanks || e.atomRings);
  const ringAtoms = new Set<number>();
  const ringBonds = new Set<string>();
  for (const ring of ext?.atomRings ?? []) {
    ring.forEach((a, i) => {
      ringAtoms.add(a);
      const b = ring[(i + 1) % ring.length];
      ringBonds.add(a < b ? `${a}-${b}` : `${b}-${a}`);
    });
  }
  return { atoms, bonds, neighbours, cipRanks: ext?.cipRanks, ringAtoms, ringBonds, raw: doc as unknown as { [k: string]: unknown } };
}

/** Connected components (fragments) as lists of atom indexes. */
export function components(g: MolGraph): number[][] {
  const seen = new Int32Array(g.atoms.length).fill(-1);
  const out: number[][] = [];
  for (let s = 0; s < g.atoms.length; s++) {
    if (seen[s] >= 0) continue;
    const comp = [s];
    seen[s] = out.length;
    for (let k = 0; k < comp.length; k++) {
      for (const n of g.neighbours[comp[k]]) if (seen[n] < 0) { seen[n] = out.length; comp.push(n); }
    }
    out.push(comp);
  }
  return out;
}

/**
 * Double bonds that could be cis/trans but carry no stereo: outside small rings, each end with one or two other
 * neighbours that are distinguishable (different CIP ranks, or a single neighbour plus a hydrogen).
 */
export function undefinedDoubleBonds(g: MolGraph): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!g.cipRanks) return out;
  const ranks = g.cipRanks;
  for (const b of g.bonds) {
    if (b.bo !== 2 || (b.stereo && b.stereo !== 'unspecified')) continue;
    const [a1, a2] = b.atoms;
    if (g.ringBonds.has(a1 < a2 ? `${a1}-${a2}` : `${a2}-${a1}`)) continue;
    const ok = [a1, a2].every(a => {
      const atom = g.atoms[a];
      if (atom.z !== 6 && atom.z !== 7) return false;
      const others = g.neighbours[a].filter(n => n !== a1 && n !== a2 && g.atoms[n].z !== 1);
      const h = atom.impHs + g.neighbours[a].filter(n => g.atoms[n].z === 1).length;
      if (others.length === 0) return false;
      if (others.length === 1) return atom.z === 7 || h === 1;
      return others.length === 2 && ranks[others[0]] !== ranks[others[1]];
    });
    if (ok) out.push([a1, a2]);
  }
  return out;
}
