// A molecule as plain arrays, read from RDKit's JSON (one `get_json` call), so that descriptors can be computed in
// JavaScript without a round trip into the wasm per query.
import type { JsonMolecule } from './rdkit-json';

/** Bond kinds: the Kekulé order, except that aromatic bonds are their own kind, as in a sanitised RDKit molecule. */
export const SINGLE = 1,
  DOUBLE = 2,
  TRIPLE = 3,
  AROMATIC = 4;

export interface MolGraph {
  /** Atoms, heavy atoms first in RDKit's order; with `withHydrogens`, one node per hydrogen after them. */
  readonly atomCount: number;
  /** Atoms RDKit holds (the heavy atoms here: graphs with hydrogen atoms of their own are not built). */
  readonly heavyCount: number;
  readonly z: readonly number[];
  readonly charge: readonly number[];
  readonly aromatic: readonly number[];
  /** Hydrogens the atom carries that are not nodes of this graph. */
  readonly implicitHs: readonly number[];
  /** Hydrogens bonded to the atom, nodes or not (SMARTS `H`). */
  readonly totalHs: readonly number[];
  /** Sum of Kekulé bond orders plus hydrogens (SMARTS `v`; RDKit fixes valence before aromatisation). */
  readonly valence: readonly number[];
  /** Neighbour atoms and the bonds to them, in RDKit's bond order. */
  readonly neighbours: ReadonlyArray<readonly number[]>;
  readonly neighbourBonds: ReadonlyArray<readonly number[]>;
  readonly bondKind: readonly number[];
  readonly bondInRing: readonly number[];
  /** The RDKit ring set (symmetrised SSSR), atoms in ring order. */
  readonly rings: ReadonlyArray<readonly number[]>;
}

/**
 * Reads RDKit's JSON into a graph, or returns the reason it will not: isotopes, dummy atoms, hydrogens kept as atoms
 * and bonds other than single, double, triple or aromatic are left to RDKit's own descriptor code.
 */
export function molGraphFromJson(mol: JsonMolecule, withHydrogens: boolean): MolGraph | string {
  if (mol.moleculeCount !== 1) return 'not one molecule';
  const heavyCount = mol.atoms.length;
  let hydrogenNodes = 0;
  for (const a of mol.atoms) {
    if (a.z < 2 || a.z > 118) return a.z === 1 ? 'hydrogen atom' : 'dummy atom';
    if (a.isotope !== 0) return 'isotope';
    if (withHydrogens) hydrogenNodes += a.impHs;
  }
  const atomCount = heavyCount + hydrogenNodes;
  // Plain arrays: these graphs are small and short-lived, where typed arrays cost more to allocate than they save.
  const z = zeros(atomCount),
    charge = zeros(atomCount),
    aromatic = zeros(atomCount);
  const implicitHs = zeros(atomCount),
    totalHs = zeros(atomCount),
    valence = zeros(atomCount);
  const neighbours: number[][] = [],
    neighbourBonds: number[][] = [];
  for (let i = 0; i < atomCount; i++) {
    neighbours.push([]);
    neighbourBonds.push([]);
  }
  const bonds = mol.bonds;
  const bondCount = bonds.length + hydrogenNodes;
  const bondKind = zeros(bondCount),
    bondInRing = zeros(bondCount);

  mol.atoms.forEach((a, i) => {
    z[i] = a.z;
    charge[i] = a.chg;
    totalHs[i] = a.impHs;
    valence[i] = a.impHs;
    if (!withHydrogens) implicitHs[i] = a.impHs;
  });
  for (const i of mol.aromaticAtoms) aromatic[i] = 1;
  for (let b = 0; b < bonds.length; b++) {
    const order = bonds[b].bo;
    if (order < 1 || order > 3) return 'bond that is not single, double, triple or aromatic';
    const [i, j] = bonds[b].atoms;
    bondKind[b] = order;
    valence[i] += order;
    valence[j] += order;
    neighbours[i].push(j);
    neighbourBonds[i].push(b);
    neighbours[j].push(i);
    neighbourBonds[j].push(b);
  }
  for (const b of mol.aromaticBonds) bondKind[b] = AROMATIC;
  // Hydrogen nodes follow their atoms in atom order, as RDKit's addHs appends them.
  let next = heavyCount,
    nextBond = bonds.length;
  if (withHydrogens) {
    for (let i = 0; i < heavyCount; i++) {
      for (let k = 0; k < totalHs[i]; k++, next++, nextBond++) {
        z[next] = 1;
        totalHs[next] = 0;
        valence[next] = 1;
        bondKind[nextBond] = SINGLE;
        neighbours[i].push(next);
        neighbourBonds[i].push(nextBond);
        neighbours[next].push(i);
        neighbourBonds[next].push(nextBond);
      }
    }
  }
  const rings = mol.rings;
  for (const ring of rings) {
    for (let k = 0; k < ring.length; k++) {
      const b = bondBetween({ neighbours, neighbourBonds }, ring[k], ring[(k + 1) % ring.length]);
      if (b < 0) return 'ring atoms out of order';
      bondInRing[b] = 1;
    }
  }
  return {
    atomCount,
    heavyCount,
    z,
    charge,
    aromatic,
    implicitHs,
    totalHs,
    valence,
    neighbours,
    neighbourBonds,
    bondKind,
    bondInRing,
    rings,
  };
}

function zeros(n: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(0);
  return a;
}

export function bondBetween(g: Pick<MolGraph, 'neighbours' | 'neighbourBonds'>, i: number, j: number): number {
  const k = g.neighbours[i].indexOf(j);
  return k < 0 ? -1 : g.neighbourBonds[i][k];
}
