// Lint settings: the same schema in VS Code settings (molml.lint.*), in molml.lint.json / .molmlrc, and for
// `molml lint --rules FILE`, defined once (lintConfigInput; docs/molml-lint.schema.json is generated from it by
// scripts/lint-schema.mjs). Unknown rule codes and bad values are reported, never silently ignored.
import * as z from 'zod';
import { RULES, RULE_BY_CODE, type RuleSetting } from './rules';
import { issueLine } from '../schema-issues';
import { ORGANIC_ELEMENTS } from '../chem/elements';

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const satisfies readonly RuleSetting[];
const positive = z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' });
const severities = z.record(z.string(), z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }));
const fileColumns = z.strictObject({
  smilesColumn: z.string().optional(),
  labelColumns: z.array(z.string()).optional(),
  idColumn: z.string().optional(),
  /** Columns that identify rows (catalogue numbers, names): never labels. */
  identifierColumns: z.array(z.string()).optional().describe('Columns that identify rows and are never labels'),
  /** Severities for this file only, over the global ones. */
  rules: severities.optional().describe('Severity per rule code or name for this file only'),
});

/** A complete configuration; files, settings and `--rules` give any part of it (`lintConfigInput`). */
const lintConfig = z.strictObject({
  rules: severities.describe('Severity per rule code (MOL001...) or rule name'),
  smilesColumn: z.string().optional().describe('Column holding the molecules, for every file'),
  files: z.record(z.string(), fileColumns).describe('Per-file column choices keyed by file name or path ending'),
  duplicates: z.strictObject({ ignoreStereo: z.boolean(), ignoreCharges: z.boolean(), ignoreSalts: z.boolean() }),
  elements: z.strictObject({ allowed: z.array(z.string()), maxBoron: z.number().min(0) }),
  heavyAtoms: z.strictObject({ min: z.number(), max: z.number() }),
  /** A value is an outlier when its skew-adjusted robust z-score (./outliers.ts, on log10 for wide positive ranges) is above this. */
  outlierZ: positive,
  /** Files larger than this are linted on demand only in the editor. */
  maxFileSizeMB: positive,
});

/** What molml.lint.json, .molmlrc, the molml.lint.* settings and `--rules` may hold: any part of a configuration. */
export const lintConfigInput = z
  .strictObject({
    $schema: z.string().optional(),
    ...lintConfig.shape,
    files: lintConfig.shape.files.optional(),
    rules: lintConfig.shape.rules.optional(),
    duplicates: lintConfig.shape.duplicates.partial().optional(),
    elements: lintConfig.shape.elements.partial().optional(),
    heavyAtoms: lintConfig.shape.heavyAtoms.partial().optional(),
    outlierZ: positive.optional(),
    maxFileSizeMB: positive.optional(),
  })
  .meta({ title: 'MolML lint configuration (molml.lint.json, .molmlrc)' });

export type FileColumns = z.infer<typeof fileColumns>;
export type LintConfig = z.infer<typeof lintConfig>;

export const DEFAULT_CONFIG: LintConfig = {
  rules: {},
  files: {},
  duplicates: { ignoreStereo: false, ignoreCharges: false, ignoreSalts: false },
  elements: { allowed: ORGANIC_ELEMENTS, maxBoron: 2 },
  heavyAtoms: { min: 2, max: 150 },
  outlierZ: 6,
  maxFileSizeMB: 20,
};

export class ConfigError extends Error {}

const NAME_TO_CODE = new Map(RULES.map(r => [r.name, r.code]));

/** Merges a partial configuration (parsed JSON from any source) over `base`, validating it. */
export function mergeConfig(base: LintConfig, input: unknown, source = 'configuration'): LintConfig {
  if (input === undefined || input === null) return base;
  const parsed = lintConfigInput.safeParse(input);
  if (!parsed.success) throw new ConfigError(`${source}: ${issueLine(parsed.error.issues[0])}`);
  const o = parsed.data;
  const out: LintConfig = structuredClone(base);
  Object.assign(out.rules, ruleCodes(o.rules, source));
  if (o.smilesColumn !== undefined) out.smilesColumn = o.smilesColumn || undefined;
  for (const [file, cols] of Object.entries(o.files ?? {})) {
    const merged = { ...out.files[file], ...cols };
    if (cols.rules) merged.rules = { ...out.files[file]?.rules, ...ruleCodes(cols.rules, `${source}: files.${file}`) };
    out.files[file] = merged;
  }
  out.duplicates = { ...out.duplicates, ...o.duplicates };
  out.elements = { ...out.elements, ...o.elements };
  out.heavyAtoms = { ...out.heavyAtoms, ...o.heavyAtoms };
  if (o.outlierZ !== undefined) out.outlierZ = o.outlierZ;
  if (o.maxFileSizeMB !== undefined) out.maxFileSizeMB = o.maxFileSizeMB;
  return out;
}

/** Rule codes or names mapped to codes; an unknown one is an error. */
function ruleCodes(rules: Record<string, RuleSetting> | undefined, source: string): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [key, value] of Object.entries(rules ?? {})) {
    const code = RULE_BY_CODE.has(key.toUpperCase()) ? key.toUpperCase() : NAME_TO_CODE.get(key);
    if (!code) throw new ConfigError(`${source}: unknown rule '${key}'`);
    out[code] = value;
  }
  return out;
}

export function severityOf(config: LintConfig, code: string): RuleSetting {
  return config.rules[code] ?? RULE_BY_CODE.get(code)?.severity ?? 'off';
}

/** Column choices for one file: the most specific `files` entry whose key ends the path, then the global column. */
export function columnsFor(config: LintConfig, filePath: string): FileColumns {
  const own = fileEntry(config, filePath);
  return {
    smilesColumn: own.smilesColumn ?? config.smilesColumn,
    labelColumns: own.labelColumns,
    idColumn: own.idColumn,
    identifierColumns: own.identifierColumns,
  };
}

/** The most specific `files` entry whose key ends the path. */
function fileEntry(config: LintConfig, filePath: string): FileColumns {
  const normalized = filePath.replace(/\\/g, '/');
  const match = Object.keys(config.files)
    .filter(k => normalized === k || normalized.endsWith('/' + k.replace(/^\.?\//, '')))
    .sort((a, b) => b.length - a.length)[0];
  return match ? config.files[match] : {};
}

/** The configuration that applies to one file: its own rule severities over the global ones. */
export function configForFile(config: LintConfig, filePath: string): LintConfig {
  const rules = fileEntry(config, filePath).rules;
  return rules ? { ...config, rules: { ...config.rules, ...rules } } : config;
}

export const CONFIG_FILE_NAMES = ['molml.lint.json', '.molmlrc'];
