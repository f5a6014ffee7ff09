// The one typed view of MolML's settings (`molml.*` in package.json contributes.configuration): every getter goes
// through one private read, and its fallback equals the package.json default.
import * as vscode from 'vscode';
import { HOVER_PROPERTIES, type HoverProperty } from './hover/card';

export const DEFAULT_HOVER_LANGUAGES: readonly string[] = [
  'python',
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
  'json',
  'jsonc',
  'yaml',
  'markdown',
  'plaintext',
  'csv',
  'tsv',
  'smiles',
];

class MolmlConfiguration {
  private get<T>(key: string, fallback: T): T {
    return vscode.workspace.getConfiguration('molml').get<T>(key, fallback);
  }

  /** Whether SMILES hover cards are shown at all. */
  get hoverEnabled(): boolean {
    return this.get('hover.enabled', true);
  }

  /** Language ids whose documents get SMILES hover cards (notebook code cells use their cell language). */
  get hoverLanguages(): string[] {
    const value = this.get<unknown>('hover.languages', DEFAULT_HOVER_LANGUAGES);
    return Array.isArray(value)
      ? value.filter((l): l is string => typeof l === 'string')
      : [...DEFAULT_HOVER_LANGUAGES];
  }

  /** Depiction width in pixels, clamped to the range package.json allows. */
  get hoverImageSize(): number {
    const value = this.get('hover.imageSize', 250);
    return Number.isFinite(value) ? Math.min(600, Math.max(100, Math.round(value))) : 250;
  }

  /** Which properties the card lists, in the card's own order; unknown names are ignored. */
  get hoverProperties(): HoverProperty[] {
    const value = this.get<unknown>('hover.properties', HOVER_PROPERTIES);
    const chosen = new Set(Array.isArray(value) ? value : HOVER_PROPERTIES);
    return HOVER_PROPERTIES.filter(p => chosen.has(p));
  }
}

export const config = new MolmlConfiguration();
