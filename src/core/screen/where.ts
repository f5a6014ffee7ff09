// `--where` filters on a screen table: tokenized and rebuilt from an allow-list (column names, number and string
// literals, comparison and arithmetic operators, AND/OR/NOT, IS [NOT] NULL, BETWEEN, IN (...), LIKE, parentheses),
// so a filter can only filter: no statement separator, no function call (read_csv), no subquery, no COPY/ATTACH.

/** What is wrong with a filter, with the position (1-based character) where it is. */
export class FilterError extends Error {}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IS', 'NULL', 'BETWEEN', 'IN', 'LIKE', 'ILIKE', 'TRUE', 'FALSE']);
const OPERATORS = ['<=', '>=', '<>', '!=', '==', '=', '<', '>', '+', '-', '*', '/', '%'];
const NUMBER = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;

type Token =
  | { kind: 'column'; name: string; at: number }
  | { kind: 'keyword'; word: string; at: number }
  | { kind: 'number' | 'string' | 'operator'; text: string; at: number }
  | { kind: '(' | ')' | ','; at: number };

function tokenize(text: string, columns: readonly string[]): Token[] {
  const tokens: Token[] = [];
  const lower = new Map(columns.map(c => [c.toLowerCase(), c]));
  const column = (name: string, at: number): Token => {
    const found = columns.includes(name) ? name : lower.get(name.toLowerCase());
    if (found === undefined)
      throw new FilterError(`unknown column '${name}' at position ${at + 1} (columns: ${columns.join(', ')})`);
    return { kind: 'column', name: found, at };
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      // A quoted string ('...') or a quoted column name ("..."); the quote is doubled inside.
      let j = i + 1,
        value = '';
      for (;;) {
        if (j >= text.length)
          throw new FilterError(`unterminated ${ch === "'" ? 'string' : 'quoted name'} starting at position ${i + 1}`);
        if (text[j] === ch) {
          if (text[j + 1] === ch) {
            value += ch;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j++];
      }
      tokens.push(ch === "'" ? { kind: 'string', text: value, at: i } : column(value, i));
      i = j + 1;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      if (WORD.test(rest.slice(number[0].length)))
        throw new FilterError(`unexpected '${rest.slice(0, number[0].length + 1)}' at position ${i + 1}`);
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      const w = word[0];
      const next = text.slice(i + w.length).trimStart();
      if (KEYWORDS.has(w.toUpperCase())) tokens.push({ kind: 'keyword', word: w.toUpperCase(), at: i });
      else if (next.startsWith('(') && !columns.includes(w))
        throw new FilterError(
          `function calls are not allowed ('${w}(' at position ${i + 1}): the filter may only compare columns with values`,
        );
      else tokens.push(column(w, i));
      i += w.length;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, at: i });
      i++;
      continue;
    }
    const op = OPERATORS.find(o => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'operator', text: op === '==' ? '=' : op, at: i });
      i += op.length;
      continue;
    }
    throw new FilterError(
      `'${ch}' at position ${i + 1} is not allowed (a filter uses column names, numbers, 'strings', comparisons, arithmetic, AND/OR/NOT, IS NULL, BETWEEN, IN (...), LIKE and parentheses)`,
    );
  }
  return tokens;
}

/** Parentheses must pair up; a comma only separates the values of IN (...). */
function checkStructure(tokens: Token[]): void {
  const open: { at: number; list: boolean }[] = [];
  tokens.forEach((t, k) => {
    if (t.kind === '(') {
      const before = tokens[k - 1];
      open.push({ at: t.at, list: before?.kind === 'keyword' && before.word === 'IN' });
    } else if (t.kind === ')') {
      if (!open.pop()) throw new FilterError(`unbalanced parenthesis: ')' at position ${t.at + 1} closes nothing`);
    } else if (t.kind === ',' && !open.at(-1)?.list)
      throw new FilterError(`',' at position ${t.at + 1} is only allowed between the values of IN (...)`);
  });
  const left = open.pop();
  if (left) throw new FilterError(`unbalanced parenthesis: '(' at position ${left.at + 1} is never closed`);
}

/** The filter as SQL for a WHERE clause over `columns`, rebuilt from its tokens; throws FilterError. */
export function compileFilter(text: string, columns: readonly string[]): string {
  if (!text.trim()) throw new FilterError('the filter is empty');
  const tokens = tokenize(text, columns);
  checkStructure(tokens);
  return tokens
    .map(t => {
      switch (t.kind) {
        case 'column':
          return quoteIdentifier(t.name);
        case 'keyword':
          return t.word;
        case 'string':
          return quoteString(t.text);
        case 'number':
        case 'operator':
          return t.text;
        default:
          return t.kind;
      }
    })
    .join(' ');
}
