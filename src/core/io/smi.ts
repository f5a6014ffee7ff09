import { whitespaceCells } from './cells';
import type { DataRow } from './types';

/** A first line that names its columns rather than holding a molecule. */
export function looksLikeSmiHeader(line: string): boolean {
  return /^\s*(smiles|canonical_smiles|smi|mol)\b/i.test(line);
}

/** Rows of a .smi file: SMILES, then an optional name, one molecule per line; blank and `#` lines are skipped. */
export class SmiRowBuilder {
  private index = 0;
  header?: DataRow;
  push(text: string, line: number): DataRow | undefined {
    const body = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line === 0 && looksLikeSmiHeader(body)) {
      this.header = { index: -1, line, lastLine: line, cells: whitespaceCells(body, line) };
      return undefined;
    }
    if (body.trim() === '' || body.trimStart().startsWith('#')) return undefined;
    return { index: this.index++, line, lastLine: line, cells: whitespaceCells(body, line) };
  }
}

export function parseSmiText(text: string): { header?: DataRow; rows: DataRow[] } {
  const builder = new SmiRowBuilder();
  const rows: DataRow[] = [];
  // Line breaks as the editor and the streamed reader (readline) see them.
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const row = builder.push(i === 0 && lines[0].charCodeAt(0) === 0xfeff ? lines[0].slice(1) : lines[i], i);
    if (row) rows.push(row);
  }
  return { header: builder.header, rows };
}
