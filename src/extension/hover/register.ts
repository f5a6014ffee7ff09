// SMILES hover cards in any editor: the provider over src/core/chem/preview, its copy commands, and re-registration
// when molml.hover.* settings change.
import * as vscode from 'vscode';
import { SmilesPreviewer, type Preview } from '../../core/chem/preview';
import type { TextSource } from '../../core/chem/detect';
import { config } from '../config';
import { cardMarkdown, CARD_COMMANDS, COPY_INCHIKEY_COMMAND, COPY_SMILES_COMMAND, OPEN_GRID_COMMAND } from './card';

function textSource(doc: vscode.TextDocument): TextSource {
  return {
    languageId: doc.languageId,
    fileName: doc.fileName,
    lineCount: doc.lineCount,
    lineAt: i => doc.lineAt(i).text,
  };
}

/** Whether "Open in molecule grid" can be offered: that command is contributed by another part of MolML, maybe not yet. */
class CommandProbe {
  private known?: { at: number; present: boolean };
  async has(command: string): Promise<boolean> {
    if (this.known && Date.now() - this.known.at < 10_000) return this.known.present;
    const present = (await vscode.commands.getCommands(true)).includes(command);
    this.known = { at: Date.now(), present };
    return present;
  }
}

export function registerSmilesHover(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const previewer = new SmilesPreviewer(500);
  const probe = new CommandProbe();

  const previewOptions = () => ({
    imageSize: config.hoverImageSize,
    inchikey: config.hoverProperties.includes('inchikey'),
  });

  const provider: vscode.HoverProvider = {
    async provideHover(doc, position) {
      if (!config.hoverEnabled) return undefined;
      let preview: Preview | undefined;
      try {
        preview = await previewer.at(textSource(doc), position.line, position.character, previewOptions());
      } catch (e) {
        output.error(`SMILES hover failed: ${(e as Error).stack ?? e}`);
        return undefined;
      }
      if (!preview) return undefined;
      const markdown = new vscode.MarkdownString(
        cardMarkdown(preview, {
          properties: config.hoverProperties,
          gridCommand: await probe.has(OPEN_GRID_COMMAND),
        }),
      );
      markdown.isTrusted = { enabledCommands: CARD_COMMANDS };
      // The card lays the depiction and the key properties side by side in an HTML table (VS Code sanitizes it).
      markdown.supportHtml = true;
      const c = preview.candidate;
      return new vscode.Hover(markdown, new vscode.Range(c.line, c.start, c.line, c.end));
    },
  };

  let registration: vscode.Disposable | undefined;
  const register = () => {
    registration?.dispose();
    registration = vscode.languages.registerHoverProvider(
      config.hoverLanguages.map(language => ({ language })),
      provider,
    );
  };
  register();
  context.subscriptions.push({ dispose: () => registration?.dispose() });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('molml.hover.languages')) register();
    }),
  );

  /** From a card link the value comes as the argument; from the palette, the molecule under the cursor is used. */
  const copy =
    (what: 'canonical' | 'inchikey', label: string) =>
    async (value?: unknown): Promise<string | undefined> => {
      let text = typeof value === 'string' ? value : undefined;
      const editor = vscode.window.activeTextEditor;
      if (!text && editor) {
        const p = await previewer.at(
          textSource(editor.document),
          editor.selection.active.line,
          editor.selection.active.character,
          { ...previewOptions(), inchikey: true },
        );
        text = p?.description?.report[what] ?? undefined;
      }
      if (!text) {
        void vscode.window.showWarningMessage(`MolML: no valid SMILES under the cursor to copy the ${label} of.`);
        return undefined;
      }
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage(`MolML: copied ${label} ${text}`, 3000);
      return text;
    };
  context.subscriptions.push(
    vscode.commands.registerCommand(COPY_SMILES_COMMAND, copy('canonical', 'canonical SMILES')),
    vscode.commands.registerCommand(COPY_INCHIKEY_COMMAND, copy('inchikey', 'InChIKey')),
  );
}
