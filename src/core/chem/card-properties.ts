// The hover card's properties computed in JavaScript from RDKit's JSON, equal to RDKit's own descriptor code:
// RDKit.js only offers all 43 descriptors at once (`get_descriptors`, about 2 ms), and the card needs 14.
// Definitions follow RDKit 2026.09 (the pinned @rdkit/rdkit); a unit test holds them equal on thousands of real
// molecules. Molecules outside what this covers (isotopes, dummy atoms, explicit hydrogens, dative bonds) return
// the reason, and the caller asks RDKit.
import { ATOMIC_MASSES } from './atomic-masses';
import { crippenLogP, crippenMatchBound } from './crippen';
import { bondBetween, molGraphFromJson, AROMATIC, DOUBLE, SINGLE, TRIPLE, type MolGraph, type RdkitMolJson } from './mol-graph';
import { compileSmarts, matchesAt, type PatternNode } from './smarts-tree';

/** The subset of RDKit's descriptor JSON the card shows, under RDKit's names. */
export interface CardDescriptors {
  exactmw: number; amw: number; CrippenClogP: number; tpsa: number; NumHBD: number; NumHBA: number;
  lipinskiHBD: number; lipinskiHBA: number; NumRotatableBonds: number; NumRings: number; NumAromaticRings: number;
  NumHeavyAtoms: number; NumAtomStereoCenters: number; NumUnspecifiedAtomStereoCenters: number;
}

/** RDKit's CIP labels from `get_stereo_tags`: "(?)" marks a stereocentre whose configuration is not given. */
export interface StereoTags { CIP_atoms: Array<[number, string]> }

// RDKit's definitions (Lipinski.cpp): NumHBD, NumHBA and the default (strict) rotatable-bond pattern.
const HBD = '[N&!H0&v3,N&!H0&+1&v4,O&H1&+0,S&H1&+0,n&H1&+0]';
const HBA = '[$([O,S;H1;v2]-[!$(*=[O,N,P,S])]),$([O,S;H0;v2]),$([O,S;-]),$([N;v3;!$(N-*=!@[O,N,P,S])]),$([nH0X2,o,s;+0])]';
const ROTOR_END = '!$(*#*)&!D1&!$(C(F)(F)F)&!$(C(Cl)(Cl)Cl)&!$(C(Br)(Br)Br)&!$(C([CH3])([CH3])[CH3])&!$([CH3])';
const ROTATABLE = `[${ROTOR_END}&!$([CD3](=[N,O,S])-!@[#7,O,S!D1])&!$([#7,O,S!D1]-!@[CD3]=[N,O,S])&!$([CD3](=[N+])-!@[#7!D1])&!$([#7!D1]-!@[CD3]=[N+])]-,:;!@[${ROTOR_END}]`;

/** RDKit's maxMatches for the Crippen typing; see crippenMatchBound. */
const RDKIT_MAX_MATCHES = 1000;

interface Patterns { hbd: PatternNode; hba: PatternNode; rotatable: PatternNode }
let patterns: Patterns | undefined;
function compiled(): Patterns {
  patterns ??= { hbd: compileSmarts(HBD), hba: compileSmarts(HBA), rotatable: compileSmarts(ROTATABLE) };
  return patterns;
}

