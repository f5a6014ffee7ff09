// The hover card's properties computed in JavaScript from RDKit's JSON, equal to RDKit's own descriptor code:
// RDKit.js only offers all 43 descriptors at once (`get_descriptors`, about 2 ms), and the card needs 14.
// Definitions follow RDKit 2026.09 (the pinned @rdkit/rdkit); a unit test holds them equal on thousands of real
// molecules. Molecules outside what this covers (isotopes, dummy atoms, explicit hydrogens, dative bonds) return
// the reason, and the caller asks RDKit.
import { ATOMIC_MASSES } from './atomic-masses';
import { crippenLogP, crippenMatchBound } from './crippen';
import { bondBetween, molGraphFromJson, AROMATIC, DOUBLE, SINGLE, TRIPLE, type MolGraph } from './mol-graph';
import type { JsonMolecule } from './rdkit-json';
import { compileSmarts, matchesAt, type PatternNode } from './smarts-tree';

/** The subset of RDKit's descriptor JSON the card shows, under RDKit's names. */
export interface CardDescriptors {
  exactmw: number;
  amw: number;
  CrippenClogP: number;
  tpsa: number;
  NumHBD: number;
  NumHBA: number;
  lipinskiHBD: number;
  lipinskiHBA: number;
  NumRotatableBonds: number;
  NumRings: number;
  NumAromaticRings: number;
  NumHeavyAtoms: number;
  NumAtomStereoCenters: number;
  NumUnspecifiedAtomStereoCenters: number;
}

/** RDKit's CIP labels from `get_stereo_tags`: "(?)" marks a stereocentre whose configuration is not given. */
export interface StereoTags {
  CIP_atoms: Array<[number, string]>;
}

// RDKit's definitions (Lipinski.cpp): NumHBD, NumHBA and the default (strict) rotatable-bond pattern.
const HBD = '[N&!H0&v3,N&!H0&+1&v4,O&H1&+0,S&H1&+0,n&H1&+0]';
const HBA =
  '[$([O,S;H1;v2]-[!$(*=[O,N,P,S])]),$([O,S;H0;v2]),$([O,S;-]),$([N;v3;!$(N-*=!@[O,N,P,S])]),$([nH0X2,o,s;+0])]';
const ROTOR_END = '!$(*#*)&!D1&!$(C(F)(F)F)&!$(C(Cl)(Cl)Cl)&!$(C(Br)(Br)Br)&!$(C([CH3])([CH3])[CH3])&!$([CH3])';
const ROTATABLE = `[${ROTOR_END}&!$([CD3](=[N,O,S])-!@[#7,O,S!D1])&!$([#7,O,S!D1]-!@[CD3]=[N,O,S])&!$([CD3](=[N+])-!@[#7!D1])&!$([#7!D1]-!@[CD3]=[N+])]-,:;!@[${ROTOR_END}]`;

/** RDKit's maxMatches for the Crippen typing; see crippenMatchBound. */
const RDKIT_MAX_MATCHES = 1000;

interface Patterns {
  hbd: PatternNode;
  hba: PatternNode;
  rotatable: PatternNode;
}
let patterns: Patterns | undefined;
function compiled(): Patterns {
  patterns ??= { hbd: compileSmarts(HBD), hba: compileSmarts(HBA), rotatable: compileSmarts(ROTATABLE) };
  return patterns;
}

