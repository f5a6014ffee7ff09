// Quick fixes: replace a cell (canonical SMILES, largest fragment, neutral form) or delete a duplicate row, one at a
// time or all of a kind in the file. Every fix is a WorkspaceEdit, so undo reverts it; nothing is saved.
import * as vscode from 'vscode';
import { codeOf, toRange } from './diagnostics';
import type { Fix, LintDiagnostic } from '../../core/lint/rules';
import type { FileLintResult } from '../../core/lint/file-linter';

function editFor(document: vscode.TextDocument, fixes: Fix[], edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  // One edit per line: row deletions must not overlap, and each row has one molecule cell.
  const seen = new Set<number>();
  for (const f of fixes) {
    if (seen.has(f.range.line)) continue;
    seen.add(f.range.line);
    edit.replace(document.uri, toRange(f.range), f.replacement);
  }
  return edit;
}

/** The finding behind an editor diagnostic: same rule, same range. */
function findingOf(result: FileLintResult, d: vscode.Diagnostic): LintDiagnostic | undefined {
  const code = codeOf(d);
  return result.diagnostics.find(
    x =>
      x.code === code &&
      x.line === d.range.start.line &&
      x.column === d.range.start.character &&
      x.endLine === d.range.end.line &&
      x.endColumn === d.range.end.character,
  );
}

export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly resultOf: (uri: vscode.Uri) => FileLintResult | undefined) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const result = this.resultOf(document.uri);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'molml') continue;
      const fixes = findingOf(result, diagnostic)?.fixes ?? [];
      fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        action.edit = editFor(document, [fix]);
        actions.push(action);
      });
      // The preferred fix for every finding of this rule in the file.
      const first = fixes[0];
      if (first) {
        const code = codeOf(diagnostic);
        const same = result.diagnostics
          .filter(d => d.code === code)
          .map(d => d.fixes?.find(f => f.kind === first.kind))
          .filter((f): f is Fix => !!f);
        if (same.length > 1) {
          const action = new vscode.CodeAction(
            `${first.title}: all ${same.length} ${code} findings in this file`,
            vscode.CodeActionKind.QuickFix,
          );
          action.diagnostics = [diagnostic];
          action.edit = editFor(document, same);
          actions.push(action);
        }
      }
    }
    return actions;
  }
}
