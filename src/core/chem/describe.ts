// Everything the hover card and `molml depict` show about one SMILES, computed in one pass over one parsed Mol.
import type { Mol } from '@rdkit/rdkit';
import { MAX_HEAVY_ATOMS, tooLarge, type ParseError, type Rdkit } from './rdkit';
import { ELEMENT_SYMBOLS } from './elements';
import { cardDescriptors, type CardDescriptors, type StereoTags } from './card-properties';
import { inertSvg } from './svg-safety';
import { readMolJson, type JsonAtom } from './rdkit-json';

/** The report; field names are the CLI's JSON fields. Property fields are null when the input is not valid. */
export interface MoleculeReport {
  input: string;
  valid: boolean;
  error: string | null;
  canonical: string | null;
  formula: string | null;
  mw: number | null;
  exact_mass: number | null;
  clogp: number | null;
  tpsa: number | null;
  hbd: number | null;
  hba: number | null;
  rotatable_bonds: number | null;
  rings: number | null;
  aromatic_rings: number | null;
  heavy_atoms: number | null;
  formal_charge: number | null;
  stereocentres: number | null;
  unassigned_stereocentres: number | null;
  inchikey: string | null;
  svg: string | null;
}

/** A report plus what the card needs beyond the CLI fields: the structured error and the rule flags. */
export interface MoleculeDescription {
  report: MoleculeReport;
  /** Set when `valid` is false. */
  parseError?: ParseError;
  /** Lipinski's rule-of-five counts (NOCount/NHOHCount donors and acceptors, as Lipinski defined them). */
  lipinski?: { violations: number; failed: string[] };
  /** Veber: rotatable bonds <= 10 and TPSA <= 140 Å². */
  veber?: { pass: boolean; failed: string[] };
}

export interface DescribeOptions {
  /** Depiction width in pixels (height is 4/5 of it); 0 leaves the SVG out. */
  imageSize?: number;
  /** Leave the InChIKey out (RDKit's InChI is, after the depiction, the costliest step). */
  inchikey?: boolean;
}

