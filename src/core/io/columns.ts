// Which column holds molecules, which identifies rows, which are labels: from header names first, then contents.
import type { Columns, DataRow, FileFormat, LabelColumn, ReadOptions } from './types';
import { MOLBLOCK_COLUMN } from './sdf';
import { clip, clipList } from '../text';
import { CENSORED, NUMBER, isMissing } from '../../common/dataset';
import { identifierEvidence } from './column-roles';

export { CENSORED, NUMBER, isMissing };

const SMILES_NAMES =
  /^(smiles|canonical_smiles|isomeric_smiles|smiles_string|smi|mol|molecule|structure|canonical smiles|cano_smiles|rdkit_smiles|drug)$/i;
const ID_NAMES =
  /^(id|mol_id|molid|molregno|cid|name|compound|compound_id|compound_name|chembl_id|mol_chembl_id|zinc_id|inchikey|iupac|title|drug_name|.*[_ ]id)$/i;
const SPLIT_NAMES = /^(split|set|subset|fold|model|partition)$/i;
const SPLIT_VALUES = /^(train|training|valid|validation|val|dev|test|testing)$/i;
const RELATION_NAMES = /relation|qualifier|operator/i;
const RELATION_VALUES = /^(=|==|<|>|<=|>=|~|'='|'<'|'>')?$/;
/** Columns that describe the measurement rather than being one. */
const METADATA_NAMES =
  /unit|type|organism|description|assay|target|pref_name|tgt_|comment|source|reference|doi|journal|smiles|inchi|formula|date|confidence|score/i;
/** More candidate label columns than this means a descriptor table (BACE: 590); SIDER's 27 tasks stay labels. */
const MAX_LABELS = 32;

/** Characters of a SMILES and at least one atom symbol: cheap evidence, confirmed later by RDKit. */
const SMILES_LIKE = /^[A-Za-z0-9@+\-[\]()=#$%./\\:*~]+$/;
function smilesLike(text: string): boolean {
  if (!text.length || !SMILES_LIKE.test(text) || !/[BCNOPSFIcnops]/.test(text) || NUMBER.test(text)) return false;
  // A plain word is a SMILES only when it spells organic-subset atoms (CCO, c1ccccc1 has digits anyway).
  return !/^[A-Za-z]+$/.test(text) || /^(Cl|Br|[BCNOPSFIcnops])+$/.test(text);
}

function sampleValues(rows: DataRow[], col: number, n = 200): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const t = r.cells[col]?.text;
    if (t !== undefined && !isMissing(t)) out.push(t.trim());
    if (out.length >= n) break;
  }
  return out;
}

function resolve(names: string[], wanted: string | number | undefined): number | undefined {
  if (wanted === undefined || wanted === '') return undefined;
  if (typeof wanted === 'number') return wanted >= 0 && wanted < names.length ? wanted : -1;
  const exact = names.indexOf(wanted);
  if (exact >= 0) return exact;
  const ci = names.findIndex(n => n.toLowerCase() === wanted.toLowerCase());
  if (ci >= 0) return ci;
  return /^\d+$/.test(wanted) && Number(wanted) < names.length ? Number(wanted) : -1;
}

export class UnknownColumnError extends Error {}

/**
 * Detects the roles of the columns from the header and a sample of rows. `options` override detection; an override
 * naming a column that does not exist throws UnknownColumnError.
 */
