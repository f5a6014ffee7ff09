// Everything the per-molecule rules need, computed once per distinct cell text with one parse: canonical SMILES,
// fragments, charges and their neutral form, isotopes, radicals, wildcards, elements, undefined stereo.
// The result is plain data (cached per cell text, sent between threads); the rules turn it into findings.
import { MAX_HEAVY_ATOMS, type Mol, type ParseError, type Rdkit } from './rdkit';
import { readMolJson, type JsonMolecule } from './rdkit-json';
import { neutralize } from './neutralize';
import { isMetal, symbolOf } from './elements';
import { heavyAtomCount } from './smiles-tokens';
import { COUNTER_IONS } from './counter-ions';

export interface AtomNote {
  atom: number;
  symbol: string;
  value: number;
}

export interface Fragment {
  smiles: string;
  heavyAtoms: number;
}

export interface MolOk {
  ok: true;
  /** RDKit canonical isomeric SMILES; absent for molecules too large to canonicalise safely. */
  canonical?: string;
  heavyAtoms: number;
  atoms: number;
  /** The disconnected parts, largest first, when there is more than one. */
  fragments: Fragment[];
  charged: AtomNote[];
  netCharge: number;
  /** Canonical SMILES of the neutral form, when neutralisation changes anything, and the atoms it changes. */
  neutral?: string;
  neutralized: number[];
  isotopes: AtomNote[];
  radicals: AtomNote[];
  wildcards: number[];
  /** Heavy-atom counts per element symbol. */
  elements: Record<string, number>;
  undefinedCentres: number[];
  undefinedBonds: Array<[number, number]>;
  /** Canonical SMILES without stereo, when the canonical one has stereo marks and it was asked for. */
  noStereo?: string;
  /** Written in Kekulé form although RDKit finds it aromatic. */
  kekule: boolean;
}

export interface MolFail {
  ok: false;
  error: ParseError;
}

export type MolFacts = MolOk | MolFail;

