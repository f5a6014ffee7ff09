// BibTeX and one-line citations built from the catalog's verified fields only. An author list that could not be
// checked against a source is never exported: such entries become @misc (which needs no author) with a note.
import type { Reference } from '../../common/survey/types';

export type EntryType = 'article' | 'inproceedings' | 'misc';

/** Fields every entry of a type must carry (BibTeX's standard styles warn or fail without them). */
export const REQUIRED_FIELDS: Record<EntryType, readonly string[]> = {
  article: ['author', 'title', 'journal', 'year'],
  inproceedings: ['author', 'title', 'booktitle', 'year'],
  misc: [],
};

const PREPRINT = /\b(arxiv|chemrxiv|biorxiv|openreview|easychair)\b/i;
const PROCEEDINGS =
  /\b(neurips|nips|iclr|icml|kdd|aaai|ijcai|www|cikm|sdm|emnlp|acl|eccv|cvpr|iccv|icassp|wsdm|sigir|ecml|icoin|ijcnn|bibm|workshop|conference|proceedings|symposium)\b/i;

/** The entry type a venue label implies, given whether the authors are known. */
export function entryType(ref: Reference): EntryType {
  if (ref.authorsStatus !== 'verified' || ref.authors.length === 0) return 'misc';
  if (PREPRINT.test(ref.venue)) return 'misc';
  return PROCEEDINGS.test(ref.venue) ? 'inproceedings' : 'article';
}

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Escapes the characters that are special to (La)TeX; letters outside ASCII are kept as UTF-8. */
export function escapeBibtex(s: string): string {
  return s
    .replace(/[\\{}&%$#_~^]/g, c => SPECIAL[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

export function arxivId(url: string | undefined): string | null {
  const m = url ? /arxiv\.org\/(?:abs|pdf)\/([0-9]{4}\.[0-9]{4,5}|[a-z-]+\/[0-9]{7})/i.exec(url) : null;
  return m ? (m[1] ?? null) : null;
}

export function doiOf(url: string | undefined): string | null {
  const m = url ? /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\S+)$/i.exec(url) : null;
  return m ? (m[1] ?? null) : null;
}

export const AUTHORS_MISSING_NOTE = 'Author list not verified; see the paper';

export function bibtexFields(ref: Reference): Array<[string, string]> {
  const type = entryType(ref);
  const fields: Array<[string, string]> = [];
  if (ref.authorsStatus === 'verified' && ref.authors.length > 0)
    fields.push(['author', ref.authors.map(escapeBibtex).join(' and ')]);
  // Double braces keep the title's capitalisation (model names, SMILES, 3D) in every style.
  fields.push(['title', `{${escapeBibtex(ref.title)}}`]);
  if (type === 'article') fields.push(['journal', escapeBibtex(ref.venue)]);
  else if (type === 'inproceedings') fields.push(['booktitle', escapeBibtex(ref.venue)]);
  else fields.push(['howpublished', escapeBibtex(ref.venue)]);
  fields.push(['year', String(ref.year)]);
  if (ref.pages) fields.push(['pages', ref.pages.replace('-', '--')]);
  const doi = doiOf(ref.links.doi);
  if (doi) fields.push(['doi', escapeBibtex(doi)]);
  const arxiv = arxivId(ref.links.arxiv ?? ref.links.paper);
  if (arxiv) {
    fields.push(['eprint', arxiv]);
    fields.push(['archiveprefix', 'arXiv']);
  }
  const url = ref.links.paper ?? ref.links.arxiv ?? ref.links.doi;
  if (url) fields.push(['url', url.replace(/[{}\\\s]/g, encodeURIComponent)]);
  if (ref.authorsStatus !== 'verified') fields.push(['note', AUTHORS_MISSING_NOTE]);
  return fields;
}

export function toBibtex(ref: Reference): string {
  const fields = bibtexFields(ref);
  const width = Math.max(...fields.map(([k]) => k.length));
  const body = fields.map(([k, v]) => `  ${k.padEnd(width)} = {${v}}`).join(',\n');
  return `@${entryType(ref)}{${ref.id},\n${body}\n}\n`;
}

/** "A, B and C (2022). Title. Venue. URL" — or "[authors not verified]" in place of the names. */
export function citationLine(ref: Reference): string {
  const names =
    ref.authorsStatus === 'verified' && ref.authors.length > 0 ? joinNames(ref.authors) : '[authors not verified]';
  const url = ref.links.doi ?? ref.links.paper ?? ref.links.arxiv;
  const title = ref.title.replace(/[.\s]+$/, '');
  return `${names} (${ref.year}). ${title}. ${ref.venue}.${url ? ` ${url}` : ''}`;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What to insert at the cursor: a LaTeX \cite in TeX files, a Markdown link in Markdown, else the citation line. */
export function inlineCitation(ref: Reference, languageId: string): string {
  if (languageId === 'latex' || languageId === 'tex' || languageId === 'bibtex') return `\\cite{${ref.id}}`;
  if (languageId === 'markdown') {
    const url = ref.links.doi ?? ref.links.paper ?? ref.links.arxiv;
    const line = citationLine(ref).replace(/\s\S+$/, url ? '' : '$&');
    return url ? `[${line.replace(/[[\]]/g, '\\$&')}](${url.replace(/[()\s]/g, encodeURIComponent)})` : line;
  }
  return citationLine(ref);
}
