// Checks across rows, streaming: duplicates (same canonical SMILES, optionally ignoring stereo, charges or salts),
// duplicates with disagreeing labels, salt forms of another row's parent, and one molecule in several splits of a
// split column. Memory per distinct molecule is one hashed key and a line number (plus label text when there are labels).
import type { Cell, DataRow, LabelColumn } from '../io/types';
import type { MolFacts, MolOk } from '../chem/analyze';
import { heavyAtomCount } from '../chem/smiles-tokens';
import { severityOf, type LintConfig } from './config';
import { hash53 } from './hash';
import type { LintDiagnostic, Range } from './rules';

const NONE: LintDiagnostic[] = [];

interface Seen {
  line: number;
  split?: string;
  labels?: string[];
}

/** The duplicate key of a molecule under the configured equivalences. */
export function duplicateKey(f: MolOk, config: LintConfig): string | undefined {
  if (!f.canonical) return undefined;
  const { ignoreStereo, ignoreCharges, ignoreSalts } = config.duplicates;
  let key = ignoreStereo && f.noStereo ? f.noStereo : f.canonical;
  if (ignoreCharges && f.neutral) key = ignoreStereo ? f.neutral.replace(/[@/\\]/g, '') : f.neutral;
  if (ignoreSalts && key.includes('.')) {
    key = key.split('.').reduce((best, s) => (heavyAtomCount(s) > heavyAtomCount(best) ? s : best));
  }
  return key;
}

function sameLabel(a: string, b: string, kind: LabelColumn['kind']): boolean {
  if (a.trim() === b.trim()) return true;
  if (kind === 'numeric' || kind === 'class') {
    const x = Number(a),
      y = Number(b);
    if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x === y;
  }
  return false;
}

/** Hashed duplicate keys per (cached, immutable) facts object and duplicate options: re-lints reuse them. */
const keyHashes = new WeakMap<MolOk, { options: string; hash: number; parent?: number }>();

function hashes(f: MolOk, config: LintConfig): { hash: number; parent?: number } | undefined {
  const options = `${+config.duplicates.ignoreStereo}${+config.duplicates.ignoreCharges}${+config.duplicates.ignoreSalts}`;
  const memo = keyHashes.get(f);
  if (memo && memo.options === options) return memo;
  const key = duplicateKey(f, config);
  if (!key) return undefined;
  const salt = f.fragments.length >= 2 && f.fragments[0].heavyAtoms !== f.fragments[1].heavyAtoms;
  const value = { options, hash: hash53(key), parent: salt ? hash53(f.fragments[0].smiles) : undefined };
  keyHashes.set(f, value);
  return value;
}

/**
 * The keys that tie a row to others: its duplicate key and, for a salt, its parent's. Cross-row findings of a row
 * depend only on rows sharing one of these keys, transitively (what an incremental re-lint recomputes).
 */
export function groupKeys(facts: MolFacts, config: LintConfig): number[] {
  if (!facts.ok || !facts.canonical) return [];
  const h = hashes(facts, config);
  if (!h) return [];
  return h.parent === undefined ? [h.hash] : [h.hash, h.parent];
}

export class CrossRowChecker {
  /** First row per key: a bare line number when there is nothing else to remember (compact for large files). */
  private readonly first = new Map<number, Seen | number>();
  private readonly saltParents = new Map<number, { line: number; canonical: string }>();
  private readonly pendingSalts = new Map<number, Array<{ row: number; range: Range; line: number }>>();
  private readonly out: LintDiagnostic[] = [];

  constructor(
    private readonly config: LintConfig,
    private readonly labels: LabelColumn[],
    private readonly names: string[],
    private readonly splitColumn: number,
  ) {}

  private emit(code: string, d: Omit<LintDiagnostic, 'code' | 'severity'>): void {
    const severity = severityOf(this.config, code);
    if (severity !== 'off') this.out.push({ code, severity, ...d });
  }

