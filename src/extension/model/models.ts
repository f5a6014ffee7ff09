// Which models and heads the editor can use: the bundled default (models/default in the extension), the user's
// molml.models directories (through the trust gate), the model picked with "MolML: Select Model", and the heads
// trained in this workspace.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { listModels, type ModelEntry } from '../../core/model/registry';
import { MANIFEST_FILE } from '../../core/model/manifest';
import { Head, validateHead } from '../../core/learn/head';
import { gateModelDirectories } from '../../core/model/trust';
import { configuredModels, inferenceBatchSize, inferencePrecision, inferenceDevice } from './settings';
import type { ModelSpec } from '../../core/model/worker-protocol';

const SELECTED_KEY = 'molml.selectedModel';
const HEADS_KEY = 'molml.heads';

export const NO_MODEL_MESSAGE =
  'MolML: no model is available. The default model is not installed in this build and molml.models names no usable model directory (a folder with manifest.json and the ONNX file; see docs/models.md).';

export interface Available {
  models: ModelEntry[];
  defaultDirectory?: string;
  problems: string[];
}

export class Models {
  constructor(private readonly context: vscode.ExtensionContext) {}

  /**
   * models/default inside the extension, when this build ships it. A development or test run of the extension reads
   * it from MOLML_DEFAULT_MODEL_DIR instead when that is set (a directory without a manifest stands for a build
   * without the default model); an installed extension ignores the variable.
   */
  defaultDirectory(): string | undefined {
    const override =
      this.context.extensionMode === vscode.ExtensionMode.Production ? undefined : process.env.MOLML_DEFAULT_MODEL_DIR;
    const dir = override || path.join(this.context.extensionUri.fsPath, 'models', 'default');
    return fs.existsSync(path.join(dir, MANIFEST_FILE)) ? dir : undefined;
  }

  available(): Available {
    const folders = (vscode.workspace.workspaceFolders ?? [])
      .filter(f => f.uri.scheme === 'file')
      .map(f => f.uri.fsPath);
    const gated = gateModelDirectories(configuredModels(), vscode.workspace.isTrusted, folders);
    const def = this.defaultDirectory();
    const { models, problems } = listModels([...(def ? [def] : []), ...gated.allowed.filter(d => d !== def)]);
    return {
      models,
      ...(def ? { defaultDirectory: def } : {}),
      problems: [...gated.refused.map(r => `molml.models: ${r.path}: ${r.reason}`), ...problems.map(p => p.message)],
    };
  }

  /** The model to use: the one picked with Select Model while it is still available, else the default, else the first. */
  current(): { entry?: ModelEntry; problems: string[] } {
    const { models, problems } = this.available();
    const picked = this.context.workspaceState.get<string>(SELECTED_KEY);
    const def = this.defaultDirectory();
    const entry = models.find(m => m.directory === picked) ?? models.find(m => m.directory === def) ?? models[0];
    return { ...(entry ? { entry } : {}), problems };
  }

  async select(directory: string): Promise<void> {
    await this.context.workspaceState.update(SELECTED_KEY, directory);
  }

  spec(directory: string): ModelSpec {
    const batchSize = inferenceBatchSize();
    const storage =
      this.context.globalStorageUri.scheme === 'file'
        ? path.join(this.context.globalStorageUri.fsPath, 'model-cache')
        : undefined;
    return {
      directory,
      device: inferenceDevice(),
      precision: inferencePrecision(),
      ...(batchSize ? { batchSize } : {}),
      ...(storage ? { cacheDirectory: storage } : {}),
    };
  }

  // ---- heads ----

  headFiles(): string[] {
    return this.context.workspaceState.get<string[]>(HEADS_KEY, []);
  }

  async registerHead(file: string): Promise<void> {
    await this.context.workspaceState.update(HEADS_KEY, [file, ...this.headFiles().filter(f => f !== file)]);
  }

  /** Registered heads that still exist and validate; others are dropped from the list. */
  async heads(): Promise<Array<{ file: string; head: Head }>> {
    const out: Array<{ file: string; head: Head }> = [];
    const keep: string[] = [];
    for (const file of this.headFiles()) {
      const head = readHeadFile(file);
      if (typeof head === 'string') continue;
      out.push({ file, head });
      keep.push(file);
    }
    if (keep.length !== this.headFiles().length) await this.context.workspaceState.update(HEADS_KEY, keep);
    return out;
  }
}

/** A head file, or why it cannot be used. */
export function readHeadFile(file: string): Head | string {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return `${file}: ${(e as Error).message}`;
  }
  const v = validateHead(json);
  return v.ok ? new Head(v.value) : `${file}: ${v.issues.join('; ')}`;
}