export function cardDescriptors(json: JsonMolecule, stereo: StereoTags): CardDescriptors | string {
  const g = molGraphFromJson(json, false);
  if (typeof g === 'string') return g;
  const withHs = molGraphFromJson(json, true);
  if (typeof withHs === 'string') return withHs;
  if (crippenMatchBound(withHs) >= RDKIT_MAX_MATCHES) return 'too many Crippen matches';
  const centres = stereocentres(json, g, stereo);
  if (!centres) return 'no CIP ranks';
  const p = compiled();
  let hbd = 0,
    hba = 0,
    lipinskiHBD = 0,
    lipinskiHBA = 0,
    heavy = 0;
  for (let i = 0; i < g.atomCount; i++) {
    if (g.z[i] > 1) heavy++;
    if (g.z[i] === 7 || g.z[i] === 8) {
      lipinskiHBA++;
      lipinskiHBD += g.totalHs[i];
    }
    if (matchesAt(p.hbd, g, i)) hbd++;
    if (matchesAt(p.hba, g, i)) hba++;
  }
  let rotatable = 0;
  for (let i = 0; i < g.atomCount; i++) {
    for (let k = 0; k < g.neighbours[i].length; k++) {
      const j = g.neighbours[i][k];
      // Each bond once; the pattern's two ends differ, so either direction may match.
      if (j < i) continue;
      const b = g.neighbourBonds[i][k];
      if (bondMatches(p.rotatable, g, i, j, b) || bondMatches(p.rotatable, g, j, i, b)) rotatable++;
    }
  }
  const [amw, exactmw] = masses(g);
  const unspecified = centres.filter(([, label]) => label === '(?)').length;
  return {
    exactmw,
    amw,
    CrippenClogP: crippenLogP(withHs),
    tpsa: tpsa(g),
    NumHBD: hbd,
    NumHBA: hba,
    lipinskiHBD,
    lipinskiHBA,
    NumRotatableBonds: rotatable,
    NumRings: g.rings.length,
    NumAromaticRings: aromaticRings(g),
    NumHeavyAtoms: heavy,
    NumAtomStereoCenters: centres.length,
    NumUnspecifiedAtomStereoCenters: unspecified,
  };
}

/**
 * The stereocentres RDKit's descriptors count: atoms its CIP labeller tags whose neighbours all differ in CIP rank.
 * Ring cis/trans centres (trans-1,4-cyclohexanes, inositols) get CIP labels but two equal-ranked ring neighbours,
 * and RDKit's count leaves them out. Undefined when RDKit's JSON carries no ranks.
 */
function stereocentres(json: JsonMolecule, g: MolGraph, stereo: StereoTags): Array<[number, string]> | undefined {
  if (stereo.CIP_atoms.length === 0) return [];
  const ranks = json.cipRanks;
  if (!ranks) return undefined;
  return stereo.CIP_atoms.filter(
    ([atom]) => new Set(g.neighbours[atom].map(n => ranks[n])).size === g.neighbours[atom].length,
  );
}

/** A two-atom pattern matched on one bond, `i` on its first atom. */
function bondMatches(pattern: PatternNode, g: MolGraph, i: number, j: number, bond: number): boolean {
  const [{ bond: bondTest, node: second }] = pattern.children;
  return bondTest(g, bond) && pattern.test(g, i) && second.test(g, j);
}

/** NIST's electron mass: RDKit's exact mass of an ion counts its electrons, atom by atom. */
const ELECTRON_MASS = 0.00054857991;

/** Average and monoisotopic mass, hydrogens included, accumulated in RDKit's order (getAvgMolWt, getExactMolWt). */
function masses(g: MolGraph): [number, number] {
  const [hAverage, hExact] = ATOMIC_MASSES[1];
  let amw = 0,
    exact = 0,
    hydrogens = 0;
  for (let i = 0; i < g.atomCount; i++) {
    const [average, monoisotopic] = ATOMIC_MASSES[g.z[i]];
    amw += average;
    amw += g.totalHs[i] * hAverage;
    exact += monoisotopic;
    exact -= ELECTRON_MASS * g.charge[i];
    hydrogens += g.totalHs[i];
  }
  return [amw, exact + hydrogens * hExact];
}

function aromaticRings(g: MolGraph): number {
  return g.rings.filter(ring =>
    ring.every((a, k) => g.bondKind[bondBetween(g, a, ring[(k + 1) % ring.length])] === AROMATIC),
  ).length;
}

/** Counts a TPSA rule can require of an N or O: hydrogens, charge, bonds by kind, and membership of a 3-ring. */
interface PolarAtom {
  h: number;
  c: number;
  s: number;
  d: number;
  t: number;
  a: number;
  r3: boolean;
}

/**
 * Ertl's contributions (J. Med. Chem. 2000, 43, 3714) as RDKit tabulates them: [element, heavy neighbours, what the
 * atom must have, Å²]; the first matching row wins. Atoms no row matches get 30.5 - 8.2·neighbours + 1.5·H (N) or
 * 28.5 - 8.6·neighbours + 1.5·H (O), never below 0.
 */
