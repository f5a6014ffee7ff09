// Neutralisation by adjusting hydrogen counts, after RDKit's rdMolStandardize Uncharger (the JS build of RDKit has no
// standardizer): positive atoms that carry hydrogens give one up, negative atoms take one, except that
// - charges next to an opposite charge (nitro, N-oxides, ylides) are left alone, as RDKit does;
// - positive centres without hydrogens (quaternary N+, metal cations) cannot be neutralised, so as many negative
//   charges are kept to balance them (a zwitterion stays a zwitterion; a quaternary ammonium keeps its carboxylate),
//   keeping the most acidic ones (carboxylates, sulfonates, phosphates) charged first.
import type { JsonMolecule } from './rdkit-json';
import { isMetal, symbolOf } from './elements';

export interface NeutralizeResult {
  /** RDKit JSON of the neutralised molecule, or undefined when nothing would change. */
  json?: string;
  /** Atoms whose charge changed. */
  changed: number[];
}

/** Elements that can take up or give up a hydrogen as a charge is removed. */
const PROTIC = new Set([5, 6, 7, 8, 9, 14, 15, 16, 17, 33, 34, 35, 52, 53]);

function hydrogens(g: JsonMolecule, a: number): number {
  return g.atoms[a].impHs;
}

function nextToCharge(g: JsonMolecule, a: number, sign: 1 | -1): boolean {
  return g.neighbours[a].some(n => Math.sign(g.atoms[n].chg) === sign);
}

/** An anion of an oxo-acid (O- on C, S, P, N bonded to another =O) or similar: kept charged first. */
function isAcidAnion(g: JsonMolecule, a: number): boolean {
  const atom = g.atoms[a];
  if (atom.z !== 8 || g.neighbours[a].length !== 1) return false;
  const centre = g.neighbours[a][0];
  if (![6, 15, 16].includes(g.atoms[centre].z)) return false;
  return g.bonds.some(
    b => b.bo === 2 && b.atoms.includes(centre) && g.atoms[b.atoms[0] === centre ? b.atoms[1] : b.atoms[0]].z === 8,
  );
}

export function neutralize(g: JsonMolecule): NeutralizeResult {
  const atoms = g.atoms.map(a => ({ ...a }));
  const changed = new Set<number>();
  const positiveWithH: number[] = [];
  let fixedPositive = 0;
  const negative: number[] = [];
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i];
    if (a.chg > 0 && !nextToCharge(g, i, -1)) {
      if (hydrogens(g, i) > 0 && PROTIC.has(a.z)) positiveWithH.push(i);
      else fixedPositive += a.chg;
    } else if (a.chg < 0 && !nextToCharge(g, i, 1) && PROTIC.has(a.z) && !isMetal(symbolOf(a.z))) {
      negative.push(i);
    }
  }
  // Non-acid anions are neutralised first, so that the acids are the ones left to balance fixed positive charges.
  negative.sort((x, y) => Number(isAcidAnion(g, x)) - Number(isAcidAnion(g, y)));
  const negativeTotal = negative.reduce((s, i) => s - atoms[i].chg, 0);
  let surplus = fixedPositive > 0 ? negativeTotal - fixedPositive : negativeTotal;
  for (const i of negative) {
    while (surplus > 0 && atoms[i].chg < 0) {
      atoms[i].chg++;
      atoms[i].impHs++;
      surplus--;
      changed.add(i);
    }
  }
  for (const i of positiveWithH) {
    while (atoms[i].chg > 0 && atoms[i].impHs > 0) {
      atoms[i].chg--;
      atoms[i].impHs--;
      changed.add(i);
    }
  }
  if (changed.size === 0) return { changed: [] };
  const doc = structuredClone(g.doc);
  const mol = doc.molecules[0];
  for (const i of changed) {
    mol.atoms[i] = { ...mol.atoms[i], chg: atoms[i].chg, impHs: atoms[i].impHs };
  }
  // Derived data (CIP ranks, aromaticity flags) no longer holds for the new charges: let RDKit recompute it.
  delete mol.extensions;
  return { json: JSON.stringify(doc), changed: [...changed].sort((a, b) => a - b) };
}
