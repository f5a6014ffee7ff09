// The model commands: Predict Properties, Compute Embeddings, Find Similar Molecules, Train a Property Model,
// Select Model. Each reads its molecules in the editor, runs the work in the model worker (cancellable progress),
// and shows the results view; each returns a summary object (for keybindings, other extensions and tests).
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { formatOf, sameFile, writeFileAtomic, OutputError } from '../../core/io';
import { parseLabels, inferTask } from '../../core/model/tasks';
import type { ModelEntry } from '../../core/model/registry';
import type { Head } from '../../core/learn/head';
import { Cancelled, type ModelClient } from './client';
import { InputError, moleculesFor, type Molecules } from './input';
import { Models, NO_MODEL_MESSAGE, readHeadFile } from './models';
import { ResultsPanel } from '../results/panel';
import { predictPayload, similarPayload, trainPayload, type MoleculeRows } from '../results/payloads';
import type { ResultsPayload } from '../../common/results/protocol';
import { measuredColumns } from './settings';
import { defaultGroup, taskGroups } from '../../common/results/task-groups';

/** Options a caller may pass instead of answering dialogs. Paths may be absolute or workspace-relative. */
export interface CommandOptions {
  uri?: vscode.Uri | string;
  /** Predict: a head file to use, or "model" for the model's own tasks only. */
  head?: string;
  /** Predict: the model's tasks to show first in the results (the others stay a click away). */
  tasks?: string[];
  /** Embed: the output file (.csv or .npy). Train: where to save the head (.json). */
  out?: string;
  /** Train: the label column. */
  label?: string;
  folds?: number;
  /** Train: "scaffold" (default) or "random" folds. */
  split?: 'scaffold' | 'random';
  /** Find Similar: the query SMILES and how many neighbours. */
  query?: string;
  top?: number;
}

export interface CommandSummary {
  command: string;
  ok: boolean;
  message?: string;
  [key: string]: unknown;
}

export class ModelCommands {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly models: Models,
    private readonly client: ModelClient,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Runs a command body; bad input and failures become one message (and a summary with ok: false). */
  async guard(command: string, body: () => Promise<CommandSummary>): Promise<CommandSummary> {
    try {
      return await body();
    } catch (e) {
      if (e instanceof Cancelled) return { command, ok: false, message: 'cancelled' };
      const message = (e as Error).message;
      if (!(e instanceof InputError)) this.output.error(`${command}: ${(e as Error).stack ?? message}`);
      void vscode.window.showErrorMessage(`MolML: ${message}`);
      return { command, ok: false, message };
    }
  }

  private async input(arg: unknown): Promise<{ molecules: Molecules; options: CommandOptions }> {
    const options: CommandOptions =
      arg instanceof vscode.Uri ? { uri: arg } : arg && typeof arg === 'object' ? (arg as CommandOptions) : {};
    const uri = typeof options.uri === 'string' ? this.resolve(options.uri) : options.uri;
    return { molecules: await moleculesFor(uri), options };
  }

  /**
   * Writes a result file: never over `source`, and on disk through a temporary file renamed into place, so a failed
   * write leaves an existing file whole. (The save dialog has already asked before replacing a file.)
   */
  private async writeResult(target: vscode.Uri, data: Uint8Array, source: vscode.Uri, what: string): Promise<void> {
    this.refuseSource(target, source, what);
    if (target.scheme !== 'file' || source.scheme !== 'file') {
      await vscode.workspace.fs.writeFile(target, data);
      return;
    }
    try {
      writeFileAtomic(target.fsPath, data);
    } catch (e) {
      if (e instanceof OutputError) throw new InputError(e.message);
      throw e;
    }
  }

  /** Refuses an output that is the source itself (the same path, a symlink or a hard link to it). */
  private refuseSource(target: vscode.Uri, source: vscode.Uri, what: string): void {
    const same =
      target.scheme === 'file' && source.scheme === 'file'
        ? sameFile(target.fsPath, source.fsPath)
        : target.toString() === source.toString();
    if (same) throw new InputError(`${what} would overwrite the source file: choose another name`);
  }

  private resolve(p: string): vscode.Uri {
    if (path.isAbsolute(p)) return vscode.Uri.file(p);
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new InputError(`${p}: a relative path needs an open workspace folder`);
    return vscode.Uri.joinPath(folder.uri, p);
  }

