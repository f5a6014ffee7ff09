// Quick fixes: replace a cell (canonical SMILES, largest fragment, neutral form) or delete a duplicate row, one at a
// time or all of a kind in the file. Every fix is a WorkspaceEdit, so undo reverts it; nothing is saved.
// Label findings also offer to record, in the folder's lint configuration, that their column is an identifier or that
// the rule is off for this file: a WorkspaceEdit of molml.lint.json (or .molmlrc), saved so that linting picks it up.
import * as vscode from 'vscode';
import { codeOf, toRange } from './diagnostics';
import type { Fix, LintDiagnostic } from '../../core/lint/rules';
import type { FileLintResult } from '../../core/lint/file-linter';
import { CONFIG_FILE_NAMES } from '../../core/lint/config';
import { editLintConfig, fileKeyFor, type ConfigChange } from '../../core/lint/config-edit';

/** Saves the configuration file a label quick fix edited, so that the watcher reloads it. */
export const SAVE_CONFIG_COMMAND = 'molml.lint.saveConfiguration';

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

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const result = this.resultOf(document.uri);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'molml') continue;
      const finding = findingOf(result, diagnostic);
      if (finding?.labelColumn) actions.push(...(await labelConfigActions(document, diagnostic, finding)));
      const fixes = finding?.fixes ?? [];
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

/** "Treat column X as an identifier" and "turn this rule off for this file", as edits of the lint configuration. */
async function labelConfigActions(
  document: vscode.TextDocument,
  diagnostic: vscode.Diagnostic,
  finding: LintDiagnostic,
): Promise<vscode.CodeAction[]> {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) return [];
  const fileKey = fileKeyFor(vscode.workspace.asRelativePath(document.uri, false));
  const configUri = await configFileOf(folder);
  let existing: vscode.TextDocument | undefined;
  try {
    existing = await vscode.workspace.openTextDocument(configUri);
  } catch {
    existing = undefined;
  }
  const make = (title: string, change: ConfigChange): vscode.CodeAction | undefined => {
    let text: string;
    try {
      text = editLintConfig(existing?.getText(), fileKey, change);
    } catch {
      return undefined; // a configuration file that does not parse is reported when it is loaded
    }
    const edit = new vscode.WorkspaceEdit();
    if (existing) {
      const end = existing.lineAt(existing.lineCount - 1).range.end;
      edit.replace(configUri, new vscode.Range(new vscode.Position(0, 0), end), text);
    } else {
      edit.createFile(configUri, { ignoreIfExists: true });
      edit.insert(configUri, new vscode.Position(0, 0), text);
    }
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.edit = edit;
    action.command = { command: SAVE_CONFIG_COMMAND, title: 'Save the lint configuration', arguments: [configUri] };
    return action;
  };
  const name = vscode.workspace.asRelativePath(configUri, false);
  return [
    make(`Treat column "${finding.labelColumn}" as an identifier (in ${name})`, {
      kind: 'identifier',
      column: finding.labelColumn!,
    }),
    make(`Turn ${finding.code} off for this file (in ${name})`, { kind: 'rule-off', code: finding.code }),
  ].filter((a): a is vscode.CodeAction => !!a);
}

/** The folder's molml.lint.json or .molmlrc, whichever exists first; molml.lint.json when neither does. */
async function configFileOf(folder: vscode.WorkspaceFolder): Promise<vscode.Uri> {
  for (const name of CONFIG_FILE_NAMES) {
    const uri = vscode.Uri.joinPath(folder.uri, name);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      /* not there */
    }
  }
  return vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAMES[0]);
}
