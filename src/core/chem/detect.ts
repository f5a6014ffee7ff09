// Where is a SMILES under the cursor? Pure text rules per kind of document (no editor API, no RDKit): this finds a
// candidate and decides how much evidence it needs; the caller still parses it with RDKit before showing anything.
// The rules are documented in docs/hover.md.
import { lexSmiles } from './smiles-tokens';
import { smilesTextError } from './smiles-text';

/** The document as the detector sees it (a VS Code TextDocument fits, so do plain strings in tests and the CLI). */
export interface TextSource {
  languageId: string;
  fileName?: string;
  lineCount: number;
  lineAt(line: number): string;
}

/**
 * How sure the context makes us that the text is meant as SMILES:
 * - `column`: a cell of a SMILES column (CSV/TSV header names it), the first field of a .smi line, or the value of a
 *   key named like "smiles" (`smiles = "CO"`, `"smiles": "CO"`, `smiles: CO`): anything RDKit parses is shown.
 * - `literal`: a whole quoted string literal or a whole Markdown inline code span: must look like SMILES; if RDKit
 *   rejects it, the card shows RDKit's reason.
 * - `token`: a bare word in prose, code or a cell of another column: must look like SMILES AND parse; never a warning.
 */
export type Evidence = 'column' | 'literal' | 'token';

export type CandidateKind = 'molecule' | 'reaction' | 'smarts';

export interface Candidate {
  text: string;
  line: number;
  /** Character range of the candidate on its line (end exclusive). */
  start: number;
  end: number;
  evidence: Evidence;
  kind: CandidateKind;
}

/** Words that lex as SMILES and look structured enough but are nearly always something else. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'CO2',
  'NO2',
  'NO3',
  'SO2',
  'SO3',
  'SO4',
  'PO4',
  'N2O',
  'CNS',
  'BOC',
  'COC',
  'SCN',
  'NOS',
  'CBS',
  'SCSI',
  'POSIX',
  'ICBC',
  'CCCP',
  'NNN',
  'CCC',
  'OOO',
]);

/** A bare token or literal made only of organic-subset letters needs this many atoms to count as SMILES. */
export const MIN_ATOMS_WITHOUT_STRUCTURE: Record<Exclude<Evidence, 'column'>, number> = { literal: 4, token: 5 };

