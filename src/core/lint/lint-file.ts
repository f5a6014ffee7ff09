// Lints files from disk, streaming: rows are read in batches, molecule facts come from an analyzer (a worker pool
// for large files), and findings are collected per file. Then molecules shared between split files are reported.
import path from 'node:path';
import { streamFile, CsvFormatError, type RowStream } from '../io/read';
import { readText } from '../io/read';
import { formatOf } from '../io/format';
import type { DataRow } from '../io/types';
import { columnsFor, configForFile, type LintConfig } from './config';
import { FileLinter, unreadable, summarize, type FileLintResult } from './file-linter';
import type { MoleculeAnalyzer } from './analyzer';
import type { MolFacts } from '../chem/analyze';
import { severityOf } from './config';
import type { LintDiagnostic } from './rules';

const BATCH = 256;
/** Batches in flight at once: enough to keep every worker busy, few enough to bound memory. */
const IN_FLIGHT = 8;

export interface LintedFile {
  result: FileLintResult;
  keys: Map<number, number>;
}

export type Sink = (d: LintDiagnostic) => void;

export async function lintStream(
  file: string,
  stream: RowStream,
  config: LintConfig,
  analyzer: MoleculeAnalyzer,
  sink?: Sink,
): Promise<LintedFile> {
  const linter = new FileLinter(
    file,
    stream.format,
    stream.columns,
    config,
    await analyzer.ionNames(),
    stream.header,
    sink,
  );
  const queue: Array<{ rows: DataRow[]; facts: Promise<MolFacts[] | undefined> }> = [];
  const flush = async (limit: number) => {
    while (queue.length > limit) {
      const batch = queue.shift()!;
      const facts = await batch.facts;
      batch.rows.forEach((row, i) => linter.add(row, facts?.[i]));
    }
  };
  let rows: DataRow[] = [];
  const submit = () => {
    const batch = rows;
    rows = [];
    const facts =
      stream.columns.molecule < 0
        ? Promise.resolve(undefined)
        : analyzer.analyze(
            batch.map(r => linter.moleculeCell(r).text),
            stream.molblocks,
          );
    facts.catch(() => undefined);
    queue.push({ rows: batch, facts });
  };
  for await (const row of stream.rows) {
    rows.push(row);
    if (rows.length >= BATCH) {
      submit();
      await flush(IN_FLIGHT);
    }
  }
  if (rows.length) submit();
  await flush(0);
  return { result: linter.finish(), keys: linter.keys() };
}

/** Lints one file; a CSV with broken quoting becomes a MOL900 finding. I/O and encoding errors are thrown. */
export async function lintFile(
  file: string,
  config: LintConfig,
  analyzer: MoleculeAnalyzer,
  sink?: Sink,
): Promise<LintedFile> {
  config = configForFile(config, file);
  const format = formatOf(file) ?? 'csv';
  try {
    const stream = await streamFile(file, columnsFor(config, file));
    return await lintStream(file, stream, config, analyzer, sink);
  } catch (e) {
    if (e instanceof CsvFormatError)
      return { result: unreadable(file, format, e.message, e.line, config), keys: new Map() };
    throw e;
  }
}

/** Lints a text held in memory (tests, the editor's on-demand lint). */
export async function lintText(
  file: string,
  text: string,
  config: LintConfig,
  analyzer: MoleculeAnalyzer,
): Promise<LintedFile> {
  config = configForFile(config, file);
  const format = formatOf(file) ?? 'csv';
  let table;
  try {
    table = readText(text, format, columnsFor(config, file));
  } catch (e) {
    if (e instanceof CsvFormatError)
      return { result: unreadable(file, format, e.message, e.line, config), keys: new Map() };
    throw e;
  }
  const linter = new FileLinter(file, format, table.columns, config, await analyzer.ionNames(), table.header);
  const facts =
    table.columns.molecule >= 0
      ? await analyzer.analyze(
          table.rows.map(r => linter.moleculeCell(r).text),
          table.molblocks,
        )
      : [];
  table.rows.forEach((row, i) => linter.add(row, facts[i]));
  return { result: linter.finish(), keys: linter.keys() };
}

const SPLIT_WORD = /(^|[_\-. ])(train|training|valid|validation|val|dev|test|testing)(?=$|[_\-. ])/i;
const SPLIT_ORDER = ['train', 'valid', 'test'];

function splitOf(file: string): { role: string; group: string } | undefined {
  const base = path
    .basename(file)
    .replace(/(\.gz)?$/i, '')
    .replace(/\.[^.]+$/, '');
  const m = SPLIT_WORD.exec(base);
  if (!m) return undefined;
  const word = m[2].toLowerCase();
  const role = word.startsWith('train') ? 'train' : word.startsWith('test') ? 'test' : 'valid';
  return { role, group: path.join(path.dirname(file), base.replace(SPLIT_WORD, '$1*')) };
}

/**
 * Molecules shared between files named as splits of one dataset (train/valid/test in the same folder with the same
 * name otherwise): reported in the later split (valid against train, test against both).
 */
export function splitLeakage(files: LintedFile[], config: LintConfig): void {
  const severity = severityOf(config, 'MOL301');
  if (severity === 'off') return;
  const groups = new Map<string, Array<LintedFile & { role: string }>>();
  for (const f of files) {
    const s = splitOf(f.result.file);
    if (!s) continue;
    groups.set(s.group, [...(groups.get(s.group) ?? []), { ...f, role: s.role }]);
  }
  for (const members of groups.values()) {
    members.sort((a, b) => SPLIT_ORDER.indexOf(a.role) - SPLIT_ORDER.indexOf(b.role));
    for (let j = 1; j < members.length; j++) {
      const later = members[j];
      for (const [key, line] of later.keys) {
        const earlier = members.slice(0, j).find(m => m.role !== later.role && m.keys.has(key));
        if (!earlier) continue;
        later.result.diagnostics.push({
          code: 'MOL301',
          severity,
          line,
          column: 0,
          endLine: line + 1,
          endColumn: 0,
          message: `this molecule is also in ${path.basename(earlier.result.file)} (${earlier.role} split) at line ${earlier.keys.get(key)! + 1}`,
        });
      }
      later.result.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
      later.result.summary = summarize(later.result.diagnostics);
    }
  }
}
