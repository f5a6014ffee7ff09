import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openSample, until } from './helpers';
import { surveyData } from '../../src/common/survey/catalog';
import { toBibtex } from '../../src/core/survey/bibtex';
import { TaxonomyTreeProvider } from '../../src/extension/survey/tree';

describe('survey literature panel in a real extension host', () => {
  before(async () => {
    await activateExtension();
  });

  it('contributes the webview view and the taxonomy tree to the MolML container', () => {
    const pkg = vscode.extensions.getExtension('molml.molml')!.packageJSON as {
      contributes: { views: Record<string, Array<{ id: string; type?: string }>> };
    };
    const views = pkg.contributes.views.molml!;
    assert.deepEqual(views.find(v => v.id === 'molml.survey')?.type, 'webview');
    assert.ok(views.some(v => v.id === 'molml.surveyTaxonomy'));
  });

  it('registers its commands, "Find Reference" among them', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of [
      'molml.survey.findReference',
      'molml.survey.showReference',
      'molml.survey.compareBenchmarks',
      'molml.survey.copyBibtex',
      'molml.survey.insertCitation',
      'molml.survey.focus',
      'molml.surveyTaxonomy.focus',
    ]) {
      assert.ok(all.includes(c), `${c} is not registered`);
    }
  });

  it('the taxonomy tree shows the perspectives, categories with counts, and references', async () => {
    await vscode.commands.executeCommand('molml.surveyTaxonomy.focus');
    const tree = new TaxonomyTreeProvider();
    const roots = tree.getChildren();
    assert.deepEqual(
      roots.map(r => r.kind === 'category' && r.node.id),
      surveyData.taxonomy.perspectives.map(p => p.id),
    );
    const strategies = roots.find(r => r.kind === 'category' && r.node.id === 'strategies')!;
    const cats = tree.getChildren(strategies);
    const cl = cats.find(c => c.kind === 'category' && c.node.id === 'CL')!;
    const clItem = tree.getTreeItem(cl);
    const expected = surveyData.catalog.references.filter(r =>
      r.tags.strategy.some(s => s === 'CL' || s === 'HNM'),
    ).length;
    assert.equal(clItem.description, String(expected));
    const members = tree.getChildren(cl);
    assert.equal(members.filter(m => m.kind === 'reference').length, expected);
    assert.ok(members.some(m => m.kind === 'category' && m.node.id === 'HNM'));
    const molclr = members.find(m => m.kind === 'reference' && m.ref.id === 'molclr-2022')!;
    const item = tree.getTreeItem(molclr);
    assert.equal(item.label, 'MolCLR');
    assert.deepEqual(item.command?.arguments, ['molclr-2022']);
  });

  it('copies BibTeX to the real clipboard and inserts a citation as an undoable edit', async () => {
    await vscode.commands.executeCommand('molml.survey.copyBibtex', 'molclr-2022');
    const molclr = surveyData.catalog.references.find(r => r.id === 'molclr-2022')!;
    assert.equal(await vscode.env.clipboard.readText(), toBibtex(molclr));
    const editor = await openSample('notes.md');
    const before = editor.document.getText();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('molml.survey.insertCitation', 'molclr-2022');
    await until(() => editor.document.getText() !== before, 'the citation edit');
    assert.match(
      editor.document.lineAt(0).text,
      /^\[Yuyang Wang, .*\]\(https:\/\/www\.nature\.com\/articles\/s42256-022-00447-x\)/,
    );
    await vscode.commands.executeCommand('undo');
    await until(() => editor.document.getText() === before, 'undo of the citation');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('opens the benchmark comparison in an editor tab', async () => {
    await vscode.commands.executeCommand('molml.survey.compareBenchmarks');
    const tab = await until(
      () => vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.label === 'Benchmark Comparison'),
      'the comparison tab',
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    assert.match(tab.input.viewType, /molml\.surveyCompare$/);
    await vscode.window.tabGroups.close(tab);
  });

  it('shows a reference in the survey view, and refuses an id outside the catalog', async () => {
    await vscode.commands.executeCommand('molml.survey.showReference', 'molclr-2022');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('molml.survey.showReference', 'no-such-paper')),
      /no reference with id "no-such-paper"/,
    );
  });
});
