// The models a user can pick from: the bundled default plus their own directories. A model that fails to load
// becomes a message (file and reason), never an exception that takes the others down.
import fs from 'node:fs';
import path from 'node:path';
import { Model, ModelLoadError, readManifest, type LoadOptions } from './runtime';
import type { ModelManifest } from './manifest';

export interface ModelEntry { directory: string; manifest: ModelManifest }
export interface ModelProblem { directory: string; message: string }

/** The default model shipped with MolML (models/default beside dist/), when present in this build. */
export function defaultModelDirectory(fromDir: string = __dirname): string | undefined {
  for (let dir = fromDir, i = 0; i < 4 && dir !== path.dirname(dir); dir = path.dirname(dir), i++) {
    const candidate = path.join(dir, 'models', 'default');
    if (fs.existsSync(path.join(candidate, 'manifest.json'))) return candidate;
  }
  return undefined;
}

/** Reads the manifests of `directories` without starting sessions (cheap: for listing). */
export function listModels(directories: string[]): { models: ModelEntry[]; problems: ModelProblem[] } {
  const models: ModelEntry[] = [];
  const problems: ModelProblem[] = [];
  for (const directory of directories) {
    try { models.push({ directory, manifest: readManifest(directory).manifest }); }
    catch (e) { problems.push({ directory, message: messageOf(e) }); }
  }
  return { models, problems };
}

/** Loads each directory; failures are collected with their message. */
export async function loadModels(directories: string[], options: LoadOptions = {}): Promise<{ models: Model[]; problems: ModelProblem[] }> {
  const models: Model[] = [];
  const problems: ModelProblem[] = [];
  for (const directory of directories) {
    try { models.push(await Model.load(directory, options)); }
    catch (e) { problems.push({ directory, message: messageOf(e) }); }
  }
  return { models, problems };
}

function messageOf(e: unknown): string {
  if (e instanceof ModelLoadError) return e.message;
  return `${(e as Error).message ?? e}`;
}
