// Identifier columns (catalogue and registry numbers, CAS numbers, integer keys, names) told apart from labels.
// A vendor's catalogue column that mixes 317714313 with EN300-97039 is mostly numbers, but linting it as a numeric
// label, training on it or filtering on it by default is always wrong: the linter, the training label picker and the
// grid all ask this module before treating a column as a label.
import { NUMBER, isMissing } from '../../common/dataset';

/** Words in a header that name an identifier: `Compound ID`, `CID`, `Vendor ID`, `Catalog No`, `Reg No`, `name`. */
const ID_WORDS = new Set([
  'id',
  'ids',
  'cid',
  'sid',
  'cas',
  'casrn',
  'vendor',
  'supplier',
  'catalog',
  'catalogue',
  'catalogno',
  'cat',
  'reg',
  'regno',
  'registry',
  'molregno',
  'name',
  'names',
  'iupac',
  'inchikey',
  'chemblid',
  'zinc',
  'code',
  'accession',
  'lot',
  'batch',
  'barcode',
  'plate',
  'well',
  'collection',
  'library',
]);
/** Words that are identifiers only together with another word (`Compound ID`) or on their own (`Compound`). */
const WEAK_ID_WORDS = new Set([
  'compound',
  'cmpd',
  'molecule',
  'substance',
  'number',
  'no',
  'nr',
  'num',
  'index',
  'idx',
  'key',
]);

/** `CHEMBLID`, `molid`: an identifier word glued to `id` (not `acid`, `lipid`). */
const GLUED_ID = /^(chembl|pubchem|zinc|mol|cmpd|compound|drug|vendor|cat|reg|sample|substance|supplier|internal)id$/;

/** `Compound ID` → compound, id; `CollectionName` → collection, name; `mol_chembl_id` → mol, chembl, id. */
export function headerWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .flatMap(w => (GLUED_ID.test(w) ? [w, 'id'] : [w]));
}

/** Why the header names an identifier, or undefined. */
export function identifierHeader(name: string): string | undefined {
  const words = headerWords(name);
  if (!words.length) return undefined;
  const glued = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (ID_WORDS.has(glued)) return `its header names an identifier (${glued})`;
  const strong = words.find(w => ID_WORDS.has(w));
  if (strong) return `its header names an identifier (${strong})`;
  if (words.every(w => WEAK_ID_WORDS.has(w))) return `its header names an identifier (${words.join(' ')})`;
  return undefined;
}

/** A CAS Registry Number with a valid check digit (50-00-0, 7732-18-5). */
export function isCasNumber(text: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(text.trim());
  if (!m) return false;
  const digits = (m[1] + m[2]).split('').reverse();
  const sum = digits.reduce((s, d, i) => s + Number(d) * (i + 1), 0);
  return sum % 10 === Number(m[3]);
}

/** A catalogue or registry code: letters then digits, maybe joined by - or _ (EN300-97039, MCULE-3611790330, CHEMBL25, BACE_1, TOX3021). */
const CODE = /^[A-Za-z][A-Za-z.]{0,9}[-_:. ]?\d{1,}([-_.]\d+)*[A-Za-z]?$/;
const INTEGER = /^\s*[-+]?\d+\s*$/;

/** 1, 2, 3, ... (BBBP's `num`, a saved pandas index; a few gaps where rows were dropped). */
export function isRowCounter(values: string[]): boolean {
  if (values.length < 5 || !values.every(v => /^\d+$/.test(v))) return false;
  const numbers = values.map(Number);
  let unitSteps = 0;
  for (let i = 1; i < numbers.length; i++) {
    if (numbers[i] <= numbers[i - 1]) return false;
    if (numbers[i] === numbers[i - 1] + 1) unitSteps++;
  }
  return unitSteps >= 0.9 * (numbers.length - 1);
}

/**
 * Why the values (a column's present cells, trimmed) are identifiers rather than measurements, or undefined.
 * Measurements repeat, carry decimals and stay within a few orders of magnitude; identifiers are unique codes or
 * integers that name a record.
 */
export function identifierValues(values: string[]): string | undefined {
  const n = values.length;
  if (n < 5) return undefined;
  if (isRowCounter(values)) return 'its values count the rows (1, 2, 3, ...)';
  const cas = values.filter(isCasNumber).length;
  if (cas >= 0.5 * n) return `its values are CAS numbers (${values.find(isCasNumber)})`;
  const codes = values.filter(v => CODE.test(v) && !NUMBER.test(v));
  const integers = values.filter(v => INTEGER.test(v));
  const distinct = new Set(values).size / n;
  // Catalogue numbers: codes alone, or codes among plain integers (317714313 beside EN300-97039).
  if (codes.length && codes.length + integers.length >= 0.9 * n && distinct >= 0.9)
    return `its values are catalogue or registry numbers (${codes[0]})`;
  if (integers.length >= 0.95 * n && distinct >= 0.95 && n >= 20) {
    const magnitudes = integers.map(v => Math.abs(Number(v))).sort((a, b) => a - b);
    const median = magnitudes[magnitudes.length >> 1];
    const span = magnitudes[magnitudes.length - 1] - magnitudes[0] + 1;
    // Unique integers of five digits and more, or a shuffled dense range (0..n-1): keys, not counts or potencies.
    if (median >= 10000) return `its values are unique integers such as ${integers[0]} (record numbers)`;
    if (span <= 1.5 * n) return `its values are unique integers from ${magnitudes[0]} (a key)`;
  }
  if (/^0\d/.test(values[0]) && values.filter(v => /^0\d+$/.test(v)).length >= 0.5 * n)
    return `its values are numbers with leading zeros (${values[0]})`;
  const numbers = values.filter(v => NUMBER.test(v)).length;
  // Names and other text that is (almost) unique per row: no classes, no numbers.
  if (numbers < 0.5 * n && distinct >= 0.9 && n >= 10) return `its values are unique text (${values[0]})`;
  return undefined;
}

/** Why a column is an identifier (from its header, then its values), or undefined. */
export function identifierEvidence(name: string, values: string[]): string | undefined {
  return identifierHeader(name) ?? identifierValues(values.filter(v => !isMissing(v)).map(v => v.trim()));
}