export function cardDescriptors(json: RdkitMolJson, stereo: StereoTags): CardDescriptors | string {
  const g = molGraphFromJson(json, false);
  if (typeof g === 'string') return g;
  const withHs = molGraphFromJson(json, true);
  if (typeof withHs === 'string') return withHs;
  if (crippenMatchBound(withHs) >= RDKIT_MAX_MATCHES) return 'too many Crippen matches';
  const p = compiled();
  let hbd = 0, hba = 0, lipinskiHBD = 0, lipinskiHBA = 0, heavy = 0;
  for (let i = 0; i < g.atomCount; i++) {
    if (g.z[i] > 1) heavy++;
    if (g.z[i] === 7 || g.z[i] === 8) { lipinskiHBA++; lipinskiHBD += g.totalHs[i]; }
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
  if (ringStereo(json, g, stereo)) return 'stereocentre with equivalent neighbours';
  const [amw, exactmw] = masses(g);
  const unspecified = stereo.CIP_atoms.filter(([, label]) => label === '(?)').length;
  return {
    exactmw, amw, CrippenClogP: crippenLogP(withHs), tpsa: tpsa(g), NumHBD: hbd, NumHBA: hba, lipinskiHBD, lipinskiHBA,
    NumRotatableBonds: rotatable, NumRings: g.rings.length, NumAromaticRings: aromaticRings(g), NumHeavyAtoms: heavy,
    NumAtomStereoCenters: stereo.CIP_atoms.length, NumUnspecifiedAtomStereoCenters: unspecified,
  };
}

/**
 * Whether a labelled atom has two neighbours of equal CIP rank, as ring stereo does (1,4-disubstituted cyclohexanes,
 * inositols). RDKit's stereocentre count and its CIP labeller disagree on those; the count is then left to RDKit.
 */
function ringStereo(json: RdkitMolJson, g: MolGraph, stereo: StereoTags): boolean {
  const ranks = json.molecules[0].extensions?.find(e => e.name === 'rdkitRepresentation')?.cipRanks;
  if (!ranks) return stereo.CIP_atoms.length > 0;
  return stereo.CIP_atoms.some(([atom]) => {
    const seen = new Set<number>();
    for (const n of g.neighbours[atom]) {
      if (seen.has(ranks[n])) return true;
      seen.add(ranks[n]);
    }
    return false;
  });
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
  let amw = 0, exact = 0, hydrogens = 0;
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
  return g.rings.filter(ring => ring.every((a, k) => g.bondKind[bondBetween(g, a, ring[(k + 1) % ring.length])] === AROMATIC)).length;
}

/** Ertl's topological polar surface area over N and O (RDKit's default leaves S and P out), per RDKit's table. */
function tpsa(g: MolGraph): number {
  let total = 0;
  for (let i = 0; i < g.atomCount; i++) {
    const z = g.z[i];
    if (z !== 7 && z !== 8) continue;
    let single = 0, double = 0, triple = 0, aromatic = 0;
    for (const b of g.neighbourBonds[i]) {
      const kind = g.bondKind[b];
      if (kind === AROMATIC) aromatic++;
      else if (kind === SINGLE) single++;
      else if (kind === DOUBLE) double++;
      else if (kind === TRIPLE) triple++;
    }
    const contribution = (z === 7 ? nitrogenPsa : oxygenPsa)({
      neighbours: g.neighbours[i].length, hs: g.totalHs[i], charge: g.charge[i], single, double, triple, aromatic,
      in3Ring: g.rings.some(r => r.length === 3 && r.includes(i)),
    });
    total += contribution;
  }
  return total;
}

interface PolarAtom { neighbours: number; hs: number; charge: number; single: number; double: number; triple: number; aromatic: number; in3Ring: boolean }

function nitrogenPsa(a: PolarAtom): number {
  const { hs, charge: c, single: s, double: d, triple: t, aromatic: ar, in3Ring } = a;
  let v = -1;
  switch (a.neighbours) {
    case 1:
      if (hs === 0 && c === 0 && t === 1) v = 23.79;
      else if (hs === 1 && c === 0 && d === 1) v = 23.85;
      else if (hs === 2 && c === 0 && s === 1) v = 26.02;
      else if (hs === 2 && c === 1 && d === 1) v = 25.59;
      else if (hs === 3 && c === 1 && s === 1) v = 27.64;
      break;
    case 2:
      if (hs === 0 && c === 0 && s === 1 && d === 1) v = 12.36;
      else if (hs === 0 && c === 0 && t === 1 && d === 1) v = 13.60;
      else if (hs === 1 && c === 0 && s === 2 && in3Ring) v = 21.94;
      else if (hs === 1 && c === 0 && s === 2 && !in3Ring) v = 12.03;
      else if (hs === 0 && c === 1 && t === 1 && s === 1) v = 4.36;
      else if (hs === 1 && c === 1 && d === 1 && s === 1) v = 13.97;
      else if (hs === 2 && c === 1 && s === 2) v = 16.61;
      else if (hs === 0 && c === 0 && ar === 2) v = 12.89;
      else if (hs === 1 && c === 0 && ar === 2) v = 15.79;
      else if (hs === 1 && c === 1 && ar === 2) v = 14.14;
      break;
    case 3:
      if (hs === 0 && c === 0 && s === 3 && in3Ring) v = 3.01;
      else if (hs === 0 && c === 0 && s === 3 && !in3Ring) v = 3.24;
      else if (hs === 0 && c === 0 && s === 1 && d === 2) v = 11.68;
      else if (hs === 0 && c === 1 && s === 2 && d === 1) v = 3.01;
      else if (hs === 1 && c === 1 && s === 3) v = 4.44;
      else if (hs === 0 && c === 0 && ar === 3) v = 4.41;
      else if (hs === 0 && c === 0 && s === 1 && ar === 2) v = 4.93;
      else if (hs === 0 && c === 0 && d === 1 && ar === 2) v = 8.39;
      else if (hs === 0 && c === 1 && ar === 3) v = 4.10;
      else if (hs === 0 && c === 1 && s === 1 && ar === 2) v = 3.88;
      break;
    case 4:
      if (hs === 0 && s === 4 && c === 1) v = 0;
      break;
  }
  return v >= 0 ? v : Math.max(0, 30.5 - a.neighbours * 8.2 + hs * 1.5);
}

function oxygenPsa(a: PolarAtom): number {
  const { hs, charge: c, single: s, double: d, aromatic: ar, in3Ring } = a;
  let v = -1;
  switch (a.neighbours) {
    case 1:
      if (hs === 0 && c === 0 && d === 1) v = 17.07;
      else if (hs === 1 && c === 0 && s === 1) v = 20.23;
      else if (hs === 0 && c === -1 && s === 1) v = 23.06;
      break;
    case 2:
      if (hs === 0 && c === 0 && s === 2 && in3Ring) v = 12.53;
      else if (hs === 0 && c === 0 && s === 2 && !in3Ring) v = 9.23;
      else if (hs === 0 && c === 0 && ar === 2) v = 13.14;
      break;
  }
  return v >= 0 ? v : Math.max(0, 28.5 - a.neighbours * 8.6 + hs * 1.5);
}
