import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliCommand } from '../command';
import { intOption, oneOf, parse, UsageError } from '../args';
import { EncodingError, UnknownColumnError, fileProblem } from '../../core/io';
import {
  ConfigError,
  DEFAULT_CONFIG,
  diagnosticLine,
  type LintDiagnostic,
  LocalAnalyzer,
  WorkerPool,
  lintFile,
  mergeConfig,
  splitLeakage,
  toJson,
  toSarif,
  toText,
  type LintConfig,
  type LintedFile,
  type MoleculeAnalyzer,
} from '../../core/lint';
import { version } from '../../../package.json';

/** Files under this size are linted in this thread: starting workers costs more than it saves. */
const POOL_THRESHOLD_BYTES = 256 * 1024;

function loadConfig(file: string | undefined): LintConfig {
  if (!file) {
    // Like the editor: molml.lint.json or .molmlrc in the working directory, when present.
    const found = ['molml.lint.json', '.molmlrc'].map(f => path.resolve(f)).find(f => fs.existsSync(f));
    if (!found) return DEFAULT_CONFIG;
    file = found;
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw e;
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  return mergeConfig(DEFAULT_CONFIG, json, file);
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'check molecule datasets (CSV, TSV, .smi, SDF; .gz too) for invalid, duplicate and mislabelled rows',
  usage: 'molml lint <file...> [--format text|json|sarif] [--smiles-column NAME] [--rules CONFIG] [--workers N]',
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        format: { type: 'string' },
        'smiles-column': { type: 'string' },
        rules: { type: 'string' },
        workers: { type: 'string' },
      },
      1,
    );
    const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const, 'text');
    let config: LintConfig;
    try {
      config = loadConfig(values.rules);
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
    if (values['smiles-column']) config = { ...config, smilesColumn: values['smiles-column'], files: {} };
    const cores = os.availableParallelism();
    let workers = intOption('workers', values.workers, Math.min(2, cores), 0);
    // More worker threads than cores only add RDKit modules and memory.
    if (workers > cores) {
      io.err(`note: --workers ${workers} lowered to ${cores} (${cores} CPU core${cores === 1 ? '' : 's'})`);
      workers = cores;
    }
    for (const file of positionals) {
      const problem = fileProblem(file);
      if (problem) {
        io.err(`molml lint: ${problem}`);
        return 2;
      }
    }
    const big = positionals.some(f => fs.statSync(f).size > POOL_THRESHOLD_BYTES);
    const analyzer: MoleculeAnalyzer =
      workers > 0 && big
        ? new WorkerPool(workers, { noStereo: config.duplicates.ignoreStereo })
        : new LocalAnalyzer({ noStereo: config.duplicates.ignoreStereo });
    const linted: LintedFile[] = [];
    // Text output streams: findings are printed as they are found, so memory stays flat on huge files.
    let buffer: string[] = [];
    let streamedErrors = 0;
    const flush = () => {
      if (buffer.length) {
        io.out(buffer.join('\n'));
        buffer = [];
      }
    };
    try {
      for (const file of positionals) {
        let streamedUnreadable = false;
        const sink =
          format === 'text'
            ? (d: LintDiagnostic) => {
                if (d.code === 'MOL900') streamedUnreadable = true;
                buffer.push(diagnosticLine(file, d));
                if (d.severity === 'error') streamedErrors++;
                if (buffer.length >= 2000) flush();
              }
            : undefined;
        try {
          const done = await lintFile(file, config, analyzer, sink);
          // A file that could not be read at all (broken quoting) ends before streaming: print its reason and line.
          if (sink && !streamedUnreadable)
            for (const d of done.result.diagnostics) if (d.code === 'MOL900') buffer.push(diagnosticLine(file, d));
          linted.push(done);
          flush();
        } catch (e) {
          if (e instanceof EncodingError || e instanceof UnknownColumnError) {
            io.err(`molml lint: ${file}: ${e.message}`);
            return 2;
          }
          throw e;
        }
      }
    } finally {
      await analyzer.close();
    }
    splitLeakage(linted, config);
    const results = linted.map(l => l.result);
    if (format === 'json') io.out(JSON.stringify(toJson(results)));
    else if (format === 'sarif') io.out(JSON.stringify(toSarif(results, version), null, 1));
    else {
      // Leakage across files is found after all files are read: print those findings now, then the summaries.
      for (const r of results)
        for (const d of r.diagnostics) if (d.code === 'MOL301') buffer.push(diagnosticLine(r.file, d));
      flush();
      io.out(toText(results.map(r => ({ ...r, diagnostics: [] }))));
    }
    return streamedErrors > 0 || results.some(r => r.diagnostics.some(d => d.severity === 'error')) ? 1 : 0;
  },
};