const AROMATIC_IN_TEXT = /(^|[^A-Za-z])[bcnops]|\[(se|as|te|[bcnops])/;

function facts(mol: Mol, input: string, molblock: boolean, options: AnalyzeOptions): MolOk | MolFail {
  const atoms = mol.get_num_atoms();
  if (atoms === 0)
    return { ok: false, error: { kind: 'empty', message: molblock ? 'the record has no atoms' : 'empty SMILES' } };
  const heavyAtoms = mol.get_num_atoms(true);
  const base: MolOk = {
    ok: true,
    heavyAtoms,
    atoms,
    fragments: [],
    charged: [],
    netCharge: 0,
    neutralized: [],
    isotopes: [],
    radicals: [],
    wildcards: [],
    elements: {},
    undefinedCentres: [],
    undefinedBonds: [],
    kekule: false,
  };
  // Past this size RDKit's wasm can trap in the calls below: report the size, skip the rest.
  if (heavyAtoms > MAX_HEAVY_ATOMS) return base;
  const canonical = mol.get_smiles();
  base.canonical = canonical;
  // RDKit's JSON costs about as much as the parse: read it only when the canonical SMILES can hide something the
  // text does not show (bracket atoms: charges, isotopes, radicals, metals; * atoms; double bonds to C or N).
  const g = needsGraph(canonical) ? readMolJson(mol.get_json()) : undefined;
  if (g) describeAtoms(g, base);
  else countElements(canonical, base.elements);
  if (canonical.includes('.')) {
    base.fragments = canonical
      .split('.')
      .map(smiles => ({ smiles, heavyAtoms: heavyAtomCount(smiles) }))
      .sort((a, b) => b.heavyAtoms - a.heavyAtoms);
  }
  const stereo = JSON.parse(mol.get_stereo_tags()) as { CIP_atoms: Array<[number, string]> };
  base.undefinedCentres = stereo.CIP_atoms.filter(([, tag]) => tag === '(?)').map(([i]) => i);
  base.undefinedBonds = g ? undefinedDoubleBonds(g) : [];
  if (options.noStereo && /[@/\\]/.test(canonical))
    base.noStereo = mol.get_smiles(JSON.stringify({ isomericSmiles: false }));
  base.kekule = !molblock && !AROMATIC_IN_TEXT.test(input) && AROMATIC_IN_TEXT.test(canonical);
  return base;
}

function needsGraph(canonical: string): boolean {
  return canonical.includes('[') || canonical.includes('*') || /=[CNcn]/.test(canonical);
}

/**
 * Double bonds that could be cis/trans but carry no stereo: outside small rings, each end with one or two other
 * neighbours that are distinguishable (different CIP ranks, or a single neighbour plus a hydrogen).
 */
function undefinedDoubleBonds(g: JsonMolecule): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!g.cipRanks) return out;
  const ranks = g.cipRanks;
  const ringBonds = new Set<string>();
  for (const ring of g.rings) {
    ring.forEach((a, i) => {
      const b = ring[(i + 1) % ring.length];
      ringBonds.add(a < b ? `${a}-${b}` : `${b}-${a}`);
    });
  }
  for (const b of g.bonds) {
    if (b.bo !== 2 || (b.stereo && b.stereo !== 'unspecified')) continue;
    const [a1, a2] = b.atoms;
    if (ringBonds.has(a1 < a2 ? `${a1}-${a2}` : `${a2}-${a1}`)) continue;
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

const ORGANIC_TOKEN = /Cl|Br|[BCNOPSFI]|[bcnops]/g;

/** Element counts of a SMILES written with organic-subset atoms only (no brackets). */
function countElements(smiles: string, out: Record<string, number>): void {
  for (const m of smiles.match(ORGANIC_TOKEN) ?? []) {
    const symbol = m.length === 1 ? m.toUpperCase() : m;
    out[symbol] = (out[symbol] ?? 0) + 1;
  }
}

function describeAtoms(g: JsonMolecule, out: MolOk): void {
  g.atoms.forEach((a, i) => {
    const symbol = symbolOf(a.z);
    if (a.z === 0) out.wildcards.push(i);
    else if (a.z > 1) out.elements[symbol] = (out.elements[symbol] ?? 0) + 1;
    if (a.chg !== 0) {
      out.charged.push({ atom: i, symbol, value: a.chg });
      out.netCharge += a.chg;
    }
    if (a.isotope) out.isotopes.push({ atom: i, symbol, value: a.isotope });
    // Unpaired electrons on metals are an artefact of the valence model (MOL011 reports metals).
    if (a.nRad && !isMetal(symbol)) out.radicals.push({ atom: i, symbol, value: a.nRad });
  });
  if (out.charged.length) {
    const n = neutralize(g);
    if (n.json) {
      out.neutralized = n.changed;
      (out as MolOk & { neutralJson?: string }).neutralJson = n.json;
    }
  }
}

/**
 * Analyses one cell (a SMILES, or a molblock for SDF). Never throws for bad chemistry; a molecule that traps the wasm
 * comes back as a 'too-large' (or 'crash') error, and the caller's next step (withRdkit) gets a fresh module.
 */
export interface AnalyzeOptions {
  /** Also compute the stereo-free canonical SMILES (for duplicate checks that ignore stereo). */
  noStereo?: boolean;
}

export function analyzeMolecule(rd: Rdkit, text: string, molblock = false, options: AnalyzeOptions = {}): MolFacts {
  const input = molblock ? text : text.trim();
  const res = molblock
    ? rd.withMolBlock(input, m => facts(m, input, true, options))
    : rd.withMol(input, m => facts(m, input, false, options));
  if (!res.ok) return { ok: false, error: res.error };
  const value = res.value as MolFacts & { neutralJson?: string };
  if (value.ok && value.neutralJson) {
    const json = value.neutralJson;
    delete value.neutralJson;
    // RDKit JSON is read like a molblock (the SMILES length limit does not apply to it).
    const neutral = rd.withMolBlock(json, m => m.get_smiles());
    if (neutral.ok && neutral.value !== value.canonical) value.neutral = neutral.value;
    else value.neutralized = [];
  }
  return value;
}

let ionNames: Map<string, string> | undefined;

/** Canonical SMILES → name of common counter-ions and solvents (canonicalised once per thread). */
export function counterIonNames(rd: Rdkit): Map<string, string> {
  if (ionNames) return ionNames;
  const names = new Map<string, string>();
  for (const [smiles, name] of COUNTER_IONS) {
    const c = rd.withMol(smiles, m => m.get_smiles());
    if (c.ok && !names.has(c.value)) names.set(c.value, name);
  }
  ionNames = names;
  return names;
}
