// SDF records: the molblock (header lines through `M  END`) and the data items (`> <NAME>` then value lines).
import type { Cell, DataRow } from './types';

export const MOLBLOCK_COLUMN = 'molblock';

/** Accumulates lines into SDF records; `push` returns a finished record when it sees `$$$$`. */
export class SdfRecordBuilder {
  private lines: string[] = [];
  private first = 0;
  private index = 0;
  /** Property names in order of first appearance, after the molblock column. */
  readonly names: string[] = [MOLBLOCK_COLUMN];
  private readonly nameIndex = new Map<string, number>([[MOLBLOCK_COLUMN, 0]]);

  push(text: string, line: number): DataRow | undefined {
    const body = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (this.lines.length === 0) this.first = line;
    if (body.startsWith('$$$$')) return this.finish(line);
    this.lines.push(body);
    return undefined;
  }

  /** A record left open at the end of the file (no final `$$$$`), if it holds anything. */
  end(): DataRow | undefined {
    if (this.lines.every(l => l.trim() === '')) return undefined;
    return this.finish(this.first + this.lines.length - 1);
  }

  private column(name: string): number {
    let i = this.nameIndex.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, i);
    }
    return i;
  }

  private finish(lastLine: number): DataRow {
    const lines = this.lines;
    const first = this.first;
    this.lines = [];
    // The molblock ends at `M  END`; without one (a truncated record), before the first property or at the end.
    let end = lines.findIndex(l => l.startsWith('M  END'));
    if (end < 0) {
      const property = lines.findIndex(l => l.startsWith('>'));
      end = property >= 0 ? property - 1 : lines.length - 1;
    }
    const molblock = lines.slice(0, end + 1).join('\n');
    const cells: Array<Cell | undefined> = [];
    cells[0] =
      end >= 0
        ? { text: molblock, line: first, column: 0, endLine: first + end, endColumn: lines[end]!.length }
        : { text: '', line: first, column: 0, endLine: first, endColumn: 0 };
    for (let i = end + 1; i < lines.length; i++) {
      const m = /^>.*<([^>]+)>/.exec(lines[i]);
      if (!m) continue;
      const values: string[] = [];
      let j = i + 1;
      while (j < lines.length && lines[j].trim() !== '' && !lines[j].startsWith('>')) values.push(lines[j++]);
      const col = this.column(m[1]);
      const text = values.join('\n');
      cells[col] = values.length
        ? { text, line: first + i + 1, column: 0, endLine: first + j - 1, endColumn: values[values.length - 1].length }
        : { text: '', line: first + i, column: lines[i].length, endLine: first + i, endColumn: lines[i].length };
      i = j - 1;
    }
    return { index: this.index++, line: first, lastLine, cells };
  }
}

export function parseSdfText(text: string): { names: string[]; rows: DataRow[] } {
  const builder = new SdfRecordBuilder();
  const rows: DataRow[] = [];
  // Line breaks as the editor and the streamed reader (readline) see them; a byte-order mark is not content.
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => {
    const r = builder.push(l, i);
    if (r) rows.push(r);
  });
  const last = builder.end();
  if (last) rows.push(last);
  return { names: builder.names, rows };
}
