// The models a user can pick from: the bundled default plus their own directories. A model that fails to load
// becomes a message (file and reason), never an exception that takes the others down.
import fs from 'node:fs';
import path from 'node:path';
import { Model, ModelLoadError, readManifest, type LoadOptions } from './runtime';
import type { ModelManifest } from './manifest';

export interface ModelEntry {
  directory: string;
  manifest: ModelManifest;
}
export interface ModelProblem {
  directory: string;
  message: string;
}

/**
 * The default model shipped with MolML: models/default in this package's own root (the folder holding MolML's
 * package.json, above dist/), when present in this build. Nothing outside the package is searched: a models/default
 * in a parent folder belongs to someone else.
 */
export function defaultModelDirectory(fromDir: string = __dirname): string | undefined {
  const root = packageRoot(fromDir);
  if (!root) return undefined;
  const candidate = path.join(root, 'models', 'default');
  return fs.existsSync(path.join(candidate, 'manifest.json')) ? candidate : undefined;
}

/** The nearest folder at or above `dir` with a package.json, when that package is MolML. */
function packageRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const manifest = path.join(d, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'molml' ? d : undefined;
      } catch {
        return undefined;
      }
    }
    if (d === path.dirname(d)) return undefined;
  }
}

/** Reads the manifests of `directories` without starting sessions (cheap: for listing). */
export function listModels(directories: string[]): { models: ModelEntry[]; problems: ModelProblem[] } {
  const models: ModelEntry[] = [];
  const problems: ModelProblem[] = [];
  for (const directory of directories) {
    try {
      models.push({ directory, manifest: readManifest(directory).manifest });
    } catch (e) {
      problems.push({ directory, message: messageOf(e) });
    }
  }
  return { models, problems };
}

/** Loads each directory; failures are collected with their message. */
export async function loadModels(
  directories: string[],
  options: LoadOptions = {},
): Promise<{ models: Model[]; problems: ModelProblem[] }> {
  const models: Model[] = [];
  const problems: ModelProblem[] = [];
  for (const directory of directories) {
    try {
      models.push(await Model.load(directory, options));
    } catch (e) {
      problems.push({ directory, message: messageOf(e) });
    }
  }
  return { models, problems };
}

function messageOf(e: unknown): string {
  if (e instanceof ModelLoadError) return e.message;
  return `${(e as Error).message ?? e}`;
}
