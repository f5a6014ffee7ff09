// Lint findings as VS Code diagnostics, keeping each one's quick fixes for the code-action provider.
import * as vscode from 'vscode';
import { docsUrl, type LintDiagnostic, type Range } from '../../core/lint/rules';

const SEVERITY: Record<LintDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.line, r.column, r.endLine, r.endColumn);
}

export function toDiagnostic(d: LintDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d), d.message, SEVERITY[d.severity]);
  diagnostic.source = 'molml';
  diagnostic.code = { value: d.code, target: vscode.Uri.parse(docsUrl(d.code)) };
  return diagnostic;
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}
