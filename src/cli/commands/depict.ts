import type { CliCommand } from '../command';
import { intOption, oneOf, parse, requireSmilesArgument, UsageError } from '../args';
import { withRdkit } from '../../core/chem/rdkit';
import { describeSmiles, type MoleculeDescription } from '../../core/chem/describe';
import { caretLine } from '../../core/chem/caret';

const FORMATS = ['json', 'svg', 'text'] as const;

export const depictCommand: CliCommand = {
  name: 'depict',
  summary: 'depict one SMILES and print its properties (JSON), its SVG, or a text summary; exit 1 if RDKit rejects it',
  usage: 'molml depict <SMILES> [--format json|svg|text] [--size PX]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { format: { type: 'string' }, size: { type: 'string' } }, 1);
    if (positionals.length > 1)
      throw new UsageError(`expected one SMILES, got ${positionals.length} arguments (quote the SMILES)`);
    requireSmilesArgument(positionals[0]!);
    const format = oneOf('format', values.format, FORMATS, 'json');
    const size = intOption('size', values.size, 300, 50, 2000);
    const d = await withRdkit(rd => describeSmiles(rd, positionals[0]!, { imageSize: size }));
    if (format === 'json') io.out(JSON.stringify(d.report, null, 2));
    else if (format === 'svg') {
      if (d.report.svg) io.out(d.report.svg);
      else io.err(errorText(d));
    } else io.out(summary(d));
    return d.report.valid ? 0 : 1;
  },
};

function errorText(d: MoleculeDescription): string {
  const e = d.parseError;
  const at = e?.position !== undefined ? ` (at character ${e.position + 1})` : '';
  // A molecule over the size bounds may be valid: it is too large, not invalid.
  const what = e?.kind === 'too-long' || e?.kind === 'too-large' ? 'too large' : 'invalid SMILES';
  const lines = [`${what}: ${d.report.error}${at}`];
  if (e?.position !== undefined) lines.push(`  ${d.report.input}`, `  ${caretLine(e)}`);
  return lines.join('\n');
}

function summary(d: MoleculeDescription): string {
  const r = d.report;
  if (!r.valid) return errorText(d);
  const rows: Array<[string, string | number | null]> = [
    ['canonical', r.canonical],
    ['formula', r.formula],
    ['mw', r.mw],
    ['exact mass', r.exact_mass],
    ['cLogP', r.clogp],
    ['TPSA', r.tpsa],
    ['H-bond donors', r.hbd],
    ['H-bond acceptors', r.hba],
    ['rotatable bonds', r.rotatable_bonds],
    ['rings', r.rings],
    ['aromatic rings', r.aromatic_rings],
    ['heavy atoms', r.heavy_atoms],
    ['formal charge', r.formal_charge],
    ['stereocentres', `${r.stereocentres} (${r.unassigned_stereocentres} unassigned)`],
    [
      'Lipinski',
      d.lipinski!.violations === 0
        ? 'pass'
        : `${d.lipinski!.violations} violation(s): ${d.lipinski!.failed.join(', ')}`,
    ],
    ['Veber', d.veber!.pass ? 'pass' : `fail: ${d.veber!.failed.join(', ')}`],
    ['InChIKey', r.inchikey],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v ?? '-'}`).join('\n');
}
