// Per-molecule rules: turn the facts about one molecule cell into findings positioned inside the cell.
import type { Cell } from '../io/types';
import { molblockProblem } from '../io/molblock-check';
import type { MolFacts, MolOk, AtomNote } from '../chem/analyze';
import { atomSpans } from '../chem/smiles-tokens';
import { isMetal } from '../chem/elements';
import { MAX_HEAVY_ATOMS } from '../chem/rdkit';
import { severityOf, type LintConfig } from './config';
import type { Fix, LintDiagnostic, Range } from './rules';

export interface MoleculeContext {
  config: LintConfig;
  molblock: boolean;
  /** Canonical SMILES → name of known counter-ions and solvents. */
  ionNames: Map<string, string>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** Maps atom indexes and text offsets of one cell to file ranges. */
class CellLocator {
  private spans?: ReturnType<typeof atomSpans>;
  private readonly lead: number;
  constructor(
    private readonly cell: Cell,
    private readonly molblock: boolean,
  ) {
    this.lead = molblock ? 0 : cell.text.length - cell.text.trimStart().length;
  }
  get whole(): Range {
    return {
      line: this.cell.line,
      column: this.cell.column,
      endLine: this.cell.endLine,
      endColumn: this.cell.endColumn,
    };
  }
  /** A character range inside a single-line cell. */
  offset(start: number, end = start + 1): Range {
    if (this.molblock || this.cell.line !== this.cell.endLine) return this.whole;
    const s = Math.min(this.cell.column + this.lead + start, this.cell.endColumn);
    return {
      line: this.cell.line,
      column: s,
      endLine: this.cell.line,
      endColumn: Math.max(s, Math.min(this.cell.column + this.lead + end, this.cell.endColumn)),
    };
  }
  atom(index: number): Range {
    if (this.molblock) {
      // Atom lines follow the three header lines and the counts line of the molblock.
      const line = this.cell.line + 4 + index;
      return line <= this.cell.endLine ? { line, column: 0, endLine: line, endColumn: 69 } : this.whole;
    }
    this.spans ??= atomSpans(this.cell.text.trim());
    const span = this.spans[index];
    return span ? this.offset(span.start, span.end) : this.whole;
  }
}

/** RDKit's reason for an unreadable molblock, or the structural problem at its line when RDKit gave only a banner. */
function molblockReason(cell: Cell, row: number, rdkitMessage: string): { message: string; range?: Range } {
  const problem = molblockProblem(cell.text);
  if (problem) {
    const line = cell.line + problem.line;
    return {
      message: `molblock could not be read: ${problem.message} (record ${row + 1}, line ${line + 1})`,
      range: { line, column: 0, endLine: line, endColumn: 80 },
    };
  }
  if (/[A-Za-z]{3}/.test(rdkitMessage)) return { message: rdkitMessage };
  return { message: `molblock could not be read: RDKit gave no reason (record ${row + 1}, line ${cell.line + 1})` };
}

function atomList(notes: AtomNote[], describe: (n: AtomNote) => string, max = 4): string {
  const shown = notes.slice(0, max).map(describe).join(', ');
  return notes.length > max ? `${shown} and ${notes.length - max} more` : shown;
}

export function moleculeDiagnostics(facts: MolFacts, cell: Cell, row: number, ctx: MoleculeContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  const at = new CellLocator(cell, ctx.molblock);
  const emit = (code: string, range: Range, message: string, fixes?: Fix[]) => {
    const severity = severityOf(ctx.config, code);
    if (severity === 'off') return;
    out.push({ code, severity, message, row, ...range, ...(fixes?.length ? { fixes } : {}) });
  };

  if (!facts.ok) {
    const e = facts.error;
    if (e.kind === 'empty') emit('MOL002', at.whole, e.message);
    else if (e.kind === 'text') emit('MOL016', at.offset(e.position ?? 0), e.message);
    else if (e.kind === 'valence')
      emit('MOL003', e.atomIndex !== undefined ? at.atom(e.atomIndex) : at.whole, e.message);
    else if (e.kind === 'aromaticity') emit('MOL004', at.whole, e.message);
    // Valid as far as anyone can tell, but more than RDKit's WebAssembly build can take: a size finding, not a parse error.
    else if (e.kind === 'too-large') emit('MOL014', at.whole, e.message);
    else if (ctx.molblock) {
      const why = molblockReason(cell, row, e.message);
      emit('MOL001', why.range ?? at.whole, why.message);
    } else emit('MOL001', e.position !== undefined ? at.offset(e.position) : at.whole, e.message);
    return out;
  }
  const f: MolOk = facts;
  const replace = (kind: Fix['kind'], title: string, replacement: string): Fix => ({
    kind,
    title,
    range: at.whole,
    replacement,
  });
  const trimmed = cell.text.trim();
  // Rewriting a molblock as SMILES would change the file format: fixes apply to SMILES cells only.
  const canonicalFix =
    !ctx.molblock && f.canonical && f.canonical !== trimmed
      ? [replace('canonical', 'Replace with canonical SMILES', f.canonical)]
      : [];

  if (f.fragments.length > 1) {
    const [largest, ...rest] = f.fragments;
    const named = rest.map(fr =>
      ctx.ionNames.get(fr.smiles) ? `${ctx.ionNames.get(fr.smiles)} (${fr.smiles})` : fr.smiles,
    );
    const tie = rest[0].heavyAtoms === largest.heavyAtoms;
    const message = tie
      ? `${f.fragments.length} disconnected parts of equal size (mixture?): ${f.fragments.map(x => x.smiles).join(', ')}`
      : `${f.fragments.length} fragments: besides the largest, ${named.join(', ')}`;
    emit(
      'MOL005',
      at.whole,
      message,
      !ctx.molblock && !tie
        ? [replace('largest-fragment', 'Keep the largest fragment', largest.smiles), ...canonicalFix]
        : canonicalFix,
    );
  }
  if (f.neutral !== undefined) {
    const changed = f.charged.filter(c => f.neutralized.includes(c.atom));
    emit(
      'MOL006',
      changed.length ? at.atom(changed[0].atom) : at.whole,
      `charged atoms a neutral form would remove: ${atomList(changed, c => `${c.symbol}${c.value > 0 ? '+' : '-'}${Math.abs(c.value) > 1 ? Math.abs(c.value) : ''} (atom ${c.atom + 1})`)}; neutral form ${f.neutral}`,
      ctx.molblock ? [] : [replace('neutralize', 'Neutralise charges', f.neutral), ...canonicalFix],
    );
  } else if (f.netCharge !== 0) {
    emit(
      'MOL007',
      f.charged.length ? at.atom(f.charged[0].atom) : at.whole,
      `net charge ${signed(f.netCharge)} that adding or removing hydrogens cannot remove (${atomList(f.charged, c => `${c.symbol}${signed(c.value)}`)})`,
    );
  }
  if (f.isotopes.length) {
    emit(
      'MOL008',
      at.atom(f.isotopes[0].atom),
      `isotope labels: ${atomList(f.isotopes, n => `${n.value}${n.symbol} (atom ${n.atom + 1})`)}`,
      canonicalFix,
    );
  }
  if (f.radicals.length) {
    emit(
      'MOL009',
      at.atom(f.radicals[0].atom),
      `radical electrons on ${atomList(f.radicals, n => `${n.symbol} (atom ${n.atom + 1}, ${plural(n.value, 'electron')})`)}`,
    );
  }
  if (f.wildcards.length) {
    emit(
      'MOL010',
      at.atom(f.wildcards[0]),
      `${plural(f.wildcards.length, 'wildcard atom')} (*): most featurizers reject or mis-encode them`,
    );
  }
  const allowed = new Set(ctx.config.elements.allowed);
  const unusual = Object.keys(f.elements).filter(s => !allowed.has(s));
  const boron = f.elements.B ?? 0;
  if (unusual.length || boron > ctx.config.elements.maxBoron) {
    const parts = unusual.map(s => `${isMetal(s) ? 'metal' : 'element'} ${s}`);
    if (boron > ctx.config.elements.maxBoron)
      parts.push(`${boron} boron atoms (more than ${ctx.config.elements.maxBoron})`);
    emit('MOL011', at.whole, `unusual elements: ${parts.join(', ')}`);
  }
  if (f.undefinedCentres.length) {
    emit(
      'MOL012',
      at.atom(f.undefinedCentres[0]),
      `${plural(f.undefinedCentres.length, 'stereocentre')} without a configuration (atom${f.undefinedCentres.length > 1 ? 's' : ''} ${f.undefinedCentres
        .slice(0, 6)
        .map(i => i + 1)
        .join(', ')})`,
    );
  }
  if (f.undefinedBonds.length) {
    emit(
      'MOL013',
      at.atom(f.undefinedBonds[0][0]),
      `${plural(f.undefinedBonds.length, 'double bond')} without cis/trans configuration (atoms ${f.undefinedBonds
        .slice(0, 4)
        .map(([a, b]) => `${a + 1}=${b + 1}`)
        .join(', ')})`,
    );
  }
  const { min, max } = ctx.config.heavyAtoms;
  if (f.heavyAtoms < min || f.heavyAtoms > max) {
    const limit = f.heavyAtoms > MAX_HEAVY_ATOMS ? `; over ${MAX_HEAVY_ATOMS}, so the other checks were skipped` : '';
    emit('MOL014', at.whole, `${plural(f.heavyAtoms, 'heavy atom')} (expected ${min} to ${max})${limit}`);
  }
  if (f.kekule)
    emit('MOL015', at.whole, `written in Kekulé form; canonical aromatic SMILES ${f.canonical}`, canonicalFix);
  return out;
}
