// The hover card's Markdown, built from a Preview. No editor API here, so it is checked in plain unit tests.
import type { Preview } from '../../core/chem/preview';
import type { MoleculeDescription } from '../../core/chem/describe';
import { caretLine } from '../../core/chem/caret';

/** Properties the card can show (molml.hover.properties), in card order. */
export const HOVER_PROPERTIES = [
  'formula',
  'mw',
  'exact_mass',
  'clogp',
  'tpsa',
  'hbd',
  'hba',
  'rotatable_bonds',
  'rings',
  'aromatic_rings',
  'heavy_atoms',
  'formal_charge',
  'stereocentres',
  'lipinski',
  'veber',
  'inchikey',
] as const;
export type HoverProperty = (typeof HOVER_PROPERTIES)[number];

export const COPY_SMILES_COMMAND = 'molml.copyCanonicalSmiles';
export const COPY_INCHIKEY_COMMAND = 'molml.copyInchiKey';
export const OPEN_GRID_COMMAND = 'molml.openMoleculeGrid';
/** The only commands the card's links may run (MarkdownString.isTrusted). */
export const CARD_COMMANDS = [COPY_SMILES_COMMAND, COPY_INCHIKEY_COMMAND, OPEN_GRID_COMMAND];

export interface CardOptions {
  properties: readonly HoverProperty[];
  /** Offer "Open in molecule grid" (only when that command exists). */
  gridCommand: boolean;
}

export function cardMarkdown(preview: Preview, options: CardOptions): string {
  if (preview.note) return `ℹ ${preview.note}\n\n${codeBlock(preview.candidate.text)}`;
  const d = preview.description!;
  return d.report.valid ? validCard(d, options) : invalidCard(d);
}

function validCard(d: MoleculeDescription, options: CardOptions): string {
  const r = d.report;
  const show = new Set(options.properties);
  const lines: string[] = [];
  if (r.svg)
    lines.push(`![structure of ${r.formula}](data:image/svg+xml;base64,${Buffer.from(r.svg).toString('base64')})`, '');
  lines.push(`\`${r.canonical}\``, '');
  const rows: Array<[HoverProperty, string, string]> = [
    ['formula', 'Formula', `${r.formula}`],
    ['mw', 'Molecular weight', `${r.mw!.toFixed(2)} g/mol`],
    ['exact_mass', 'Exact mass', `${r.exact_mass!.toFixed(4)}`],
    ['clogp', 'cLogP (Crippen)', `${r.clogp!.toFixed(2)}`],
    ['tpsa', 'TPSA', `${r.tpsa!.toFixed(1)} Å²`],
    ['hbd', 'H-bond donors', `${r.hbd}`],
    ['hba', 'H-bond acceptors', `${r.hba}`],
    ['rotatable_bonds', 'Rotatable bonds', `${r.rotatable_bonds}`],
    ['rings', 'Rings', `${r.rings}`],
    ['aromatic_rings', 'Aromatic rings', `${r.aromatic_rings}`],
    ['heavy_atoms', 'Heavy atoms', `${r.heavy_atoms}`],
    ['formal_charge', 'Formal charge', r.formal_charge! > 0 ? `+${r.formal_charge}` : `${r.formal_charge}`],
    [
      'stereocentres',
      'Stereocentres',
      `${r.stereocentres} (${r.stereocentres! - r.unassigned_stereocentres!} defined, ${r.unassigned_stereocentres} undefined)`,
    ],
    [
      'lipinski',
      'Lipinski Ro5',
      d.lipinski!.violations === 0
        ? '✓ no violations'
        : `${d.lipinski!.violations} violation${d.lipinski!.violations > 1 ? 's' : ''}: ${d.lipinski!.failed.join(', ')}`,
    ],
    ['veber', 'Veber', d.veber!.pass ? '✓ pass' : `✗ ${d.veber!.failed.join(', ')}`],
    ['inchikey', 'InChIKey', r.inchikey ? `\`${r.inchikey}\`` : '(not available)'],
  ];
  const shown = rows.filter(([key]) => show.has(key));
  if (shown.length > 0) {
    lines.push('| Property | Value |', '|:--|:--|', ...shown.map(([, label, value]) => `| ${label} | ${value} |`), '');
  }
  const links = [commandLink('Copy SMILES', COPY_SMILES_COMMAND, r.canonical!)];
  if (r.inchikey && show.has('inchikey')) links.push(commandLink('Copy InChIKey', COPY_INCHIKEY_COMMAND, r.inchikey));
  if (options.gridCommand) links.push(commandLink('Open in molecule grid', OPEN_GRID_COMMAND, [r.canonical!]));
  lines.push(links.join(' · '));
  return lines.join('\n');
}

function invalidCard(d: MoleculeDescription): string {
  const e = d.parseError;
  const where = e?.position !== undefined ? ` (at character ${e.position + 1})` : '';
  const title =
    e?.kind === 'too-large'
      ? '⚠ Too large to preview'
      : e?.kind === 'crash'
        ? '⚠ RDKit failed on this molecule'
        : '⚠ Invalid SMILES';
  const body = e?.position !== undefined ? `${d.report.input}\n${caretLine(e)}` : d.report.input;
  return `**${title}**: ${escapeMarkdown(d.report.error ?? 'RDKit could not parse it')}${where}\n\n${codeBlock(body)}`;
}

function commandLink(label: string, command: string, arg: unknown): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
}

function codeBlock(text: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map(m => m[0].length + 1)));
  return `${fence}text\n${text}\n${fence}`;
}

function escapeMarkdown(text: string): string {
  // Mid-line, only these can change how a reason renders.
  return text.replace(/[\\`*_[\]<>|]/g, ch => `\\${ch}`);
}
