// Shared by the lint unit tests: real rows from the sample and dirty files, linted in this thread.
import fs from 'node:fs';
import path from 'node:path';
import { LocalAnalyzer } from '../../src/core/lint/analyzer';
import { DEFAULT_CONFIG, mergeConfig, type LintConfig } from '../../src/core/lint/config';
import { lintText } from '../../src/core/lint/lint-file';
import type { FileLintResult } from '../../src/core/lint/file-linter';
import type { LintDiagnostic } from '../../src/core/lint/rules';

export const ROOT = path.resolve(__dirname, '../../..');
/** Compact real files with real problems (test/fixtures/data/SOURCES.md). */
export const DIRTY = path.join(ROOT, 'test/fixtures/data/dirty');
export const SAMPLES = path.join(ROOT, 'samples/datasets');

export const analyzer = new LocalAnalyzer();

export function config(overrides: unknown = {}): LintConfig {
  return mergeConfig(DEFAULT_CONFIG, overrides);
}

export async function lint(
  file: string,
  text = fs.readFileSync(file, 'utf8'),
  cfg = DEFAULT_CONFIG,
): Promise<FileLintResult> {
  return (await lintText(file, text, cfg, analyzer)).result;
}

/** The header and the given 1-based lines of a file: real rows, in a small text. */
export function realRows(file: string, lines: number[]): string {
  const all = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  return [all[0], ...lines.map(l => all[l - 1])].join('\n') + '\n';
}

/** Findings on a 1-based line. */
export function at(result: FileLintResult, line: number, code?: string): LintDiagnostic[] {
  return result.diagnostics.filter(d => d.line === line - 1 && (!code || d.code === code));
}
