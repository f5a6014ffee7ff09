// Edits a lint configuration file's text for the label quick fixes: "treat column X as an identifier" and "turn this
// rule off for this file" both become an entry under `files`, keyed by the dataset's path in the workspace.
import { ConfigError, DEFAULT_CONFIG, mergeConfig } from './config';

export type ConfigChange = { kind: 'identifier'; column: string } | { kind: 'rule-off'; code: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The configuration text with `change` applied to the `files` entry `fileKey` (created when missing); other keys are
 * kept. `text` undefined or blank starts a new file. Throws ConfigError when the text is not a JSON object or the
 * result would not be a valid configuration.
 */
export function editLintConfig(text: string | undefined, fileKey: string, change: ConfigChange): string {
  let json: unknown = {};
  if (text?.trim()) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`the configuration is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(json)) throw new ConfigError('the configuration is not a JSON object');
  const files = isObject(json.files) ? json.files : (json.files = {});
  const entry = isObject(files[fileKey]) ? (files[fileKey] as Json) : (files[fileKey] = {});
  if (change.kind === 'identifier') {
    const identifiers = Array.isArray(entry.identifierColumns) ? (entry.identifierColumns as unknown[]) : [];
    if (!identifiers.includes(change.column)) identifiers.push(change.column);
    entry.identifierColumns = identifiers;
    // A column the user listed as a label is no longer one.
    if (Array.isArray(entry.labelColumns)) {
      entry.labelColumns = entry.labelColumns.filter(c => c !== change.column);
      if (!(entry.labelColumns as unknown[]).length) delete entry.labelColumns;
    }
  } else {
    const rules = isObject(entry.rules) ? entry.rules : (entry.rules = {});
    rules[change.code] = 'off';
  }
  mergeConfig(DEFAULT_CONFIG, json, 'the edited configuration');
  return JSON.stringify(json, null, 2) + '\n';
}

/** The `files` key for a dataset: its path relative to the workspace folder, with forward slashes. */
export function fileKeyFor(relativePath: string): string {
  return relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
}