export function detectColumns(
  format: FileFormat,
  names: string[],
  sample: DataRow[],
  options: ReadOptions = {},
): Columns {
  const width = Math.max(names.length, ...sample.map(r => r.cells.length));
  const allNames = Array.from(
    { length: width },
    (_, i) => names[i] ?? (format === 'smi' ? (['smiles', 'name'][i] ?? `column ${i + 1}`) : `column ${i + 1}`),
  );
  const columns: Columns = { names: allNames, molecule: -1, id: -1, identifiers: [], labels: [], split: -1 };

  const wanted = resolve(allNames, options.smilesColumn);
  if (wanted !== undefined) {
    if (wanted < 0)
      throw new UnknownColumnError(
        `no column '${clip(String(options.smilesColumn))}' (columns: ${clipList(allNames)})`,
      );
    columns.molecule = wanted;
  } else if (format === 'sdf') columns.molecule = allNames.indexOf(MOLBLOCK_COLUMN);
  else if (format === 'smi') columns.molecule = 0;
  else {
    columns.molecule = allNames.findIndex(n => SMILES_NAMES.test(n.trim()));
    if (columns.molecule < 0) columns.molecule = allNames.findIndex(n => /smiles/i.test(n));
    if (columns.molecule < 0) {
      // By contents: the column whose sampled values look most like SMILES.
      let best = -1,
        bestScore = 0.8;
      for (let c = 0; c < width; c++) {
        const values = sampleValues(sample, c, 50);
        if (!values.length) continue;
        const score = values.filter(smilesLike).length / values.length;
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
      columns.molecule = best;
    }
  }

  // Identifiers (catalogue numbers, CAS numbers, keys, names) are never labels; the user's choices come first.
  const userIdentifiers = new Set<number>();
  for (const name of [
    ...(options.idColumn !== undefined ? [options.idColumn] : []),
    ...(options.identifierColumns ?? []),
  ]) {
    const i = resolve(allNames, name);
    if (i === undefined || i < 0) throw new UnknownColumnError(`no column '${clip(name)}'`);
    userIdentifiers.add(i);
  }
  const forcedLabels = new Set((options.labelColumns ?? []).map(name => resolve(allNames, name)));
  for (let c = 0; c < width; c++) {
    if (c === columns.molecule || forcedLabels.has(c)) continue;
    if (userIdentifiers.has(c) || (format !== 'smi' && identifierEvidence(allNames[c], sampleValues(sample, c))))
      columns.identifiers.push(c);
  }
  if (options.idColumn !== undefined) columns.id = resolve(allNames, options.idColumn)!;
  else if (format === 'smi') columns.id = width > 1 ? 1 : -1;
  else {
    columns.id = allNames.findIndex((n, i) => i !== columns.molecule && ID_NAMES.test(n.trim()));
    if (columns.id < 0) columns.id = columns.identifiers[0] ?? -1;
  }
  if (columns.id >= 0 && !columns.identifiers.includes(columns.id)) {
    columns.identifiers.push(columns.id);
    columns.identifiers.sort((a, b) => a - b);
  }

  columns.split = allNames.findIndex(
    (n, i) =>
      i !== columns.molecule &&
      SPLIT_NAMES.test(n.trim()) &&
      sampleValues(sample, i).every(v => SPLIT_VALUES.test(v)) &&
      sampleValues(sample, i).length > 0,
  );

  if (options.labelColumns) {
    for (const name of options.labelColumns) {
      const i = resolve(allNames, name);
      if (i === undefined || i < 0) throw new UnknownColumnError(`no column '${clip(name)}'`);
      columns.labels.push(labelColumn(i, sampleValues(sample, i), true));
    }
  } else if (format !== 'smi') {
    for (let c = 0; c < width; c++) {
      if (c === columns.molecule || columns.identifiers.includes(c) || c === columns.split) continue;
      if (METADATA_NAMES.test(allNames[c]) || RELATION_NAMES.test(allNames[c])) continue;
      const values = sampleValues(sample, c);
      const label = labelColumn(c, values, false);
      if (label) columns.labels.push(label);
    }
    if (columns.labels.length > MAX_LABELS) columns.labels = columns.labels.slice(0, 3);
  }
  // A relation column pairs with the value column right after it, or the only numeric one.
  const relation = allNames.findIndex(n => RELATION_NAMES.test(n));
  if (relation >= 0 && sampleValues(sample, relation).every(v => RELATION_VALUES.test(v))) {
    const numeric = columns.labels.filter(l => l.kind === 'numeric');
    const target = numeric.find(l => l.index === relation + 1) ?? (numeric.length === 1 ? numeric[0] : undefined);
    if (target) target.relation = relation;
  }
  return columns;
}

function labelColumn(index: number, values: string[], forced: boolean): LabelColumn | undefined;
function labelColumn(index: number, values: string[], forced: true): LabelColumn;
function labelColumn(index: number, values: string[], forced: boolean): LabelColumn | undefined {
  const numeric = values.filter(v => NUMBER.test(v) || CENSORED.test(v)).length;
  if (values.length && numeric / values.length >= 0.9) {
    // Two integer values (0/1, 1/2) make a classification target; anything else is a regression target.
    const distinct = new Set(values.filter(v => NUMBER.test(v)).map(Number));
    const binary = numeric === values.length && distinct.size <= 2 && [...distinct].every(Number.isInteger);
    return { index, kind: binary ? 'class' : 'numeric' };
  }
  const distinct = new Set(values);
  if (
    forced ||
    (distinct.size >= 1 && distinct.size <= 10 && values.length >= 2 * distinct.size && !values.some(smilesLike))
  ) {
    return { index, kind: numeric === values.length && values.length > 0 ? 'numeric' : 'class' };
  }
  return undefined;
}
