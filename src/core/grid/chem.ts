// RDKit work for the grid, run in the grid worker: card depictions (with SMARTS matches highlighted), computed
// properties through the hover's describeSmiles, SMARTS screening and ECFP fingerprints. Never imports `vscode`.
import type { Mol } from '@rdkit/rdkit';
import { MAX_HEAVY_ATOMS, type Parsed, type Rdkit } from '../chem/rdkit';
import { depict, describeSmiles } from '../chem/describe';
import { ecfp, type Fingerprint } from '../similarity/ecfp';
import { PROPERTIES } from '../../common/grid/query';
import { SVG_DATA_URL } from '../../common/grid/worker-protocol';

/** Parses a row's molecule (SMILES or molblock) and runs `fn` on it; the Mol is always freed. */
export function withRowMol<T>(rd: Rdkit, text: string, molblock: boolean, fn: (mol: Mol) => T): Parsed<T> {
  return molblock ? rd.withMolBlock(text, fn) : rd.withMol(text, fn);
}

/** The SMILES of a row's molecule (SDF records are converted once), or undefined when it cannot be read. */
export function rowSmiles(rd: Rdkit, text: string, molblock: boolean): string | undefined {
  if (!molblock) return text.trim() || undefined;
  // Canonicalising a record far over the size limit can trap or hang the wasm: such records have no SMILES.
  const r = rd.withMolBlock(text, mol =>
    mol.get_num_atoms() > 0 && mol.get_num_atoms() <= MAX_HEAVY_ATOMS ? mol.get_smiles() : '',
  );
  return r.ok && r.value ? r.value : undefined;
}

export type Depiction = { url: string; matched: boolean } | { error: string };

interface MatchJson {
  atoms?: number[];
  bonds?: number[];
}

/** The atoms and bonds of every match of `query` in `mol` (empty when it does not match). */
function matchedAtoms(mol: Mol, query: Mol): { atoms: number[]; bonds: number[] } {
  const raw = JSON.parse(mol.get_substruct_matches(query)) as MatchJson[] | MatchJson;
  const list = Array.isArray(raw) ? raw : [raw];
  const atoms = new Set<number>(),
    bonds = new Set<number>();
  for (const m of list) {
    m.atoms?.forEach(a => atoms.add(a));
    m.bonds?.forEach(b => bonds.add(b));
  }
  return { atoms: [...atoms], bonds: [...bonds] };
}

/**
 * A card depiction as an SVG data URL: RDKit's drawing on an opaque white card (as the hover draws it), with the
 * atoms and bonds matching `smarts` highlighted when given. Too-large molecules and parse errors give a reason.
 */
export function depictRow(rd: Rdkit, text: string, molblock: boolean, width: number, smarts = ''): Depiction {
  if (!text.trim()) return { error: 'no molecule' };
  const draw = (mol: Mol, query?: Mol): Depiction => {
    const atomCount = mol.get_num_atoms();
    if (atomCount === 0) return { error: 'no atoms' };
    if (atomCount > MAX_HEAVY_ATOMS) return { error: `${atomCount} atoms: too large to draw` };
    const hit = query ? matchedAtoms(mol, query) : { atoms: [], bonds: [] };
    const svg = depict(mol, width, { atoms: hit.atoms, bonds: hit.bonds, colour: [1, 0.55, 0.1, 0.7] });
    return { url: SVG_DATA_URL + Buffer.from(svg).toString('base64'), matched: hit.atoms.length > 0 };
  };
  const run = (query?: Mol) => {
    const r = withRowMol(rd, text, molblock, mol => draw(mol, query));
    return r.ok ? r.value : { error: r.error.message };
  };
  if (!smarts) return run();
  const q = rd.withQuery(smarts, run);
  return q.ok ? q.value : run();
}

/** The grid's computed properties of one SMILES (NaN each when it cannot be read), in PROPERTIES order. */
export function rowProperties(rd: Rdkit, smiles: string | undefined): number[] {
  if (!smiles) return PROPERTIES.map(() => NaN);
  const { report } = describeSmiles(rd, smiles, { imageSize: 0, inchikey: false });
  return PROPERTIES.map(p => report[p] ?? NaN);
}

/**
 * Which of `texts` contain `smarts`: 1 or 0, UNKNOWN (255) where the molecule cannot be read. The query is parsed
 * once per call; an invalid SMARTS is an error with RDKit's reason.
 */
export function matchSmarts(
  rd: Rdkit,
  smarts: string,
  texts: readonly string[],
  molblock: boolean,
): Parsed<Uint8Array> {
  return rd.withQuery(smarts, q => {
    const out = new Uint8Array(texts.length);
    texts.forEach((t, i) => {
      const r = t.trim()
        ? withRowMol(
            rd,
            t,
            molblock,
            mol => mol.get_num_atoms() <= MAX_HEAVY_ATOMS && mol.get_substruct_match(q) !== '{}',
          )
        : undefined;
      out[i] = r?.ok ? (r.value ? 1 : 0) : 255;
    });
    return out;
  });
}

/** ECFP4 of a row's SMILES, undefined when it cannot be read. */
export function rowFingerprint(rd: Rdkit, smiles: string | undefined): Fingerprint | undefined {
  if (!smiles) return undefined;
  const r = ecfp(rd, smiles);
  return r.ok ? r.fp : undefined;
}
