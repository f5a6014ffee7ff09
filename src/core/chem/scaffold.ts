// Bemis–Murcko scaffolds (ring systems and the linkers between them), as RDKit's MurckoScaffold computes them: side
// chains are pruned from RDKit's molecule JSON (atoms of degree one, repeatedly), atoms double-bonded to what
// remains are kept (C=O on a ring, S(=O)=O in a linker), each cut bond becomes hydrogens, and RDKit writes the
// canonical SMILES of what is left. Acyclic molecules have the empty scaffold "". Stereo is dropped, as in the
// usual scaffold split.
import type { Rdkit } from './rdkit';
import { readMolJson, type RdkitJsonAtom, type RdkitJsonBond, type RdkitMolJson } from './rdkit-json';

/** The canonical SMILES of the molecule's Murcko scaffold, or undefined when RDKit cannot parse it. */
export function murckoScaffold(rd: Rdkit, smiles: string): string | undefined {
  const json = rd.withMol(smiles, mol => mol.get_json());
  if (!json.ok) return undefined;
  const doc = scaffoldJson(json.value);
  if (!doc) return '';
  const canonical = rd.withMolBlock(JSON.stringify(doc), mol => mol.get_smiles());
  return canonical.ok ? canonical.value : undefined;
}

/** The scaffold as an RDKit JSON document, or undefined when nothing is left (no ring). */
export function scaffoldJson(json: string): RdkitMolJson | undefined {
  const mol = readMolJson(json);
  const n = mol.atoms.length;
  const degree = mol.neighbours.map(a => a.length);
  const kept = new Array<boolean>(n).fill(true);
  const queue = degree.flatMap((d, i) => (d <= 1 ? [i] : []));
  while (queue.length) {
    const i = queue.pop()!;
    if (!kept[i]) continue;
    kept[i] = false;
    for (const j of mol.neighbours[i]) if (kept[j] && --degree[j] <= 1) queue.push(j);
  }
  if (!kept.some(Boolean)) return undefined;
  const core = [...kept];
  mol.bonds.forEach(b => {
    const [i, j] = b.atoms;
    if (b.bo === 2 && core[i] !== core[j]) kept[core[i] ? j : i] = true;
  });
  const index = new Map<number, number>();
  const atoms: RdkitJsonAtom[] = [];
  mol.atoms.forEach((a, i) => {
    if (!kept[i]) return;
    index.set(i, atoms.length);
    atoms.push({ z: a.z, chg: a.chg, impHs: a.impHs, nRad: a.nRad, isotope: a.isotope });
  });
  const bonds: RdkitJsonBond[] = [];
  mol.bonds.forEach(b => {
    const [i, j] = b.atoms;
    if (kept[i] && kept[j]) bonds.push({ bo: b.bo, atoms: [index.get(i)!, index.get(j)!] });
    else if (kept[i] || kept[j]) atoms[index.get(kept[i] ? i : j)!].impHs! += b.bo;
  });
  return { ...mol.doc, molecules: [{ atoms, bonds }] };
}
