// Output formats for `molml lint`: text (one line per finding, like compilers), JSON, and SARIF 2.1.0 (CI code
// scanning). Lines and columns are 1-based in every output; `record` is the 1-based data row (SDF: record).
import { clip } from '../text';
import path from 'node:path';
import { RULES, RULE_BY_CODE, docsUrl, type LintDiagnostic, type Severity } from './rules';
import type { FileLintResult } from './file-linter';

export interface JsonDiagnostic {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  record: number | null;
  code: string;
  severity: Severity;
  message: string;
}

export function toJson(files: FileLintResult[]): {
  files: Array<Omit<FileLintResult, 'diagnostics'> & { diagnostics: JsonDiagnostic[] }>;
} {
  return {
    files: files.map(f => ({
      file: f.file,
      format: f.format,
      rows: f.rows,
      smiles_column: f.smiles_column,
      diagnostics: f.diagnostics.map(d => ({
        line: d.line + 1,
        column: d.column + 1,
        end_line: d.endLine + 1,
        end_column: d.endColumn + 1,
        record: d.row === undefined ? null : d.row + 1,
        code: d.code,
        severity: d.severity,
        message: d.message,
      })),
      summary: f.summary,
    })),
  };
}

export function diagnosticLine(file: string, d: LintDiagnostic): string {
  return `${file}:${d.line + 1}:${d.column + 1}: ${d.severity} ${d.code} ${d.message}`;
}

export function toText(files: FileLintResult[]): string {
  const lines: string[] = [];
  for (const f of files) {
    for (const d of f.diagnostics) lines.push(diagnosticLine(f.file, d));
    const counts = Object.entries(f.summary).map(([code, n]) => `${code} ${RULE_BY_CODE.get(code)?.name ?? ''} ×${n}`);
    lines.push(
      `${f.file}: ${f.rows} rows, SMILES column ${f.smiles_column === null ? '(none)' : clip(f.smiles_column)}: ${counts.length ? counts.join(', ') : 'no findings'}`,
    );
  }
  return lines.join('\n');
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export function toSarif(files: FileLintResult[], version: string, cwd = process.cwd()): object {
  const ruleIndex = new Map(RULES.map((r, i) => [r.code, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'molml',
            version,
            informationUri: 'https://github.com/molml/molml',
            rules: RULES.map(r => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.summary },
              helpUri: docsUrl(r.code),
              defaultConfiguration: { level: r.severity === 'off' ? 'none' : LEVEL[r.severity] },
            })),
          },
        },
        results: files.flatMap(f =>
          f.diagnostics.map(d => ({
            ruleId: d.code,
            ruleIndex: ruleIndex.get(d.code),
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: path.relative(cwd, path.resolve(f.file)).split(path.sep).join('/') },
                  region: {
                    startLine: d.line + 1,
                    startColumn: d.column + 1,
                    endLine: d.endLine + 1,
                    endColumn: d.endColumn + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
