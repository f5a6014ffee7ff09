// SMILES are plain ASCII without inner whitespace. RDKit does not refuse the rest, it misreads it: a Cyrillic С
// (U+0421) or a Greek Ο is dropped with the atoms around it (`ССO` parses as water), a leading right-to-left override
// vanishes, and text after a space is read as the molecule's name (`c1ccccc1 Cl` is benzene). This check runs before
// RDKit sees any SMILES or SMARTS text, so such text is refused with a reason instead of becoming another molecule.
import type { ParseError } from './rdkit';

/** Whitespace a cell may carry around its SMILES (ESOL has trailing spaces); anything else is part of the text. */
const EDGE_SPACE = /^[ \t\r\n\f\v]*/;
const EDGE_SPACE_END = /[ \t\r\n\f\v]*$/;
const CX_EXTENSION = /[ \t]+\|[^|\s]+\|$/;

type Confusable = readonly [name: string, looksLike: string];

/** Letters and signs from other scripts that render like the ASCII characters of a SMILES. */
const LOOK_ALIKES: ReadonlyMap<number, Confusable> = new Map<number, Confusable>([
  [0x0405, ['CYRILLIC CAPITAL LETTER DZE', 'S']],
  [0x0406, ['CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I', 'I']],
  [0x0410, ['CYRILLIC CAPITAL LETTER A', 'A']],
  [0x0412, ['CYRILLIC CAPITAL LETTER VE', 'B']],
  [0x0415, ['CYRILLIC CAPITAL LETTER IE', 'E']],
  [0x041a, ['CYRILLIC CAPITAL LETTER KA', 'K']],
  [0x041c, ['CYRILLIC CAPITAL LETTER EM', 'M']],
  [0x041d, ['CYRILLIC CAPITAL LETTER EN', 'H']],
  [0x041e, ['CYRILLIC CAPITAL LETTER O', 'O']],
  [0x0420, ['CYRILLIC CAPITAL LETTER ER', 'P']],
  [0x0421, ['CYRILLIC CAPITAL LETTER ES', 'C']],
  [0x0422, ['CYRILLIC CAPITAL LETTER TE', 'T']],
  [0x0425, ['CYRILLIC CAPITAL LETTER HA', 'X']],
  [0x0430, ['CYRILLIC SMALL LETTER A', 'a']],
  [0x0435, ['CYRILLIC SMALL LETTER IE', 'e']],
  [0x043e, ['CYRILLIC SMALL LETTER O', 'o']],
  [0x043f, ['CYRILLIC SMALL LETTER PE', 'n']],
  [0x0440, ['CYRILLIC SMALL LETTER ER', 'p']],
  [0x0441, ['CYRILLIC SMALL LETTER ES', 'c']],
  [0x0455, ['CYRILLIC SMALL LETTER DZE', 's']],
  [0x0456, ['CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I', 'i']],
  [0x0391, ['GREEK CAPITAL LETTER ALPHA', 'A']],
  [0x0392, ['GREEK CAPITAL LETTER BETA', 'B']],
  [0x0395, ['GREEK CAPITAL LETTER EPSILON', 'E']],
  [0x0397, ['GREEK CAPITAL LETTER ETA', 'H']],
  [0x0399, ['GREEK CAPITAL LETTER IOTA', 'I']],
  [0x039a, ['GREEK CAPITAL LETTER KAPPA', 'K']],
  [0x039c, ['GREEK CAPITAL LETTER MU', 'M']],
  [0x039d, ['GREEK CAPITAL LETTER NU', 'N']],
  [0x039f, ['GREEK CAPITAL LETTER OMICRON', 'O']],
  [0x03a1, ['GREEK CAPITAL LETTER RHO', 'P']],
  [0x03a4, ['GREEK CAPITAL LETTER TAU', 'T']],
  [0x03a7, ['GREEK CAPITAL LETTER CHI', 'X']],
  [0x03b1, ['GREEK SMALL LETTER ALPHA', 'a']],
  [0x03b5, ['GREEK SMALL LETTER EPSILON', 'e']],
  [0x03b7, ['GREEK SMALL LETTER ETA', 'n']],
  [0x03bf, ['GREEK SMALL LETTER OMICRON', 'o']],
  [0x03c1, ['GREEK SMALL LETTER RHO', 'p']],
  [0x03f2, ['GREEK LUNATE SIGMA SYMBOL', 'c']],
  [0x03f9, ['GREEK CAPITAL LUNATE SIGMA SYMBOL', 'C']],
  [0x2010, ['HYPHEN', '-']],
  [0x2011, ['NON-BREAKING HYPHEN', '-']],
  [0x2013, ['EN DASH', '-']],
  [0x2212, ['MINUS SIGN', '-']],
  [0x2261, ['IDENTICAL TO', '#']],
  [0xff1d, ['FULLWIDTH EQUALS SIGN', '=']],
]);