const CODE_LANGUAGES = new Set([
  'python',
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
  'json',
  'jsonc',
  'yaml',
  'toml',
  'r',
  'julia',
]);
const SMILES_HEADER = /^\s*"?\s*(\w*smiles\w*|smi|mol|molecule|structure)\s*"?\s*$/i;
const SMILES_KEY_BEFORE = /["']?\w*smiles\w*["']?\s*(=|:|=>)\s*$/i;
/** Characters a SMILES (or reaction SMILES) token is made of, in prose and code. */
const TOKEN_CHAR = /[A-Za-z0-9@+\-=#$:/\\%.()[\]*~>]/;
/**
 * A letter, digit, mark or invisible control outside ASCII: a run of SMILES characters touching one is part of a
 * word in another script or of a look-alike (`CC(=O)Oc1ccccc1Сl` with a Cyrillic С), never a SMILES on its own.
 */
const FOREIGN_WORD_CHAR = /[\p{L}\p{M}\p{N}\p{Cf}\p{Co}\p{Cs}]/u;

export function candidateAt(src: TextSource, line: number, character: number): Candidate | undefined {
  if (line < 0 || line >= src.lineCount) return undefined;
  const text = src.lineAt(line);
  const mode = documentMode(src);
  const found =
    mode === 'delimited'
      ? inCell(src, line, text, character)
      : mode === 'smi'
        ? inSmiLine(line, text, character)
        : mode === 'markdown'
          ? inMarkdown(line, text, character)
          : mode === 'code'
            ? inCode(line, text, character)
            : tokenAt(line, text, character, 'token');
  return found && accept(found) ? found : undefined;
}

type Mode = 'delimited' | 'smi' | 'markdown' | 'code' | 'text';

function documentMode(src: TextSource): Mode {
  const ext = /\.([A-Za-z]+)$/.exec(src.fileName ?? '')?.[1]?.toLowerCase();
  if (src.languageId === 'csv' || src.languageId === 'tsv' || ext === 'csv' || ext === 'tsv') return 'delimited';
  if (src.languageId === 'smiles' || ext === 'smi' || ext === 'smiles') return 'smi';
  if (src.languageId === 'markdown') return 'markdown';
  if (CODE_LANGUAGES.has(src.languageId)) return 'code';
  return 'text';
}

/** The evidence rule: does this candidate look enough like SMILES for its context? (RDKit decides the rest.) */
export function accept(c: Candidate): boolean {
  if (STOP_WORDS.has(c.text)) return false;
  if (c.kind === 'reaction') return c.evidence !== 'token';
  // Where the context says SMILES, text RDKit would misread (look-alike letters, inner spaces) is shown with the reason.
  if (c.evidence === 'column' && smilesTextError(c.text)) return true;
  const lexed = lexSmiles(c.text);
  if (lexed.errorAt !== undefined) return false;
  if (c.kind === 'smarts') return c.evidence !== 'token';
  const first = lexed.tokens[0];
  if (!first || first.type !== 'atom') return false;
  const atoms = lexed.tokens.filter(t => t.type === 'atom');
  if (c.evidence === 'column') return atoms.length >= 1;
  if (atoms.length < 2) return false;
  const structured =
    lexed.tokens.some(t => t.type !== 'atom' && t.type !== 'dot') || atoms.some(a => a.bracket || a.aromatic);
  return structured || atoms.length >= MIN_ATOMS_WITHOUT_STRUCTURE[c.evidence];
}

function make(line: number, text: string, start: number, evidence: Evidence): Candidate {
  const lexed = lexSmiles(text);
  // Text refused before RDKit is judged as a molecule, so the card gives the reason rather than a reaction/SMARTS note.
  const kind: CandidateKind = smilesTextError(text)
    ? 'molecule'
    : isReaction(text)
      ? 'reaction'
      : lexed.smartsLike
        ? 'smarts'
        : 'molecule';
  return { text, line, start, end: start + text.length, evidence, kind };
}

/** reactants>agents>products, each part empty or SMILES. */
function isReaction(text: string): boolean {
  const parts = text.split('>');
  return (
    parts.length === 3 &&
    parts.some(p => p.length > 0) &&
    parts.every(p => p.length === 0 || lexSmiles(p).errorAt === undefined)
  );
}

/** The token under the cursor: a maximal run of SMILES characters, trimmed of sentence punctuation. */
function tokenAt(line: number, text: string, character: number, evidence: Evidence): Candidate | undefined {
  const isChar = (i: number) => i >= 0 && i < text.length && TOKEN_CHAR.test(text[i]!);
  let start = character,
    end = character;
  if (!isChar(character)) {
    if (isChar(character - 1)) {
      start = end = character - 1;
    } else return undefined;
  }
  while (isChar(start - 1)) start--;
  while (isChar(end)) end++;
  if (FOREIGN_WORD_CHAR.test(text[start - 1] ?? '') || FOREIGN_WORD_CHAR.test(text[end] ?? '')) return undefined;
  let token = text.slice(start, end);
  // Sentence punctuation and a wrapping parenthesis are prose, not SMILES.
  for (;;) {
    const before = token;
    if (/[.:]$/.test(token)) token = token.slice(0, -1);
    // A SMILES never starts with '(' or '.', nor ends with an unmatched ')'.
    if (/^[(.]/.test(token)) {
      token = token.slice(1);
      start++;
    }
    if (token.endsWith(')') && balance(token) < 0) token = token.slice(0, -1);
    if (token === before) break;
  }
  if (token.includes('>') && !isReaction(token)) {
    // A comparison or an arrow, not a reaction: keep the part under the cursor.
    const rel = Math.min(Math.max(character - start, 0), token.length);
    const partStart = token.lastIndexOf('>', rel - 1) + 1;
    const partEnd = token.indexOf('>', rel);
    token = token.slice(partStart, partEnd < 0 ? undefined : partEnd);
    start += partStart;
  }
  if (character < start || character > start + token.length || token.length === 0) return undefined;
  return make(line, token, start, evidence);
}

function balance(s: string): number {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
  }
  return depth;
}

/** Quoted string literals on one line (content ranges), up to a comment. */
function literals(text: string): Array<{ start: number; end: number; raw: boolean }> {
  const out: Array<{ start: number; end: number; raw: boolean }> = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    // A comment runs to the end of the line: apostrophes in it are not quotes.
    if (
      (ch === '#' && /\s|$/.test(text[i + 1] ?? '')) ||
      (text.startsWith('//', i) && /(^|\s)$/.test(text.slice(0, i)))
    )
      break;
    if (ch === '"' || ch === "'" || ch === '`') {
      const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      const raw = /[rR]$/.test(text.slice(0, i)) && !/\w[rR]$/.test(text.slice(0, i));
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) j += text[j] === '\\' && !raw ? 2 : 1;
      out.push({ start: i + quote.length, end: Math.min(j, text.length), raw });
      i = j + quote.length;
      continue;
    }
    i++;
  }
  return out;
}