export function emptyReport(input: string, error: string): MoleculeReport {
  return {
    input,
    valid: false,
    error,
    canonical: null,
    formula: null,
    mw: null,
    exact_mass: null,
    clogp: null,
    tpsa: null,
    hbd: null,
    hba: null,
    rotatable_bonds: null,
    rings: null,
    aromatic_rings: null,
    heavy_atoms: null,
    formal_charge: null,
    stereocentres: null,
    unassigned_stereocentres: null,
    inchikey: null,
    svg: null,
  };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export function describeSmiles(rd: Rdkit, input: string, options: DescribeOptions = {}): MoleculeDescription {
  const imageSize = options.imageSize ?? 250;
  // Counted from the text first: a molecule far over the limit is not even parsed (see tooLarge).
  const large = tooLarge(input, MAX_HEAVY_ATOMS, 'depiction and properties');
  if (large) return { report: emptyReport(input, large.message), parseError: large };
  const parsed = rd.withMol(input, mol => describeMol(rd, input, mol, imageSize, options.inchikey ?? true));
  if (!parsed.ok) return { report: emptyReport(input, parsed.error.message), parseError: parsed.error };
  return parsed.value;
}

function describeMol(
  rd: Rdkit,
  input: string,
  mol: Mol,
  imageSize: number,
  withInchikey: boolean,
): MoleculeDescription {
  // Checked before anything else touches the molecule: big ones trap the wasm or take seconds to draw. RDKit folds
  // bonded [H] into their atoms, so the atom count is the heavy-atom count bar rare isotopic or lone hydrogens.
  const atomCount = mol.get_num_atoms();
  if (atomCount > MAX_HEAVY_ATOMS) {
    const error: ParseError = {
      kind: 'too-large',
      message: `molecule has ${atomCount} atoms, over the ${MAX_HEAVY_ATOMS}-atom limit for depiction and properties`,
    };
    return { report: emptyReport(input, error.message), parseError: error };
  }
  const json = readMolJson(mol.get_json());
  const atoms = json.atoms;
  // The card's 14 descriptors in JavaScript over the JSON (a quarter of get_descriptors' time, stereo tags included);
  // RDKit's own code for the rare molecules that computation leaves out.
  const fast = cardDescriptors(json, JSON.parse(mol.get_stereo_tags()) as StereoTags);
  const d = typeof fast === 'string' ? (JSON.parse(mol.get_descriptors()) as CardDescriptors) : fast;
  const charge = atoms.reduce((sum, a) => sum + a.chg, 0);
  let inchikey: string | null = null;
  if (withInchikey) {
    const inchi = mol.get_inchi();
    inchikey = inchi ? rd.module.get_inchikey_for_inchi(inchi) || null : null;
  }
  const report: MoleculeReport = {
    input,
    valid: true,
    error: null,
    canonical: mol.get_smiles(),
    formula: molecularFormula(atoms, charge),
    mw: round(d.amw, 3),
    exact_mass: round(d.exactmw, 4),
    clogp: round(d.CrippenClogP, 3),
    tpsa: round(d.tpsa, 2),
    hbd: d.NumHBD,
    hba: d.NumHBA,
    rotatable_bonds: d.NumRotatableBonds,
    rings: d.NumRings,
    aromatic_rings: d.NumAromaticRings,
    heavy_atoms: d.NumHeavyAtoms,
    formal_charge: charge,
    stereocentres: d.NumAtomStereoCenters,
    unassigned_stereocentres: d.NumUnspecifiedAtomStereoCenters,
    inchikey,
    svg: imageSize > 0 ? depict(mol, imageSize) : null,
  };
  const ro5: Array<[boolean, string]> = [
    [d.amw > 500, 'MW > 500'],
    [d.CrippenClogP > 5, 'cLogP > 5'],
    [d.lipinskiHBD > 5, 'H-bond donors > 5'],
    [d.lipinskiHBA > 10, 'H-bond acceptors > 10'],
  ];
  const veber: Array<[boolean, string]> = [
    [d.NumRotatableBonds > 10, 'rotatable bonds > 10'],
    [d.tpsa > 140, 'TPSA > 140'],
  ];
  const failed = (rules: Array<[boolean, string]>) => rules.filter(([bad]) => bad).map(([, label]) => label);
  return {
    report,
    lipinski: { violations: failed(ro5).length, failed: failed(ro5) },
    veber: { pass: failed(veber).length === 0, failed: failed(veber) },
  };
}

/**
 * Hill-order formula as RDKit's CalcMolFormula writes it: C, then H, then the rest alphabetically (all
 * alphabetically without carbon); isotopes count as their element; the net charge is appended (+, -, +2, -3).
 */
function molecularFormula(atoms: JsonAtom[], charge: number): string {
  const counts = new Map<string, number>();
  const add = (symbol: string, n: number) => {
    if (n > 0) counts.set(symbol, (counts.get(symbol) ?? 0) + n);
  };
  for (const a of atoms) {
    add(ELEMENT_SYMBOLS[a.z] ?? '*', 1);
    add('H', a.impHs);
  }
  const symbols = [...counts.keys()].sort();
  const order = counts.has('C')
    ? ['C', ...(counts.has('H') ? ['H'] : []), ...symbols.filter(s => s !== 'C' && s !== 'H')]
    : symbols;
  const body = order.map(s => s + (counts.get(s) === 1 ? '' : String(counts.get(s)))).join('');
  const sign = charge > 0 ? '+' : '-';
  return charge === 0 ? body : body + sign + (Math.abs(charge) > 1 ? String(Math.abs(charge)) : '');
}

/** Atoms and bonds to highlight in a depiction, and the colour (RGBA, 0-1). */
export interface Highlight {
  atoms: number[];
  bonds: number[];
  colour: [number, number, number, number];
}

/**
 * Atom label sizes in the depiction's pixels, which are screen pixels: every view shows a depiction at the size it was
 * drawn. RDKit scales labels with the drawing, down to 6 px by default: unreadable for a drug-sized molecule in a
 * 250 px hover card or a 180 px grid card. A small molecule's labels stop growing at the largest.
 */
export const ATOM_LABEL_PX = { min: 12, max: 20 } as const;

/**
 * SVG on an opaque white rounded card: RDKit draws black bonds, unreadable on a dark hover background if the
 * background were transparent. The hover, the grid and the results view all draw through this. `width` is the size
 * the image is shown at (its labels are ATOM_LABEL_PX there).
 */
export function depict(mol: Mol, width: number, highlight?: Highlight): string {
  const height = Math.round(width * 0.8);
  const details = {
    width,
    height,
    backgroundColour: [1, 1, 1, 1],
    clearBackground: true,
    minFontSize: ATOM_LABEL_PX.min,
    maxFontSize: ATOM_LABEL_PX.max,
    // Atom labels as SVG text in the viewer's sans-serif font rather than FreeType glyph outlines: a third less
    // drawing time, a smaller image, and the first depiction skips loading RDKit's built-in font.
    noFreetype: true,
    ...(highlight?.atoms.length
      ? { atoms: highlight.atoms, bonds: highlight.bonds, highlightColour: highlight.colour }
      : {}),
  };
  const svg = mol.get_svg_with_highlights(JSON.stringify(details));
  // Round the background rectangle RDKit draws first.
  const rounded = svg.replace(
    /<rect style='opacity:1\.0;fill:#FFFFFF;stroke:none'/,
    "<rect rx='10' ry='10' style='opacity:1.0;fill:#FFFFFF;stroke:none'",
  );
  // Labels come from the file (SDF aliases, CXSMILES labels): the image must stay inert whatever RDKit writes.
  return inertSvg(rounded);
}
