import type { Cell } from './types';

/**
 * Cells of one CSV record from its raw text (as csv-parse saw it) and the values csv-parse produced. csv-parse has
 * already validated the quoting, so this only walks the raw text to find where each value starts and ends.
 */
export function cellsFromRaw(raw: string, values: string[], firstLine: number, delimiter: string, quote = '"'): Cell[] {
  const cells: Cell[] = [];
  let line = firstLine;
  let lineStart = 0;
  let i = 0;
  for (let field = 0; field < values.length; field++) {
    const quoted = raw[i] === quote;
    if (quoted) i++;
    const startLine = line;
    const startColumn = i - lineStart;
    // Scan to the end of the field's content.
    if (quoted) {
      for (; i < raw.length; i++) {
        const ch = raw[i];
        if (isLineEnd(raw, i)) {
          line++;
          lineStart = i + 1;
          continue;
        }
        if (ch === quote) {
          if (raw[i + 1] === quote) {
            i++;
            continue;
          }
          break;
        }
      }
    } else {
      while (i < raw.length && raw[i] !== delimiter && raw[i] !== '\r' && raw[i] !== '\n') i++;
    }
    cells.push({ text: values[field], line: startLine, column: startColumn, endLine: line, endColumn: i - lineStart });
    if (quoted) i++; // closing quote
    while (i < raw.length && raw[i] !== delimiter) {
      if (isLineEnd(raw, i)) {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
    i++; // delimiter
  }
  return cells;
}

/** Is raw[i] the last character of a line break (\n, or a \r that no \n follows)? */
function isLineEnd(raw: string, i: number): boolean {
  return raw[i] === '\n' || (raw[i] === '\r' && raw[i + 1] !== '\n');
}

/** Cells of a line split on runs of whitespace (the .smi convention: SMILES, then an optional name). */
export function whitespaceCells(text: string, line: number): Cell[] {
  const cells: Cell[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // The name is the rest of the line after the SMILES (names may contain spaces).
    if (cells.length === 1) {
      const rest = text.slice(m.index).trimEnd();
      cells.push({ text: rest, line, column: m.index, endLine: line, endColumn: m.index + rest.length });
      break;
    }
    cells.push({ text: m[0], line, column: m.index, endLine: line, endColumn: m.index + m[0].length });
  }
  return cells;
}
