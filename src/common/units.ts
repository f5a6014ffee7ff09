// Units of a measured quantity, read from a column header ("LOG SOLUBILITY PH 6.8 (ug/mL)", "logS", "pIC50",
// "IC50 (nM)", "measured log solubility in mols per litre") or from a model task's `units` ("log10(mol/L)",
// "kcal/mol", "logD at pH 7.4"). Two columns can be compared value by value only when their units agree.

export interface Units {
  /** 'log10' for log-scaled values, 'neglog10' for p-values (pIC50 = -log10 of a molar concentration). */
  scale: 'linear' | 'log10' | 'neglog10';
  /** Canonical unit (`mol/L`, `µg/mL`, `nmol/L`, `kcal/mol`, ...), '' for a dimensionless quantity (logD, a
   *  probability), or undefined when the text names the scale but not the unit (`logS`). */
  unit?: string;
}

/** Unit spellings to their canonical form; concentrations per litre and per millilitre kept apart on purpose. */
const UNIT_WORDS: Array<[RegExp, string]> = [
  [/^(mol\/l|mol\/dm3|mols? per lit(re|er)|moles? per lit(re|er)|m|molar)$/, 'mol/L'],
  [/^(mmol\/l|mm|millimolar)$/, 'mmol/L'],
  [/^(µmol\/l|umol\/l|μmol\/l|µm|um|μm|micromolar)$/, 'µmol/L'],
  [/^(nmol\/l|nm|nanomolar)$/, 'nmol/L'],
  [/^(pmol\/l|pm|picomolar)$/, 'pmol/L'],
  [/^(µg\/ml|ug\/ml|μg\/ml|mg\/l|micrograms? per millilit(re|er))$/, 'µg/mL'],
  [/^(mg\/ml|g\/l)$/, 'mg/mL'],
  [/^(ng\/ml|µg\/l|ug\/l)$/, 'ng/mL'],
  [/^kcal\/mol$/, 'kcal/mol'],
  [/^kj\/mol$/, 'kJ/mol'],
  [/^(ml\/min\/kg)$/, 'mL/min/kg'],
  [/^(µl\/min\/mg|ul\/min\/mg)$/, 'µL/min/mg'],
  [/^(%|percent|% unbound|% bound)$/, '%'],
  [/^(probability|fraction|ratio|unitless|dimensionless|-)$/, ''],
];

function canonicalUnit(text: string): string | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ');
  return UNIT_WORDS.find(([re]) => re.test(t))?.[1];
}

/** The units a header or a task's `units` text states, or undefined when it states none. */
export function parseUnits(text: string | undefined): Units | undefined {
  if (!text?.trim()) return undefined;
  const t = text.trim();
  // p-values of potency: pIC50, pKi, pEC50, pXC50, pKd (−log10 of a molar concentration).
  if (/(^|[^a-z])p(ic50|ec50|xc50|ki|kd|ac50|ic90)\b/i.test(t)) return { scale: 'neglog10', unit: 'mol/L' };
  // log10(unit), log(unit), LOG ... (unit)
  const inner = /\blog(?:10)?\s*\(([^()]+)\)/i.exec(t);
  if (inner) {
    const unit = canonicalUnit(inner[1]);
    if (unit !== undefined) return { scale: 'log10', unit };
  }
  const log = /(^|[^a-z])(log(10)?|lg)(?!istic)/i.test(t);
  // The last parenthesised or bracketed group that names a unit, or "in <unit>" / "<unit>" at the end.
  const groups = [...t.matchAll(/[([]([^()[\]]+)[)\]]/g)].map(m => m[1]).reverse();
  let unit = groups.map(canonicalUnit).find(u => u !== undefined);
  if (unit === undefined) {
    const tail = /(?:\bin|,)\s+(.+)$/i.exec(t)?.[1] ?? t;
    unit = canonicalUnit(tail) ?? canonicalUnit(t.split(/\s+/).slice(-3).join(' '));
  }
  if (unit === undefined && /\bmols? per lit(re|er)\b/i.test(t)) unit = 'mol/L';
  if (/\blog\s?[dp]\b|\blog[dp]\d*|\bclogp\b/i.test(t)) return { scale: 'log10', unit: '' };
  if (unit !== undefined) return { scale: log ? 'log10' : 'linear', unit };
  if (log) return { scale: 'log10' };
  return undefined;
}

/** How units read back as text: log10(µg/mL), nmol/L, pIC50-like −log10(mol/L). */
export function formatUnits(u: Units): string {
  const unit = u.unit === undefined ? 'unstated units' : u.unit === '' ? 'no unit' : u.unit;
  return u.scale === 'log10' ? `log10(${unit})` : u.scale === 'neglog10' ? `−log10(${unit})` : unit;
}

/** Whether values in `a` and `b` are on the same scale and in the same unit (both stated). */
export function unitsAgree(a: Units | undefined, b: Units | undefined): boolean {
  return !!a && !!b && a.unit !== undefined && b.unit !== undefined && a.scale === b.scale && a.unit === b.unit;
}
