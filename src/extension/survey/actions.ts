// What the survey view and tree can do with a reference. All of it goes through the editor API: links open with
// openExternal (VS Code asks before leaving), text goes to the clipboard, and citations are undoable edits.
import * as vscode from 'vscode';
import { surveyData } from '../../common/survey/catalog';
import { citationLine, inlineCitation, toBibtex } from '../../core/survey/bibtex';
import { displayName } from '../../common/survey/query';
import { LINK_KINDS, type Reference } from '../../common/survey/types';

const byId = new Map(surveyData.catalog.references.map(r => [r.id, r]));

export function findReference(id: string): Reference {
  const ref = byId.get(id);
  if (!ref) throw new Error(`no reference with id "${id.slice(0, 80)}" in the survey catalog`);
  return ref;
}

/** Opens a link only if it is one of the entry's own links (the webview cannot make us open anything else). */
export async function openReferenceLink(ref: Reference, url: string): Promise<boolean> {
  const own = LINK_KINDS.map(k => ref.links[k]).filter((u): u is string => !!u);
  if (!own.includes(url)) throw new Error(`refused to open a link that is not listed for ${ref.id}`);
  return vscode.env.openExternal(vscode.Uri.parse(url, true));
}

export async function copyBibtex(ref: Reference): Promise<string> {
  await vscode.env.clipboard.writeText(toBibtex(ref));
  return ref.authorsStatus === 'verified'
    ? `BibTeX for ${displayName(ref)} copied.`
    : `BibTeX for ${displayName(ref)} copied without authors (author list not verified).`;
}

export async function copyCitation(ref: Reference): Promise<string> {
  await vscode.env.clipboard.writeText(citationLine(ref));
  return `Citation for ${displayName(ref)} copied.`;
}

/** Inserts a citation at every cursor of the active editor as one undoable edit. */
export async function insertCitation(ref: Reference): Promise<string> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) throw new Error('open a text editor to insert a citation into');
  const text = inlineCitation(ref, editor.document.languageId);
  const edit = new vscode.WorkspaceEdit();
  for (const s of editor.selections) edit.replace(editor.document.uri, s, text);
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new Error(`could not edit ${vscode.workspace.asRelativePath(editor.document.uri)}`);
  return `Citation for ${displayName(ref)} inserted into ${vscode.workspace.asRelativePath(editor.document.uri)}.`;
}