  add(row: DataRow, cell: Cell, facts: MolFacts): void {
    if (!facts.ok || !facts.canonical) return;
    const hashed = hashes(facts, this.config);
    if (!hashed) return;
    const h = hashed.hash;
    const range: Range = { line: cell.line, column: cell.column, endLine: cell.endLine, endColumn: cell.endColumn };
    const split = this.splitColumn >= 0 ? row.cells[this.splitColumn]?.text.trim() : undefined;
    const labels = this.labels.length ? this.labels.map(l => row.cells[l.index]?.text ?? '') : undefined;
    const stored = this.first.get(h);
    const seen: Seen | undefined = typeof stored === 'number' ? { line: stored } : stored;
    if (seen) {
      const at = `line ${seen.line + 1}`;
      if (split !== undefined && seen.split !== undefined && split.toLowerCase() !== seen.split.toLowerCase()) {
        this.emit('MOL301', {
          ...range,
          row: row.index,
          message: `the same molecule is in split '${seen.split}' at ${at} and in '${split}' here (train/test leakage)`,
        });
      }
      const differs =
        labels && seen.labels
          ? this.labels
              .map((l, i) => ({ l, here: labels[i], there: seen.labels![i] }))
              .filter(x => !sameLabel(x.here, x.there, x.l.kind))
          : [];
      if (differs.length) {
        const what = differs
          .slice(0, 3)
          .map(
            x =>
              `${this.names[x.l.index]} ${JSON.stringify(x.there.trim())} there, ${JSON.stringify(x.here.trim())} here`,
          )
          .join('; ');
        this.emit('MOL102', {
          ...range,
          row: row.index,
          message: `same molecule as ${at} with different labels: ${what}`,
        });
      } else {
        this.emit('MOL101', {
          ...range,
          row: row.index,
          message: `same molecule as ${at}`,
          fixes: [
            {
              kind: 'delete-row',
              title: 'Delete this duplicate row (keep the first)',
              range: { line: row.line, column: 0, endLine: row.lastLine + 1, endColumn: 0 },
              replacement: '',
            },
          ],
        });
      }
    } else {
      this.first.set(h, split === undefined && labels === undefined ? row.line : { line: row.line, split, labels });
    }
    this.checkSalt(row, range, facts, h, hashed.parent);
  }

  private checkSalt(row: DataRow, range: Range, f: MolOk, ownKey: number, parent: number | undefined): void {
    // A plain molecule that is the parent of earlier salt rows.
    const waiting = this.pendingSalts.get(ownKey);
    if (waiting && !f.fragments.length) {
      for (const s of waiting)
        this.emit('MOL103', { ...s.range, row: s.row, message: `salt form of the molecule on line ${row.line + 1}` });
      this.pendingSalts.delete(ownKey);
    }
    if (parent === undefined) return;
    const stored = this.first.get(parent);
    const plainLine = typeof stored === 'number' ? stored : stored?.line;
    if (plainLine !== undefined && plainLine !== row.line) {
      this.emit('MOL103', { ...range, row: row.index, message: `salt form of the molecule on line ${plainLine + 1}` });
      return;
    }
    const other = this.saltParents.get(parent);
    if (other && other.canonical !== f.canonical) {
      this.emit('MOL103', {
        ...range,
        row: row.index,
        message: `another salt form of the same parent as line ${other.line + 1}`,
      });
    } else if (!other) {
      this.saltParents.set(parent, { line: row.line, canonical: f.canonical! });
      const list = this.pendingSalts.get(parent) ?? [];
      list.push({ row: row.index, range, line: row.line });
      this.pendingSalts.set(parent, list);
    }
  }

  /** First line per molecule key (for leakage checks across files). */
  keys(): Map<number, number> {
    const out = new Map<number, number>();
    for (const [k, v] of this.first) out.set(k, typeof v === 'number' ? v : v.line);
    return out;
  }

  /** Findings so far. */
  take(): LintDiagnostic[] {
    return this.out.length ? this.out.splice(0) : NONE;
  }
}