  /** The model in use, or undefined after telling the user clearly that there is none (when `required`). */
  private model(required: boolean): ModelEntry | undefined {
    const { entry, problems } = this.models.current();
    for (const p of problems) this.output.warn(p);
    if (!entry && required) {
      void vscode.window
        .showErrorMessage(NO_MODEL_MESSAGE + (problems.length ? ` (${problems[0]})` : ''), 'Open Settings')
        .then(a => {
          if (a) void vscode.commands.executeCommand('workbench.action.openSettings', 'molml.models');
        });
    }
    return entry;
  }

  private show(
    payload: ResultsPayload,
    molecules: Molecules,
    lines: number[] = molecules.lines,
  ): Promise<number | false> {
    const panel = ResultsPanel.show(this.context.extensionUri, this.client, this.output, payload, {
      uri: molecules.uri,
      lines,
    });
    return panel.delivered;
  }

  private rowsOf(m: Molecules): MoleculeRows {
    return {
      fileName: m.uri.path,
      smiles: m.smiles,
      rowNumbers: m.rows ? m.rows.map(r => r + 1) : m.smiles.map((_, i) => i + 1),
      ...(m.columns ? { columns: m.columns } : {}),
      ...(m.cells ? { cells: m.cells } : {}),
    };
  }

  // ---- Predict Properties ----

  predict(arg: unknown): Promise<CommandSummary> {
    return this.guard('predict', async () => {
      const { molecules, options } = await this.input(arg);
      const entry = this.model(false);
      if (options.head === 'model' && !entry) {
        this.model(true);
        return { command: 'predict', ok: false, message: 'no model' };
      }
      const heads = await this.models.heads();
      const choice = await this.pickPredictor(entry, heads, options.head);
      if (!choice) {
        if (!entry && !heads.length) this.model(true);
        return { command: 'predict', ok: false, message: entry || heads.length ? 'nothing chosen' : 'no model' };
      }
      const needsModel = !choice.head || choice.head.file.features.kind === 'embedding';
      if (needsModel && !entry) {
        this.model(true);
        return { command: 'predict', ok: false, message: 'no model' };
      }
      const outcome = await this.client.withProgress(`MolML: predicting ${molecules.smiles.length} molecules`, {
        kind: 'predict',
        smiles: molecules.smiles,
        ...(needsModel && entry ? { model: this.models.spec(entry.directory) } : {}),
        ...(choice.head ? { head: { name: path.basename(choice.file!), file: choice.head.file } } : {}),
      });
      const payload = predictPayload(this.rowsOf(molecules), outcome, {
        ...(needsModel && entry
          ? { model: `${entry.manifest.id}@${entry.manifest.version}`, device: outcome.device }
          : {}),
        ...(choice.head
          ? {
              head: path.basename(choice.file!),
              headLabel: choice.head.file.training.label,
              ...(choice.head.file.training.file ? { headTrainingFile: choice.head.file.training.file } : {}),
            }
          : {}),
        ...(Array.isArray(options.tasks) ? { chosen: options.tasks.filter(t => typeof t === 'string') } : {}),
        measuredColumns: measuredColumns(),
      });
      const shown = await this.show(payload, molecules);
      return {
        command: 'predict',
        ok: true,
        molecules: molecules.smiles.length,
        flagged: outcome.issues.length,
        flags: outcome.issues.map(i => ({ row: payload.rows[i.index].row, reason: i.reason })),
        columns: outcome.columns.map(c => ({
          task: c.task,
          source: c.source,
          predicted: c.values.filter(v => v !== undefined).length,
          uncertainty: !!c.uncertainty,
        })),
        applicability: outcome.adSimilarity ? outcome.adSimilarity.filter(v => v !== undefined).length : 0,
        plots: payload.plots.map(p => p.kind),
        /** The tasks the results view opens on (the file's own tasks first). */
        shownFirst: defaultGroup(taskGroups(payload.columns))?.tasks ?? [],
        shownInView: shown,
      };
    });
  }

