// Lint settings: the same schema in VS Code settings (molml.lint.*), in molml.lint.json / .molmlrc, and for
// `molml lint --rules FILE`. Unknown rule codes and bad values are reported, never silently ignored.
import { RULES, RULE_BY_CODE, type RuleSetting } from './rules';
import { ORGANIC_ELEMENTS } from '../chem/elements';

export interface FileColumns { smilesColumn?: string; labelColumns?: string[]; idColumn?: string }

export interface LintConfig {
  /** Severity per rule code (or rule name); 'off' disables a rule. */
  rules: Record<string, RuleSetting>;
  /** Molecule column for every file, unless `files` names one for a file. */
  smilesColumn?: string;
  /** Per-file column choices, keyed by file name or a path ending. */
  files: Record<string, FileColumns>;
  duplicates: { ignoreStereo: boolean; ignoreCharges: boolean; ignoreSalts: boolean };
  elements: { allowed: string[]; maxBoron: number };
  heavyAtoms: { min: number; max: number };
  /** A value is an outlier when its robust z-score (median/MAD, on log10 for wide positive ranges) is above this. */
  outlierZ: number;
  /** Files larger than this are linted on demand only in the editor. */
  maxFileSizeMB: number;
}

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

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];
const NAME_TO_CODE = new Map(RULES.map(r => [r.name, r.code]));

/** Merges a partial configuration (parsed JSON from any source) over `base`, validating it. */
export function mergeConfig(base: LintConfig, input: unknown, source = 'configuration'): LintConfig {
  if (input === undefined || input === null) return base;
  if (typeof input !== 'object' || Array.isArray(input)) throw new ConfigError(`${source}: expected an object`);
  const o = input as Record<string, unknown>;
  const out: LintConfig = structuredClone(base);
  const known = new Set(['rules', 'smilesColumn', 'files', 'duplicates', 'elements', 'heavyAtoms', 'outlierZ', 'maxFileSizeMB', '$schema']);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new ConfigError(`${source}: unknown setting '${k}'`);
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null) throw new ConfigError(`${source}: 'rules' must be an object`);
    for (const [key, value] of Object.entries(o.rules as Record<string, unknown>)) {
      const code = RULE_BY_CODE.has(key.toUpperCase()) ? key.toUpperCase() : NAME_TO_CODE.get(key);
      if (!code) throw new ConfigError(`${source}: unknown rule '${key}'`);
      if (typeof value !== 'string' || !SEVERITIES.includes(value)) throw new ConfigError(`${source}: rule ${key} must be one of ${SEVERITIES.join(', ')}`);
      out.rules[code] = value as RuleSetting;
    }
  }
  if (o.smilesColumn !== undefined) {
    if (typeof o.smilesColumn !== 'string') throw new ConfigError(`${source}: 'smilesColumn' must be a string`);
    out.smilesColumn = o.smilesColumn || undefined;
  }
  if (o.files !== undefined) {
    if (typeof o.files !== 'object' || o.files === null) throw new ConfigError(`${source}: 'files' must be an object`);
    for (const [file, cols] of Object.entries(o.files as Record<string, FileColumns>)) out.files[file] = { ...out.files[file], ...cols };
  }
  const section = <K extends 'duplicates' | 'elements' | 'heavyAtoms'>(key: K) => {
    if (o[key] === undefined) return;
    if (typeof o[key] !== 'object' || o[key] === null) throw new ConfigError(`${source}: '${key}' must be an object`);
    for (const [k, v] of Object.entries(o[key] as object)) {
      const current = (out[key] as Record<string, unknown>)[k];
      if (current === undefined) throw new ConfigError(`${source}: unknown setting '${key}.${k}'`);
      if (Array.isArray(current) ? !Array.isArray(v) : typeof current !== typeof v) throw new ConfigError(`${source}: '${key}.${k}' has the wrong type`);
      (out[key] as Record<string, unknown>)[k] = v;
    }
  };
  section('duplicates'); section('elements'); section('heavyAtoms');
  for (const k of ['outlierZ', 'maxFileSizeMB'] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'number' || !(o[k] as number > 0)) throw new ConfigError(`${source}: '${k}' must be a positive number`);
    out[k] = o[k] as number;
  }
  return out;
}

export function severityOf(config: LintConfig, code: string): RuleSetting {
  return config.rules[code] ?? RULE_BY_CODE.get(code)?.severity ?? 'off';
}

/** Column choices for one file: the most specific `files` entry whose key ends the path, then the global column. */
export function columnsFor(config: LintConfig, filePath: string): FileColumns {
  const normalized = filePath.replace(/\\/g, '/');
  const match = Object.keys(config.files).filter(k => normalized === k || normalized.endsWith('/' + k.replace(/^\.?\//, '')))
    .sort((a, b) => b.length - a.length)[0];
  const own = match ? config.files[match] : {};
  return { smilesColumn: own.smilesColumn ?? config.smilesColumn, labelColumns: own.labelColumns, idColumn: own.idColumn };
}

export const CONFIG_FILE_NAMES = ['molml.lint.json', '.molmlrc'];
