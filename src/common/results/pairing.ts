// Which file column holds the measured values of a predicted task, and whether comparing them makes sense. A name
// match alone is not enough for a regression task: a vendor's `logS` in log10(µg/mL) is not ESOL's logS in
// log10(mol/L), and plotting one against the other gives R² = −169 without a word. Pure: no editor, no file system.
import { formatUnits, parseUnits, unitsAgree, type Units } from '../units';
import { r2 } from '../learn/metrics';

export interface PairingTask {
  /** The task's name (ESOL_logS, or a trained head's label). */
  name: string;
  type: 'regression' | 'classification';
  /** The task's units as the manifest states them (`log10(mol/L)`). */
  units?: string;
  /** Other names the file's column may have: the dataset column the task was trained on, a head's label. */
  aliases?: string[];
}

export interface Pairing {
  /** The file column compared with the task, or -1. */
  column: number;
  /** Why it was paired or, when `column` is -1 and a column was considered, why not (shown to the user). */
  note?: string;
}

/**
 * The file column holding measured values for `task`, or -1. Candidates: the column the user named (`declared`), a
 * column named as the task or one of its aliases (case-insensitive), then one named as the task without its dataset
 * prefix (`logS` for ESOL_logS), units in brackets aside (`logS (log10(mol/L))`). A regression task is paired with a candidate only when the user named it, when both
 * state units and they agree, or when the candidate carries the task's own name or alias exactly and states no
 * conflicting units; otherwise the note says why not.
 */
export function pairMeasuredColumn(
  columns: readonly string[] | undefined,
  task: PairingTask,
  declared?: string,
): Pairing {
  if (!columns) return { column: -1 };
  const lower = columns.map(nameKey);
  if (declared) {
    const i = columns.findIndex(c => c.trim().toLowerCase() === declared.trim().toLowerCase());
    return i >= 0
      ? { column: i, note: `${columns[i]} compared with ${task.name} as set in molml.predict.measuredColumns.` }
      : { column: -1, note: `molml.predict.measuredColumns names "${declared}" for ${task.name}: no such column.` };
  }
  const exactNames = [task.name, ...(task.aliases ?? [])].map(n => n.toLowerCase());
  const exact = lower.findIndex(c => exactNames.includes(c));
  const prefixed = task.name.indexOf('_');
  const unprefixed = prefixed > 0 ? task.name.slice(prefixed + 1).toLowerCase() : undefined;
  const column = exact >= 0 ? exact : unprefixed ? lower.indexOf(unprefixed) : -1;
  if (column < 0) return { column: -1 };
  if (task.type === 'classification') return { column };
  const mine = parseUnits(columns[column]);
  const theirs = parseUnits(task.units);
  if (unitsAgree(mine, theirs)) return { column };
  const how = `set molml.predict.measuredColumns {"${task.name}": "${columns[column]}"} to compare them anyway`;
  if (conflict(mine, theirs))
    return {
      column: -1,
      note: `${columns[column]} is in ${formatUnits(mine!)} and ${task.name} in ${formatUnits(theirs!)}: not compared (${how}).`,
    };
  if (exact >= 0) return { column };
  return {
    column: -1,
    note: `${columns[column]} was not compared with ${task.name}${theirs ? ` (${formatUnits(theirs)})` : ''}: the column's header states no units. Name them in the header, e.g. "${columns[column]} (${theirs ? formatUnits(theirs) : 'log10(mol/L)'})", or ${how}.`,
  };
}

/** A header's name without its units: `logS (log10(mol/L))` → `logs`. */
function nameKey(header: string): string {
  let t = header;
  for (let prev = ''; prev !== t;) {
    prev = t;
    t = t.replace(/\s*[([][^()[\]]*[)\]]/g, '');
  }
  return t.trim().toLowerCase();
}

/** Both state something, and what they state differs (scale, or units where both give one). */
function conflict(a: Units | undefined, b: Units | undefined): boolean {
  if (!a || !b) return false;
  return a.scale !== b.scale || (a.unit !== undefined && b.unit !== undefined && a.unit !== b.unit);
}

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const rx = ranks(x),
    ry = ranks(y);
  const n = rx.length;
  const mean = (n + 1) / 2;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : NaN;
}

function ranks(v: ArrayLike<number>): number[] {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const out = new Array<number>(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/**
 * A note when predictions track the measured values' order but not their values: R² below zero while the rank
 * correlation is at least 0.5 means the two columns are on different scales (units, log base, offset).
 */
export function scaleMismatchNote(
  measured: ReadonlyArray<number | null>,
  predicted: ReadonlyArray<number | null | undefined>,
  names: { measured: string; task: string; units?: string },
): string | undefined {
  const y: number[] = [],
    p: number[] = [];
  measured.forEach((m, i) => {
    const q = predicted[i];
    if (m !== null && Number.isFinite(m) && q !== null && q !== undefined && Number.isFinite(q)) {
      y.push(m);
      p.push(q);
    }
  });
  if (y.length < 5) return undefined;
  const fit = r2(y, p);
  const rho = spearman(y, p);
  if (!(fit < 0) || !(rho >= 0.5)) return undefined;
  return `${names.task} against ${names.measured}: R² = ${fit.toFixed(2)} while the rank correlation is ${rho.toFixed(2)}: the predictions follow the measured order but the scales differ. Check the units of ${names.measured}${names.units ? ` against ${names.units}` : ''}.`;
}