function inCode(line: number, text: string, character: number): Candidate | undefined {
  const literal = literals(text).find(l => character >= l.start && character <= l.end);
  if (!literal) {
    // Unquoted YAML values (`smiles: CCO`) and words in code or comments.
    const token = tokenAt(line, text, character, 'token');
    if (token && SMILES_KEY_BEFORE.test(text.slice(0, token.start))) token.evidence = 'column';
    return token;
  }
  const content = text.slice(literal.start, literal.end);
  const smilesKey = SMILES_KEY_BEFORE.test(text.slice(0, literal.start - 1));
  // The value of a key named like "smiles" is one SMILES even with a space in it (which the card then refuses).
  if (smilesKey && content.trim().length > 0 && !/["']/.test(content) && smilesTextError(content)) {
    const lead = content.length - content.trimStart().length;
    return make(line, content.trim(), literal.start + lead, 'column');
  }
  if (content.length > 0 && !/[\s"']/.test(content)) {
    const evidence: Evidence = smilesKey ? 'column' : 'literal';
    // In source text a SMILES backslash bond is written `\\` (unless the string is raw).
    const value = literal.raw ? content : content.replace(/\\\\/g, '\\');
    const c = make(line, value, literal.start, evidence);
    c.end = literal.end;
    return c;
  }
  // A sentence or a JSON-escaped line of code inside the literal: look at the word under the cursor.
  const masked = content.replace(/\\["'nt]/g, '  ');
  const token = tokenAt(line, ' '.repeat(literal.start) + masked, character, 'token');
  return token;
}

function inMarkdown(line: number, text: string, character: number): Candidate | undefined {
  const span = /`([^`]+)`/g;
  for (let m = span.exec(text); m; m = span.exec(text)) {
    const start = m.index + 1,
      end = start + m[1]!.length;
    if (character < start || character > end) continue;
    const code = m[1]!;
    if (/\s/.test(code.trim())) return tokenAt(line, text.slice(0, end), character, 'token');
    const lead = code.length - code.trimStart().length;
    return make(line, code.trim(), start + lead, 'literal');
  }
  return tokenAt(line, text, character, 'token');
}

/** CSV/TSV: the cell under the cursor; cells of a column whose header names SMILES count as SMILES. */
function inCell(src: TextSource, line: number, text: string, character: number): Candidate | undefined {
  const delimiter =
    src.languageId === 'tsv' || /\.tsv$/i.test(src.fileName ?? '') || (text.includes('\t') && !text.includes(','))
      ? '\t'
      : ',';
  const cells = splitCells(text, delimiter);
  const index = cells.findIndex(c => character >= c.start && character <= c.end);
  if (index < 0 || line === 0) return undefined;
  const cell = cells[index]!;
  const header = splitCells(src.lineAt(0), delimiter)[index];
  const evidence: Evidence =
    header && SMILES_HEADER.test(src.lineAt(0).slice(header.start, header.end)) ? 'column' : 'token';
  const value = text.slice(cell.start, cell.end);
  const lead = value.length - value.trimStart().length;
  // A SMILES cell with a space or a look-alike in it is one candidate, refused with the reason (never its first word).
  if (evidence === 'column' && value.trim().length > 0 && smilesTextError(value))
    return make(line, value.trim(), cell.start + lead, evidence);
  if (value.trim().length === 0 || /\s/.test(value.trim()))
    return tokenAt(line, text.slice(0, cell.end), character, 'token');
  return make(line, value.trim(), cell.start + lead, evidence);
}

/** Cell ranges (content only, quotes excluded) of one delimited line; quoted cells may hold the delimiter. */
export function splitCells(text: string, delimiter: string): Array<{ start: number; end: number }> {
  const cells: Array<{ start: number; end: number }> = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === '"' && text[j + 1] !== '"')) j += text[j] === '"' ? 2 : 1;
      cells.push({ start: i + 1, end: j });
      const next = text.indexOf(delimiter, j);
      if (next < 0) break;
      i = next + 1;
    } else {
      const next = text.indexOf(delimiter, i);
      cells.push({ start: i, end: next < 0 ? text.replace(/\r$/, '').length : next });
      if (next < 0) break;
      i = next + 1;
    }
  }
  return cells;
}

/** .smi: the first whitespace-separated field is the SMILES, the rest is its name; `#` starts a comment line. */
function inSmiLine(line: number, text: string, character: number): Candidate | undefined {
  if (/^\s*#/.test(text)) return undefined;
  const m = /^(\s*)(\S+)/.exec(text);
  if (!m) return undefined;
  const start = m[1]!.length,
    end = start + m[2]!.length;
  if (character < start || character > end) return undefined;
  return make(line, m[2]!, start, 'column');
}
