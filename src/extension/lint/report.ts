// The summary a user reads after "Lint dataset": findings per rule with links to the rule pages, and the rows with
// the most serious findings.
import path from 'node:path';
import { RULE_BY_CODE, docsUrl } from '../../core/lint/rules';
import type { FileLintResult } from '../../core/lint/file-linter';

const RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

export function markdownReport(results: FileLintResult[], root?: string): string {
  const out: string[] = ['# MolML lint report', ''];
  for (const r of results) {
    const name = root ? path.relative(root, r.file) : r.file;
    out.push(`## ${name}`, '', `${r.rows} rows; SMILES column: ${r.smiles_column ?? '(none found)'}`, '');
    if (!r.diagnostics.length) {
      out.push('No findings.', '');
      continue;
    }
    out.push('| rule | name | severity | count |', '|---|---|---|---|');
    for (const [code, n] of Object.entries(r.summary)) {
      const rule = RULE_BY_CODE.get(code);
      const severity = r.diagnostics.find(d => d.code === code)?.severity ?? '';
      out.push(`| [${code}](${docsUrl(code)}) | ${rule?.name ?? ''} | ${severity} | ${n} |`);
    }
    // Worst rows: most severe first, then most findings.
    const byLine = new Map<number, typeof r.diagnostics>();
    for (const d of r.diagnostics) byLine.set(d.line, [...(byLine.get(d.line) ?? []), d]);
    const worst = [...byLine.entries()]
      .map(([line, ds]) => ({ line, ds, rank: Math.min(...ds.map(d => RANK[d.severity])) }))
      .sort((a, b) => a.rank - b.rank || b.ds.length - a.ds.length || a.line - b.line)
      .slice(0, 10);
    out.push('', '**Worst rows**', '');
    for (const w of worst) {
      out.push(`- line ${w.line + 1}: ${w.ds.map(d => `${d.code} ${d.message.replace(/[|\n]/g, ' ')}`).join('; ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}
