// Survey literature feature: the webview view, the taxonomy tree and their commands.
import * as vscode from 'vscode';
import { surveyData } from '../../common/survey/catalog';
import { displayName, sortReferences } from '../../common/survey/query';
import { copyBibtex, findReference, insertCitation } from './actions';
import { SURVEY_VIEW_ID, SurveyViewProvider } from './view';
import { TAXONOMY_VIEW_ID, TaxonomyTreeProvider, type TaxonomyItem } from './tree';

/** Commands take a reference id, or the tree item the context menu was opened on. */
function refId(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  const item = arg as TaxonomyItem | undefined;
  if (item?.kind === 'reference') return item.ref.id;
  throw new Error('no reference given');
}

export function registerSurvey(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const view = new SurveyViewProvider(context.extensionUri, output);
  const tree = new TaxonomyTreeProvider();
  const report = (p: Promise<string>) =>
    p.then(
      m => void vscode.window.showInformationMessage(m),
      (e: Error) => void vscode.window.showErrorMessage(`MolML: ${e.message}`),
    );
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(SURVEY_VIEW_ID, view),
    vscode.window.createTreeView(TAXONOMY_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.commands.registerCommand('molml.survey.showReference', (arg: unknown) => view.reveal(refId(arg))),
    vscode.commands.registerCommand('molml.survey.compareBenchmarks', () => view.openComparison()),
    vscode.commands.registerCommand('molml.survey.copyBibtex', (arg: unknown) =>
      report(copyBibtex(findReference(refId(arg)))),
    ),
    vscode.commands.registerCommand('molml.survey.insertCitation', (arg: unknown) =>
      report(insertCitation(findReference(refId(arg)))),
    ),
    vscode.commands.registerCommand('molml.survey.findReference', async () => {
      const items = sortReferences(surveyData.catalog.references, 'year-desc').map(r => ({
        label: displayName(r),
        description: `${r.venue} · ${r.year}`,
        detail: [r.model ? r.title : '', r.authors.join(', ')].filter(Boolean).join(' — ') || undefined,
        id: r.id,
      }));
      const pick = await vscode.window.showQuickPick(items, {
        title: 'Find a reference in the chemical pre-trained models survey',
        placeHolder: 'Model name, title, venue or year',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (pick) await view.reveal(pick.id);
      return pick?.id;
    }),
  );
}
