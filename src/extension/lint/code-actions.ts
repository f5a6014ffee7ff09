// Quick fixes: replace a cell (canonical SMILES, largest fragment, neutral form) or delete a duplicate row, one at a
// time or all of a kind in the file. Every fix is a WorkspaceEdit, so undo reverts it; nothing is saved.
import * as vscode from 'vscode';
import { codeOf, fixesOf, toRange } from './diagnostics';
import type { Fix } from '../../core/lint/rules';

function editFor(document: vscode.TextDocument, fixes: Fix[], edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  // Deleting whole rows must not overlap; replacements never do (one molecule cell per row).
  const seen = new Set<number>();
  for (const f of fixes) {
    if (seen.has(f.range.line)) continue;
    seen.add(f.range.line);
    edit.replace(document.uri, toRange(f.range), f.replacement);
  }
  return edit;
}

export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly collection: vscode.DiagnosticCollection) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const all = this.collection.get(document.uri) ?? [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'molml') continue;
      const own = all.find(d => d.range.isEqual(diagnostic.range) && codeOf(d) === codeOf(diagnostic) && d.message === diagnostic.message) ?? diagnostic;
      const fixes = fixesOf.get(own) ?? [];
      fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        action.edit = editFor(document, [fix]);
        actions.push(action);
      });
      // The preferred fix for every finding of this rule in the file.
      const code = codeOf(diagnostic);
      const first = fixes[0];
      if (first) {
        const same = all.filter(d => codeOf(d) === code).map(d => fixesOf.get(d)?.find(f => f.kind === first.kind)).filter((f): f is Fix => !!f);
        if (same.length > 1) {
          const action = new vscode.CodeAction(`${first.title}: all ${same.length} ${code} findings in this file`, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.edit = editFor(document, same);
          actions.push(action);
        }
      }
    }
    return actions;
  }
}
