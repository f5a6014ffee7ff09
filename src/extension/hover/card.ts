// The hover card's Markdown, built from a Preview. No editor API here, so it is checked in plain unit tests.
import type { Preview } from '../../core/chem/preview';
import type { MoleculeDescription } from '../../core/chem/describe';
import { caretLine } from '../../core/chem/caret';
import { escapeHtml } from '../webview/csp';

/** Properties the card can show (molml.hover.properties): the key ones beside the depiction, then the rest. */
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
  const has = (key: HoverProperty) => show.has(key);
  // VS Code limits a hover's height (a quarter of the editor, at least 250 px) but gives it 750 px or more of width:
  // the key properties sit beside the depiction, in view without scrolling. Short labels, full names as tooltips;
  // the InChIKey on a line of its own.
  const key: string[] = [];
  const keyRow = (label: string, title: string, value: string) =>
    key.push(`<tr><td title="${title}">${label}</td><td>${value}</td></tr>`);
  if (has('formula')) keyRow('Formula', 'Molecular formula (Hill order)', escapeHtml(r.formula!));
  if (has('mw')) keyRow('MW', 'Average molecular weight', `${r.mw!.toFixed(2)} g/mol`);
  if (has('clogp')) keyRow('cLogP', 'Crippen cLogP', r.clogp!.toFixed(2));
  if (has('tpsa')) keyRow('TPSA', 'Topological polar surface area', `${r.tpsa!.toFixed(1)} Å²`);
  if (has('hbd') && has('hba')) keyRow('HBD / HBA', 'H-bond donors / acceptors', `${r.hbd} / ${r.hba}`);
  else if (has('hbd')) keyRow('HBD', 'H-bond donors', `${r.hbd}`);
  else if (has('hba')) keyRow('HBA', 'H-bond acceptors', `${r.hba}`);
  if (has('inchikey'))
    key.push(
      `<tr><td colspan="2">InChIKey<br>${r.inchikey ? `<code>${escapeHtml(r.inchikey)}</code>` : '(not available)'}</td></tr>`,
    );
  const links = [htmlCommandLink('Copy SMILES', COPY_SMILES_COMMAND, r.canonical!)];
  if (r.inchikey && has('inchikey')) links.push(htmlCommandLink('Copy InChIKey', COPY_INCHIKEY_COMMAND, r.inchikey));
  if (options.gridCommand) links.push(htmlCommandLink('Open in molecule grid', OPEN_GRID_COMMAND, [r.canonical!]));
  const side = [key.length ? `<table>${key.join('')}</table>` : '', `<p>${links.join(' · ')}</p>`].join('');
  const image = r.svg
    ? `<td><img src="data:image/svg+xml;base64,${Buffer.from(r.svg).toString('base64')}" alt="structure of ${escapeHtml(r.formula!)}"></td>`
    : '';
  // One HTML block (no blank line inside it), then Markdown again.
  const lines = [`<table><tr>${image}<td>${side}</td></tr></table>`, '', `\`${r.canonical}\``, ''];
  // The rest below, in view when the card is scrolled.
  const rows: Array<[HoverProperty, string, string]> = [
    ['exact_mass', 'Exact mass', `${r.exact_mass!.toFixed(4)}`],
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
  ];
  const more = rows.filter(([k]) => show.has(k));
  if (more.length > 0)
    lines.push('| More properties | |', '|:--|:--|', ...more.map(([, label, value]) => `| ${label} | ${value} |`));
  return lines.join('\n').trimEnd();
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

function htmlCommandLink(label: string, command: string, arg: unknown): string {
  return `<a href="command:${command}?${encodeURIComponent(JSON.stringify([arg]))}">${label}</a>`;
}

function codeBlock(text: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map(m => m[0].length + 1)));
  return `${fence}text\n${text}\n${fence}`;
}

function escapeMarkdown(text: string): string {
  // Mid-line, only these can change how a reason renders.
  return text.replace(/[\\`*_[\]<>|]/g, ch => `\\${ch}`);
}
