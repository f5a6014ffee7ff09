// RDKit's molecule JSON (`get_json`, CommonChem with RDKit's extension), read in one place: the lint's analysis,
// the card's descriptors, the formula and the graph featurizer all start here.

/** An atom or bond as written: absent fields take the document's defaults. */
export interface RdkitJsonAtom {
  z?: number;
  chg?: number;
  impHs?: number;
  nRad?: number;
  isotope?: number;
  stereo?: string;
}
export interface RdkitJsonBond {
  bo?: number;
  atoms: [number, number];
  stereo?: string;
}
export interface RdkitJsonExtension {
  name: string;
  aromaticAtoms?: number[];
  aromaticBonds?: number[];
  atomRings?: number[][];
  cipRanks?: number[];
}
export interface RdkitMolJson {
  defaults: { atom: JsonAtom; bond: Omit<JsonBond, 'atoms'> };
  molecules: Array<{ atoms: RdkitJsonAtom[]; bonds?: RdkitJsonBond[]; extensions?: RdkitJsonExtension[] }>;
}

/** An atom or bond with the defaults filled in. */
export type JsonAtom = Required<RdkitJsonAtom>;
export type JsonBond = Required<RdkitJsonBond>;

/** The first molecule of a document, defaults applied, with its neighbour lists and RDKit's derived data. */
export interface JsonMolecule {
  atoms: JsonAtom[];
  bonds: JsonBond[];
  /** Neighbour atoms and the bonds to them, in bond order. */
  neighbours: number[][];
  neighbourBonds: number[][];
  aromaticAtoms: number[];
  aromaticBonds: number[];
  /** The RDKit ring set (symmetrised SSSR), atoms in ring order. */
  rings: number[][];
  /** CIP ranks, when RDKit computed them. */
  cipRanks?: number[];
  /** Number of molecules in the document (RDKit writes one per `Mol`). */
  moleculeCount: number;
  /** The document as read, for edits written back to RDKit. */
  doc: RdkitMolJson;
}

export function readMolJson(json: string | RdkitMolJson): JsonMolecule {
  const doc = typeof json === 'string' ? (JSON.parse(json) as RdkitMolJson) : json;
  const mol = doc.molecules[0] ?? { atoms: [] };
  const atomDefaults = doc.defaults.atom,
    bondDefaults = doc.defaults.bond;
  const atoms = mol.atoms.map(a => ({ ...atomDefaults, ...a }));
  const bonds = (mol.bonds ?? []).map(b => ({ ...bondDefaults, ...b }));
  const neighbours: number[][] = [],
    neighbourBonds: number[][] = [];
  for (let i = 0; i < atoms.length; i++) {
    neighbours.push([]);
    neighbourBonds.push([]);
  }
  bonds.forEach((b, k) => {
    const [i, j] = b.atoms;
    neighbours[i].push(j);
    neighbourBonds[i].push(k);
    neighbours[j].push(i);
    neighbourBonds[j].push(k);
  });
  const ext = mol.extensions?.find(e => e.name === 'rdkitRepresentation');
  return {
    atoms,
    bonds,
    neighbours,
    neighbourBonds,
    aromaticAtoms: ext?.aromaticAtoms ?? [],
    aromaticBonds: ext?.aromaticBonds ?? [],
    rings: ext?.atomRings ?? [],
    ...(ext?.cipRanks ? { cipRanks: ext.cipRanks } : {}),
    moleculeCount: doc.molecules.length,
    doc,
  };
}