const TPSA_ROWS: Array<[number, number, Partial<PolarAtom>, number]> = [
  [7, 1, { h: 0, c: 0, t: 1 }, 23.79],
  [7, 1, { h: 1, c: 0, d: 1 }, 23.85],
  [7, 1, { h: 2, c: 0, s: 1 }, 26.02],
  [7, 1, { h: 2, c: 1, d: 1 }, 25.59],
  [7, 1, { h: 3, c: 1, s: 1 }, 27.64],
  [7, 2, { h: 0, c: 0, s: 1, d: 1 }, 12.36],
  [7, 2, { h: 0, c: 0, t: 1, d: 1 }, 13.6],
  [7, 2, { h: 1, c: 0, s: 2, r3: true }, 21.94],
  [7, 2, { h: 1, c: 0, s: 2, r3: false }, 12.03],
  [7, 2, { h: 0, c: 1, t: 1, s: 1 }, 4.36],
  [7, 2, { h: 1, c: 1, d: 1, s: 1 }, 13.97],
  [7, 2, { h: 2, c: 1, s: 2 }, 16.61],
  [7, 2, { h: 0, c: 0, a: 2 }, 12.89],
  [7, 2, { h: 1, c: 0, a: 2 }, 15.79],
  [7, 2, { h: 1, c: 1, a: 2 }, 14.14],
  [7, 3, { h: 0, c: 0, s: 3, r3: true }, 3.01],
  [7, 3, { h: 0, c: 0, s: 3, r3: false }, 3.24],
  [7, 3, { h: 0, c: 0, s: 1, d: 2 }, 11.68],
  [7, 3, { h: 0, c: 1, s: 2, d: 1 }, 3.01],
  [7, 3, { h: 1, c: 1, s: 3 }, 4.44],
  [7, 3, { h: 0, c: 0, a: 3 }, 4.41],
  [7, 3, { h: 0, c: 0, s: 1, a: 2 }, 4.93],
  [7, 3, { h: 0, c: 0, d: 1, a: 2 }, 8.39],
  [7, 3, { h: 0, c: 1, a: 3 }, 4.1],
  [7, 3, { h: 0, c: 1, s: 1, a: 2 }, 3.88],
  [7, 4, { h: 0, s: 4, c: 1 }, 0],
  [8, 1, { h: 0, c: 0, d: 1 }, 17.07],
  [8, 1, { h: 1, c: 0, s: 1 }, 20.23],
  [8, 1, { h: 0, c: -1, s: 1 }, 23.06],
  [8, 2, { h: 0, c: 0, s: 2, r3: true }, 12.53],
  [8, 2, { h: 0, c: 0, s: 2, r3: false }, 9.23],
  [8, 2, { h: 0, c: 0, a: 2 }, 13.14],
];

const TPSA_RULES = TPSA_ROWS.map(
  ([element, n, needs, area]) =>
    [element, n, Object.entries(needs) as Array<[keyof PolarAtom, number | boolean]>, area] as const,
);

/** Ertl's topological polar surface area over N and O (RDKit's default leaves S and P out), summed in atom order. */
function tpsa(g: MolGraph): number {
  let total = 0;
  for (let i = 0; i < g.atomCount; i++) {
    const z = g.z[i];
    if (z !== 7 && z !== 8) continue;
    const atom: PolarAtom = {
      h: g.totalHs[i],
      c: g.charge[i],
      s: 0,
      d: 0,
      t: 0,
      a: 0,
      r3: g.rings.some(r => r.length === 3 && r.includes(i)),
    };
    for (const b of g.neighbourBonds[i]) {
      const kind = g.bondKind[b];
      if (kind === AROMATIC) atom.a++;
      else if (kind === SINGLE) atom.s++;
      else if (kind === DOUBLE) atom.d++;
      else if (kind === TRIPLE) atom.t++;
    }
    const neighbours = g.neighbours[i].length;
    const row = TPSA_RULES.find(
      ([element, n, needs]) => element === z && n === neighbours && needs.every(([key, value]) => atom[key] === value),
    );
    total += row
      ? row[3]
      : Math.max(0, z === 7 ? 30.5 - neighbours * 8.2 + atom.h * 1.5 : 28.5 - neighbours * 8.6 + atom.h * 1.5);
  }
  return total;
}