  /** The model's own tasks, or a registered head (compatible with the model in use). */
  private async pickPredictor(
    entry: ModelEntry | undefined,
    heads: Array<{ file: string; head: Head }>,
    wanted?: string,
  ): Promise<{ head?: Head; file?: string } | undefined> {
    if (wanted === 'model') return entry ? {} : undefined;
    if (wanted) {
      const file = this.resolve(wanted).fsPath;
      const head = readHeadFile(file);
      if (typeof head === 'string') throw new InputError(head);
      return { head, file };
    }
    const usable = heads.filter(
      h =>
        h.head.file.features.kind === 'ecfp' ||
        (entry &&
          h.head.file.features.model.id === entry.manifest.id &&
          h.head.file.features.model.version === entry.manifest.version),
    );
    const ownTasks = entry?.manifest.tasks?.length ?? 0;
    if (!usable.length)
      return entry && ownTasks
        ? {}
        : entry
          ? Promise.reject(
              new InputError(
                `${entry.manifest.id}@${entry.manifest.version} has no prediction tasks (embeddings only): train one with "MolML: Train a Property Model on This Dataset"`,
              ),
            )
          : undefined;
    if (!ownTasks && usable.length === 1) return { head: usable[0].head, file: usable[0].file };
    const items = [
      ...(entry && ownTasks
        ? [
            {
              label: `${entry.manifest.id}@${entry.manifest.version}`,
              description: `the model's tasks: ${entry.manifest.tasks!.map(t => t.name).join(', ')}`,
              pick: {},
            },
          ]
        : []),
      ...usable.map(h => ({
        label: path.basename(h.file),
        description: `${h.head.file.task.name} · ${h.head.file.task.type} · ${h.head.file.features.kind === 'ecfp' ? 'ECFP' : 'embeddings'}`,
        detail: vscode.workspace.asRelativePath(h.file),
        pick: { head: h.head, file: h.file },
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Predict with',
      placeHolder: "The model's own tasks or a head trained in this workspace",
    });
    return picked?.pick;
  }

  // ---- Compute Embeddings ----

  embed(arg: unknown): Promise<CommandSummary> {
    return this.guard('embed', async () => {
      const { molecules, options } = await this.input(arg);
      const entry = this.model(true);
      if (!entry) return { command: 'embed', ok: false, message: 'no model' };
      const target = options.out
        ? this.resolve(options.out)
        : await vscode.window.showSaveDialog({
            title: 'Save embeddings',
            saveLabel: 'Save embeddings',
            defaultUri: freeName(molecules.uri, 'embeddings.csv'),
            filters: { CSV: ['csv'], 'NumPy array': ['npy'] },
          });
      if (!target) return { command: 'embed', ok: false, message: 'cancelled' };
      this.refuseSource(target, molecules.uri, 'the embeddings');
      const ext = path.extname(target.path).toLowerCase();
      if (ext !== '.csv' && ext !== '.npy')
        throw new InputError(`embeddings are written as .csv or .npy (got ${path.basename(target.path)})`);
      const outcome = await this.client.withProgress(`MolML: embedding ${molecules.smiles.length} molecules`, {
        kind: 'embed',
        smiles: molecules.smiles,
        model: this.models.spec(entry.directory),
        format: ext === '.npy' ? 'npy' : 'csv',
      });
      await this.writeResult(target, outcome.data, molecules.uri, 'the embeddings');
      const flagged = outcome.issues.length;
      const message = `MolML: embedded ${outcome.embedded} of ${molecules.smiles.length} molecules (${outcome.dim} dimensions) into ${vscode.workspace.asRelativePath(target)}${flagged ? `; ${flagged} refused (see the MolML output)` : ''}.`;
      for (const i of outcome.issues)
        this.output.warn(
          `embed: ${path.basename(molecules.uri.path)} line ${molecules.lines[i.index] + 1}: ${i.input}: ${i.reason}`,
        );
      void vscode.window.showInformationMessage(message, 'Open Folder').then(a => {
        if (a) void vscode.commands.executeCommand('revealInExplorer', target);
      });
      return {
        command: 'embed',
        ok: true,
        out: target.fsPath,
        embedded: outcome.embedded,
        dim: outcome.dim,
        flagged,
        molecules: molecules.smiles.length,
      };
    });
  }

  // ---- Find Similar Molecules ----

  findSimilar(arg: unknown): Promise<CommandSummary> {
    return this.guard('findSimilar', async () => {
      const options: CommandOptions =
        arg instanceof vscode.Uri ? { uri: arg } : arg && typeof arg === 'object' ? (arg as CommandOptions) : {};
      const editor = vscode.window.activeTextEditor;
      const inDataset = !options.uri && editor && formatOf(editor.document.fileName);
      let query = options.query;
      let searchUri = typeof options.uri === 'string' ? this.resolve(options.uri) : options.uri;
      if (!query) {
        // The molecule on the cursor's row (datasets) or line (other files), offered for editing.
        let guess = '';
        const here = await moleculesForCursor();
        if (here) guess = here;
        query = await vscode.window.showInputBox({
          title: 'Find molecules similar to',
          value: guess,
          prompt: 'A SMILES',
        });
        if (!query) return { command: 'findSimilar', ok: false, message: 'cancelled' };
      }
      if (!searchUri) {
        if (inDataset && editor) searchUri = editor.document.uri;
        else {
          const files = await vscode.workspace.findFiles('**/*.{csv,tsv,smi,smiles}', '**/node_modules/**', 500);
          const pick = await vscode.window.showQuickPick(
            files.map(f => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
            { title: 'Search which dataset?' },
          );
          if (!pick) return { command: 'findSimilar', ok: false, message: 'cancelled' };
          searchUri = pick.uri;
        }
      }
      const molecules = await moleculesFor(searchUri);
      const entry = this.model(false);
      const top = options.top && options.top > 0 ? Math.min(options.top, 1000) : 20;
      const outcome = await this.client.withProgress(`MolML: searching ${molecules.smiles.length} molecules`, {
        kind: 'similar',
        query,
        smiles: molecules.smiles,
        top,
        ...(entry ? { model: this.models.spec(entry.directory) } : {}),
      });
      const payload = similarPayload(
        this.rowsOf(molecules),
        query,
        outcome,
        entry ? `${entry.manifest.id}@${entry.manifest.version}` : undefined,
      );
      const byId = new Map(payload.rows.map(r => [r.id, r]));
      const lines = payload.rows.map(
        r => molecules.lines[molecules.rows ? molecules.rows.indexOf(r.row - 1) : r.row - 1],
      );
      const shown = await this.show(payload, molecules, lines);
      return {
        command: 'findSimilar',
        ok: true,
        query,
        molecules: molecules.smiles.length,
        shownInView: shown,
        modelNote: outcome.modelNote,
        sections: outcome.sections.map(s => ({
          kind: s.kind,
          hits: s.hits.map(h => ({
            row: molecules.rows ? molecules.rows[h.index] + 1 : h.index + 1,
            smiles: molecules.smiles[h.index],
            score: h.score,
          })),
        })),
        rows: byId.size,
      };
    });
  }

  // ---- Train a Property Model ----

  trainHead(arg: unknown): Promise<CommandSummary> {
    return this.guard('trainHead', async () => {
      const { molecules, options } = await this.input(arg);
      if (!molecules.columns || !molecules.cells)
        throw new InputError('training needs a dataset file (CSV, TSV) with a label column');
      const label = options.label ?? (await this.pickLabel(molecules));
      if (!label) return { command: 'trainHead', ok: false, message: 'cancelled' };
      const col = molecules.columns.indexOf(label);
      if (col < 0) throw new InputError(`no column named "${label}" (columns: ${molecules.columns.join(', ')})`);
      const { labels, issues } = parseLabels(
        molecules.cells.map(r => r[col]),
        molecules.smiles,
      );
      const labelled = labels.filter(v => v !== undefined).length;
      if (labelled < 4)
        throw new InputError(
          `"${label}" has ${labelled} numeric labels: at least 4 are needed to cross-validate${issues.length ? ` (${issues[0].reason})` : ''}`,
        );
      const task = inferTask(labels);
      const entry = this.model(false);
      if (!entry) void vscode.window.showWarningMessage(`${NO_MODEL_MESSAGE} Training the ECFP baseline only.`);
      const folds = options.folds && options.folds >= 2 ? Math.floor(options.folds) : 5;
      const outcome = await this.client.withProgress(`MolML: training a ${task} model of "${label}"`, {
        kind: 'train',
        smiles: molecules.smiles,
        labels,
        task,
        folds,
        ...(options.split === 'random' || options.split === 'scaffold' ? { split: options.split } : {}),
        features: 'auto',
        label,
        file: path.basename(molecules.uri.path),
        ...(entry ? { model: this.models.spec(entry.directory) } : {}),
      });
      const allIssues = [...issues, ...outcome.issues.filter(i => !issues.some(x => x.index === i.index))];
      const target = options.out
        ? this.resolve(options.out)
        : await vscode.window.showSaveDialog({
            title: `Save the ${outcome.candidates[outcome.best].name} head`,
            saveLabel: 'Save head',
            defaultUri: freeName(molecules.uri, `${label.replace(/[^A-Za-z0-9_.-]+/g, '_')}.head.json`),
            filters: { 'MolML head': ['json'] },
          });
      let saved: string | undefined;
      if (target) {
        await this.writeResult(
          target,
          Buffer.from(JSON.stringify(outcome.head) + '\n', 'utf8'),
          molecules.uri,
          'the head',
        );
        await this.models.registerHead(target.fsPath);
        saved = vscode.workspace.asRelativePath(target);
      }
      const payload = trainPayload(this.rowsOf(molecules), label, labels, { ...outcome, issues: allIssues }, saved);
      const shown = await this.show(payload, molecules);
      return {
        command: 'trainHead',
        ok: true,
        label,
        task,
        folds: outcome.folds,
        split: outcome.split,
        rows: outcome.rows,
        out: target?.fsPath,
        shownInView: shown,
        candidates: outcome.candidates.map(c => ({
          name: c.name,
          features: c.features,
          method: c.method,
          rows: c.rows.length,
          metrics: c.metrics,
          baselineMetrics: c.baselineMetrics,
          inSampleMetrics: c.inSampleMetrics,
        })),
        best: outcome.candidates[outcome.best].name,
        flagged: allIssues.length,
      };
    });
  }

  private async pickLabel(m: Molecules): Promise<string | undefined> {
    const pick = await vscode.window.showQuickPick(labelChoices(m), {
      title: 'Train on which label column?',
      placeHolder: 'Detected label columns first',
    });
    return pick?.label;
  }

  // ---- Select Model ----

  selectModel(arg: unknown): Promise<CommandSummary> {
    return this.guard('selectModel', async () => {
      const { models, defaultDirectory, problems } = this.models.available();
      for (const p of problems) this.output.warn(p);
      if (!models.length) {
        this.model(true);
        return { command: 'selectModel', ok: false, message: 'no model', problems };
      }
      const wanted = typeof arg === 'string' ? arg : undefined;
      const picked = wanted
        ? models.find(m => m.directory === wanted || m.manifest.id === wanted)
        : (
            await vscode.window.showQuickPick(
              models.map(m => ({
                label: `${m.manifest.id}@${m.manifest.version}`,
                description: m.directory === defaultDirectory ? 'default' : m.directory,
                detail: `${m.manifest.name ?? ''}${m.manifest.name ? ' · ' : ''}${m.manifest.tasks?.length ? `tasks: ${m.manifest.tasks.map(t => t.name).join(', ')}` : 'embeddings only'}`,
                entry: m,
              })),
              { title: 'MolML: Select Model' },
            )
          )?.entry;
      if (!picked) return { command: 'selectModel', ok: false, message: 'cancelled' };
      await this.models.select(picked.directory);
      return {
        command: 'selectModel',
        ok: true,
        model: `${picked.manifest.id}@${picked.manifest.version}`,
        directory: picked.directory,
        problems,
      };
    });
  }
}

/** The molecule on the cursor's line: the row's SMILES in a dataset, the SMILES under or near the cursor elsewhere. */
async function moleculesForCursor(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const line = editor.selection.active.line;
  try {
    if (formatOf(editor.document.fileName)) {
      const m = await moleculesFor(editor.document.uri);
      const at = m.lines.indexOf(line);
      return at >= 0 ? m.smiles[at] : undefined;
    }
    return (await moleculesFor(undefined)).smiles[0];
  } catch {
    return undefined;
  }
}

/** `<dir>/<base>.<suffix>` beside the source, numbered (`.2`, `.3`, ...) until no file has the name. */
export function freeName(source: vscode.Uri, suffix: string): vscode.Uri {
  const dir = vscode.Uri.joinPath(source, '..');
  const base = path.basename(source.path).replace(/\.[^.]+$/, '');
  const dot = suffix.indexOf('.');
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.${suffix}` : `${base}.${suffix.slice(0, dot)}-${n}${suffix.slice(dot)}`;
    const uri = vscode.Uri.joinPath(dir, name);
    if (uri.scheme !== 'file' || !fs.existsSync(uri.fsPath)) return uri;
  }
}

/** The training label picker's items: detected labels first, then the other columns, identifiers last. */
export function labelChoices(m: Molecules): Array<{ label: string; description?: string }> {
  const detected = new Map((m.labels ?? []).map(l => [l.index, l.kind]));
  const identifiers = new Set(m.identifiers ?? []);
  const rank = (i: number) => (detected.has(i) ? 0 : identifiers.has(i) ? 2 : 1);
  return m
    .columns!.map((name, i) => ({ name, i }))
    .sort((a, b) => rank(a.i) - rank(b.i) || a.i - b.i)
    .map(c => ({
      label: c.name,
      description: detected.has(c.i)
        ? detected.get(c.i) === 'class'
          ? 'detected label: classes'
          : 'detected label: numeric'
        : identifiers.has(c.i)
          ? 'identifier, not a label'
          : undefined,
    }));
}
