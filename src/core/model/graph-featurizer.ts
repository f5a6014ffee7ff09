// The 2D graph featurization of Hu et al. (2020), reused by MolCLR and most GIN/GCN chemical encoders:
// atom = (atomic number - 1, chirality tag), bond = (type, direction), both directions of every bond.
// Atoms, chirality, bond order and aromaticity come from RDKit's JSON; bond directions from the SMILES text.
import type { Mol } from '../chem/rdkit';
import { readMolJson, type JsonMolecule } from '../chem/rdkit-json';
import { scanSmiles } from './smiles-bond-directions';

export interface MolGraph {
  /** [numAtoms * 2]: atom type index, chirality index. */
  x: number[];
  /** Directed edges, both directions of each bond: source and target atom indices (local to the molecule). */
  src: number[];
  dst: number[];
  /** [numEdges * 2]: bond type index, bond direction index. */
  edgeAttr: number[];
  numAtoms: number;
}

export type Featurized = { ok: true; graph: MolGraph } | { ok: false; reason: string };

const CHIRALITY: Record<string, number> = { unspecified: 0, cw: 1, ccw: 2 };
/** JSON bond order to bond-type index: single, double, triple; aromatic is 3 (from the aromaticBonds list). */
const BOND_TYPE: Record<number, number> = { 1: 0, 2: 1, 3: 2 };
const STEREO_DOUBLE = new Set(['cis', 'trans']);

/**
 * Featurizes a parsed molecule. `smiles` must be the text `mol` was parsed from: bond directions are read from it.
 * `explicitHydrogens` adds all hydrogens as atoms after the heavy atoms (RDKit AddHs), as MolCLR's fine-tuning does.
 */
export function featurizeHuMolclr(mol: Mol, smiles: string, explicitHydrogens: boolean, maxAtoms: number): Featurized {
  const heavy = mol.get_num_atoms();
  if (heavy === 0) return { ok: false, reason: 'no atoms' };
  // Checked before anything else touches the molecule: very large molecules trap RDKit's wasm.
  if (heavy > maxAtoms)
    return { ok: false, reason: `too large: ${heavy} atoms, the model accepts at most ${maxAtoms}` };
  if (explicitHydrogens) mol.add_hs_in_place();
  const m = readMolJson(mol.get_json());
  const n = m.atoms.length;
  if (n > maxAtoms) return { ok: false, reason: `too large: ${n} atoms, the model accepts at most ${maxAtoms}` };
  const x: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = m.atoms[i].z;
    if (z < 1 || z > 118)
      return {
        ok: false,
        reason: `atom ${i + 1}: ${z === 0 ? 'dummy atom (*)' : `atomic number ${z}`} is not supported by the hu-molclr featurization`,
      };
    const stereo = m.atoms[i].stereo;
    const chir = CHIRALITY[stereo];
    if (chir === undefined)
      return { ok: false, reason: `atom ${i + 1}: chirality "${stereo}" is not supported (only tetrahedral @/@@)` };
    x.push(z - 1, chir);
  }
  const aromatic = new Set(m.aromaticBonds);
  const dirs = bondDirections(m, smiles, heavy, aromatic);
  if (typeof dirs === 'string') return { ok: false, reason: dirs };
  const src: number[] = [];
  const dst: number[] = [];
  const edgeAttr: number[] = [];
  for (let b = 0; b < m.bonds.length; b++) {
    const bond = m.bonds[b];
    const bo = bond.bo;
    const type = aromatic.has(b) ? 3 : BOND_TYPE[bo];
    if (type === undefined)
      return {
        ok: false,
        reason: `bond ${b + 1}: bond order ${bo} (e.g. dative) is not supported by the hu-molclr featurization`,
      };
    const dir = dirs.get(b) ?? 0;
    const [a1, a2] = bond.atoms;
    src.push(a1, a2);
    dst.push(a2, a1);
    edgeAttr.push(type, dir, type, dir);
  }
  return { ok: true, graph: { x, src, dst, edgeAttr, numAtoms: n } };
}

/**
 * Direction index per bond, as RDKit sets it when parsing: the bonds written with '/' or '\', flipped when RDKit's
 * bond begins at the atom written second. RDKit clears the directions around a double bond without cis/trans stereo,
 * so a bond that touches double bonds keeps its direction only when one of them has stereo; a bond that touches
 * none (ring notation such as C/C1CCC(\C)CC1, or next to a triple or aromatic bond) keeps it.
 */
function bondDirections(
  m: JsonMolecule,
  smiles: string,
  heavy: number,
  aromatic: Set<number>,
): Map<number, number> | string {
  const out = new Map<number, number>();
  if (!/[/\\]/.test(smiles)) return out;
  const text = scanSmiles(smiles);
  if (!text) return 'cannot read bond directions from this SMILES';
  // Text atom index -> RDKit atom index ([H] atoms are merged into their neighbours by RDKit).
  // When RDKit kept every written atom (a [H] that carries stereo stays an atom), the orders agree as written.
  const map = text.atoms.length === heavy ? text.atoms.map((_, i) => i) : text.atoms.map(a => a.index ?? -1);
  if (text.atoms.length !== heavy && text.atoms.filter(a => a.index !== undefined).length !== heavy) {
    return "cannot match the atoms of this SMILES to RDKit's to read bond directions";
  }
  const bondOf = new Map<string, number>();
  m.bonds.forEach((b, i) => bondOf.set(`${b.atoms[0]},${b.atoms[1]}`, i));
  const stereoAtoms = new Set<number>();
  const doubleAtoms = new Set<number>();
  m.bonds.forEach((b, i) => {
    // JSON bond orders are Kekulé: an aromatic bond written as 2 is not a double bond here.
    if (b.bo === 2 && !aromatic.has(i)) {
      doubleAtoms.add(b.atoms[0]);
      doubleAtoms.add(b.atoms[1]);
    }
    if (STEREO_DOUBLE.has(b.stereo)) {
      stereoAtoms.add(b.atoms[0]);
      stereoAtoms.add(b.atoms[1]);
    }
  });
  for (const d of text.directions) {
    const from = map[d.from],
      to = map[d.to];
    if (from < 0 || to < 0) continue;
    const forward = bondOf.get(`${from},${to}`);
    const index = forward ?? bondOf.get(`${to},${from}`);
    if (index === undefined) continue;
    const nextToDouble = doubleAtoms.has(from) || doubleAtoms.has(to);
    if (nextToDouble && !stereoAtoms.has(from) && !stereoAtoms.has(to)) continue;
    out.set(index, forward !== undefined ? d.dir : 3 - d.dir);
  }
  return out;
}
