// The rule catalogue: stable codes, default severities, one-line summaries. docs/rules/<code>.md explains each.
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleSetting = Severity | 'off';

export type FixKind = 'canonical' | 'largest-fragment' | 'neutralize' | 'delete-row';

export interface Rule {
  code: string;
  name: string;
  severity: RuleSetting;
  summary: string;
  fix?: FixKind;
}

export const RULES: Rule[] = [
  { code: 'MOL001', name: 'unparsable-smiles', severity: 'error', summary: 'RDKit cannot parse the molecule' },
  {
    code: 'MOL002',
    name: 'empty-molecule',
    severity: 'error',
    summary: 'the molecule cell is empty or the record has no atoms',
  },
  { code: 'MOL003', name: 'valence', severity: 'error', summary: 'an atom has more bonds than its valence allows' },
  { code: 'MOL004', name: 'aromaticity', severity: 'error', summary: 'the aromatic system cannot be kekulized' },
  {
    code: 'MOL005',
    name: 'multiple-fragments',
    severity: 'warning',
    summary: 'the molecule has several disconnected parts (salt, solvate or mixture)',
    fix: 'largest-fragment',
  },
  {
    code: 'MOL006',
    name: 'removable-charge',
    severity: 'warning',
    summary: 'charged atoms that a neutral form would remove',
    fix: 'neutralize',
  },
  {
    code: 'MOL007',
    name: 'net-charge',
    severity: 'info',
    summary: 'the molecule keeps a net charge after neutralisation',
  },
  { code: 'MOL008', name: 'isotope', severity: 'warning', summary: 'the molecule has isotope labels' },
  { code: 'MOL009', name: 'radical', severity: 'warning', summary: 'the molecule has radical electrons' },
  { code: 'MOL010', name: 'wildcard-atom', severity: 'error', summary: 'the molecule has wildcard or query atoms (*)' },
  {
    code: 'MOL011',
    name: 'unusual-element',
    severity: 'warning',
    summary: 'metals or elements outside the allowed set, or too many boron atoms',
  },
  {
    code: 'MOL012',
    name: 'undefined-stereocentre',
    severity: 'info',
    summary: 'a stereocentre whose configuration is not given',
  },
  {
    code: 'MOL013',
    name: 'undefined-double-bond',
    severity: 'info',
    summary: 'a double bond whose cis/trans configuration is not given',
  },
  { code: 'MOL014', name: 'size-outlier', severity: 'warning', summary: 'too few or too many heavy atoms' },
  {
    code: 'MOL015',
    name: 'kekule-form',
    severity: 'hint',
    summary: 'written in Kekulé form; the canonical SMILES is aromatic',
    fix: 'canonical',
  },
  {
    code: 'MOL016',
    name: 'unsafe-smiles-text',
    severity: 'error',
    summary:
      'a non-ASCII character (look-alike letter, invisible control, odd space) or a space inside the SMILES, which RDKit would read as another molecule',
  },
  {
    code: 'MOL101',
    name: 'duplicate-molecule',
    severity: 'warning',
    summary: 'the same molecule as an earlier row',
    fix: 'delete-row',
  },
  {
    code: 'MOL102',
    name: 'conflicting-duplicate',
    severity: 'error',
    summary: 'the same molecule as an earlier row, with different labels',
  },
  {
    code: 'MOL103',
    name: 'salt-form',
    severity: 'warning',
    summary: 'a salt form of a molecule that another row holds as its parent',
  },
  { code: 'MOL201', name: 'missing-label', severity: 'info', summary: 'a label cell is empty' },
  {
    code: 'MOL202',
    name: 'non-numeric-label',
    severity: 'error',
    summary: 'a value in a numeric label column is not a number',
  },
  {
    code: 'MOL203',
    name: 'censored-value',
    severity: 'warning',
    summary: 'a censored value (>10, <0.1, or a relation other than =)',
  },
  { code: 'MOL204', name: 'label-outlier', severity: 'info', summary: 'a value far from the rest of its column' },
  { code: 'MOL205', name: 'constant-column', severity: 'warning', summary: 'a label column with a single value' },
  { code: 'MOL206', name: 'single-class', severity: 'warning', summary: 'a classification column with only one class' },
  {
    code: 'MOL301',
    name: 'split-leakage',
    severity: 'error',
    summary: 'a molecule in more than one of the train/valid/test splits',
  },
  {
    code: 'MOL900',
    name: 'unreadable-file',
    severity: 'error',
    summary: 'the file cannot be read as a table of molecules',
  },
];

export const RULE_BY_CODE = new Map(RULES.map(r => [r.code, r]));

/** Where the rule's page lives in the repository (SARIF helpUri, editor diagnostic links). */
export const DOCS_BASE = 'https://github.com/molml/molml/blob/main/docs/rules/';
export function docsUrl(code: string): string {
  return `${DOCS_BASE}${code}.md`;
}

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Fix {
  kind: FixKind;
  title: string;
  range: Range;
  replacement: string;
}

export interface LintDiagnostic extends Range {
  code: string;
  severity: Severity;
  message: string;
  /** 0-based data row (SDF: record) the finding belongs to; absent for file-level findings. */
  row?: number;
  /** Quick fixes, the preferred one first. */
  fixes?: Fix[];
  /** For label findings (MOL2xx): the label column they are about. */
  labelColumn?: string;
}