/** Characters that show nothing (or only a gap) but change what the text means or how it is displayed. */
const INVISIBLES: ReadonlyMap<number, readonly [name: string, what: string]> = new Map([
  [0x00a0, ['NO-BREAK SPACE', 'a space that is not an ASCII space']],
  [0x2007, ['FIGURE SPACE', 'a space that is not an ASCII space']],
  [0x202f, ['NARROW NO-BREAK SPACE', 'a space that is not an ASCII space']],
  [0x3000, ['IDEOGRAPHIC SPACE', 'a space that is not an ASCII space']],
  [0x00ad, ['SOFT HYPHEN', 'an invisible hyphenation hint']],
  [0x200b, ['ZERO WIDTH SPACE', 'an invisible zero-width character']],
  [0x200c, ['ZERO WIDTH NON-JOINER', 'an invisible zero-width character']],
  [0x200d, ['ZERO WIDTH JOINER', 'an invisible zero-width character']],
  [0x2060, ['WORD JOINER', 'an invisible zero-width character']],
  [0xfeff, ['ZERO WIDTH NO-BREAK SPACE (byte order mark)', 'an invisible zero-width character']],
  [0x061c, ['ARABIC LETTER MARK', 'an invisible bidirectional-text control']],
  [0x200e, ['LEFT-TO-RIGHT MARK', 'an invisible bidirectional-text control']],
  [0x200f, ['RIGHT-TO-LEFT MARK', 'an invisible bidirectional-text control']],
  [0x202a, ['LEFT-TO-RIGHT EMBEDDING', 'an invisible bidirectional-text control']],
  [0x202b, ['RIGHT-TO-LEFT EMBEDDING', 'an invisible bidirectional-text control']],
  [0x202c, ['POP DIRECTIONAL FORMATTING', 'an invisible bidirectional-text control']],
  [0x202d, ['LEFT-TO-RIGHT OVERRIDE', 'an invisible bidirectional-text control']],
  [0x202e, ['RIGHT-TO-LEFT OVERRIDE', 'an invisible bidirectional-text control']],
  [0x2066, ['LEFT-TO-RIGHT ISOLATE', 'an invisible bidirectional-text control']],
  [0x2067, ['RIGHT-TO-LEFT ISOLATE', 'an invisible bidirectional-text control']],
  [0x2068, ['FIRST STRONG ISOLATE', 'an invisible bidirectional-text control']],
  [0x2069, ['POP DIRECTIONAL ISOLATE', 'an invisible bidirectional-text control']],
]);

const INNER_SPACES: Record<string, string> = {
  ' ': 'a space',
  '\t': 'a tab',
  '\n': 'a line break',
  '\r': 'a line break',
  '\f': 'a form feed',
  '\v': 'a vertical tab',
};

/** `U+0421`: the code point as Unicode writes it. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What one non-ASCII (or ASCII control) character is, in words: name and look-alike where we know them. */
export function describeCharacter(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const code = codePointLabel(cp);
  const lookAlike = LOOK_ALIKES.get(cp);
  if (lookAlike) return `${code} ${lookAlike[0]}, which looks like ${lookAlike[1]}`;
  const invisible = INVISIBLES.get(cp);
  if (invisible) return `${code} ${invisible[0]}, ${invisible[1]}`;
  if (cp < 0x20 || cp === 0x7f) return `${code}, a control character`;
  // Accented and full-width letters: their compatibility decomposition starts with the ASCII letter they resemble.
  const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  const like = /^[\x21-\x7E]$/.test(base) ? `, which looks like ${base}` : '';
  const kind = /\p{L}/u.test(ch)
    ? 'a letter outside ASCII'
    : /\p{Cf}/u.test(ch)
      ? 'an invisible formatting character'
      : /\p{Z}/u.test(ch)
        ? 'a space that is not an ASCII space'
        : 'a character outside ASCII';
  // Only a visible character is quoted: an invisible one in the message would do to the message what it did to the SMILES.
  const shown = /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? ` '${ch}'` : '';
  return `${code}${shown}, ${kind}${like}`;
}

/**
 * Why `text` must not be read as SMILES (or SMARTS), or undefined when it is safe to hand to RDKit. ASCII whitespace
 * around the text is allowed; `position` is the 0-based offset into `text` as given, the message counts from 1.
 */
export function smilesTextError(text: string): ParseError | undefined {
  const start = EDGE_SPACE.exec(text)![0].length;
  const end = Math.max(start, text.length - EDGE_SPACE_END.exec(text)![0].length);
  // A CXSMILES extension (`C[C@H](O)F |&1:1|`) follows a space and is read by RDKit, not dropped.
  const cx = CX_EXTENSION.exec(text.slice(start, end));
  const cxStart = cx ? start + cx.index : end;
  let firstSpace: number | undefined, firstOdd: number | undefined;
  let odd = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue;
    if (INNER_SPACES[text[i]!] !== undefined) {
      if (i < cxStart) firstSpace ??= i;
      continue;
    }
    firstOdd ??= i;
    odd++;
    // A surrogate pair is one character.
    if (c >= 0xd800 && c < 0xdc00) i++;
  }
  if (firstSpace !== undefined && (firstOdd === undefined || firstSpace < firstOdd)) {
    const name = text.slice(firstSpace, end).trim();
    const shown = name.length > 24 ? `${name.slice(0, 24)}…` : name;
    return {
      kind: 'text',
      position: firstSpace,
      message: `${INNER_SPACES[text[firstSpace]!]} at position ${firstSpace + 1}: RDKit would read '${shown}' as a name and drop it`,
    };
  }
  if (firstOdd === undefined) return undefined;
  const ch = String.fromCodePoint(text.codePointAt(firstOdd)!);
  const more = odd > 1 ? ` (${odd} such characters in all)` : '';
  return { kind: 'text', position: firstOdd, message: `character ${firstOdd + 1} is ${describeCharacter(ch)}${more}` };
}
