// What the property-based (fuzz) tests share: the run count and seed, the committed real files they start from, and
// arbitraries that mutate real text. A failing property prints its seed and smallest counterexample (fast-check).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { readText, type FileFormat } from '../../src/core/io';

export const ROOT = path.resolve(__dirname, '../../..');

/** A fixed seed, so that a failure reproduces; FUZZ_SEED explores another part of the input space. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261204);

/** Runs per property: `fallback` by default (the suite stays quick), FUZZ_RUNS for longer local runs. */
export function runs(fallback: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function params(fallback: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: runs(fallback) };
}

/** Committed real data files (samples and test fixtures) with one of these extensions. */
export function realFiles(...extensions: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (extensions.some(x => e.name.toLowerCase().endsWith(x))) out.push(p);
    }
  };
  walk(path.join(ROOT, 'samples/datasets'));
  walk(path.join(ROOT, 'test/fixtures/data'));
  return out.sort();
}

/** The first `maxLines` lines of a real file (the header and a few rows keep each run quick). */
export function excerpt(file: string, maxLines: number): string {
  const text = fs.readFileSync(file, 'utf8');
  let end = 0;
  for (let i = 0; i < maxLines && end >= 0; i++) end = text.indexOf('\n', end + 1);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** Characters that matter to the readers and to SMILES, and look-alikes from outside ASCII. */
export const TRICKY_CHARS = [
  '"',
  "'",
  ',',
  '\t',
  '\n',
  '\r',
  '\r\n',
  ' ',
  ';',
  '#',
  '>',
  '<',
  '$',
  '\\',
  '/',
  '\ufeff',
  '\u0000',
  '(',
  ')',
  '[',
  ']',
  '=',
  '@',
  '+',
  '-',
  '.',
  '%',
  '1',
  '2',
  '9',
  'C',
  'c',
  'N',
  'O',
  'n',
  'o',
  'H',
  'Cl',
  'Br',
  // Look-alikes: Cyrillic С/О, full-width (, non-breaking and zero-width spaces, en dash, minus sign, curly quotes.
  '\u0421',
  '\u041e',
  '\uff08',
  '\u00a0',
  '\u200b',
  '\u2013',
  '\u2212',
  '\u201c',
  '\u2019',
  'é',
  '☃',
  '\ud83e\uddea',
];

export const trickyChar = fc.constantFrom(...TRICKY_CHARS);

/** Text made of the tricky characters and plain ones. */
export function trickyText(maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.oneof(trickyChar, fc.string({ maxLength: 3 })), { maxLength }).map(parts => parts.join(''));
}

type Edit = { at: number; op: 'insert' | 'delete' | 'replace'; text: string; length: number };

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  op: fc.constantFrom('insert', 'delete', 'replace'),
  text: fc.oneof(
    { weight: 3, arbitrary: trickyChar },
    { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'grapheme' }) },
  ),
  length: fc.integer({ min: 1, max: 4 }),
});

/** Lone UTF-16 surrogates (an edit may split a pair): text decoded from a file never holds one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Applies edits at relative positions, so that the same edits make sense for texts of any length. */
export function applyEdits(base: string, edits: Edit[]): string {
  let s = base;
  for (const e of edits) {
    const i = Math.floor(e.at * (s.length + 1));
    if (e.op === 'insert') s = s.slice(0, i) + e.text + s.slice(i);
    else if (e.op === 'delete') s = s.slice(0, i) + s.slice(i + e.length);
    else s = s.slice(0, i) + e.text + s.slice(i + e.length);
  }
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** One of `bases`, changed by up to `maxEdits` insertions, deletions and replacements. */
export function mutated(bases: readonly string[], maxEdits = 6): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...bases), fc.array(edit, { maxLength: maxEdits })).map(([b, e]) => applyEdits(b, e));
}

/** Excerpts of the committed real files, per format (TSV: CSV files with their commas turned into tabs). */
export function realTexts(): Record<FileFormat, string[]> {
  const csv = realFiles('.csv').map(f => excerpt(f, 12));
  const sdf = realFiles('.sdf').map(f => excerpt(f, 120));
  sdf.push(
    zlib
      .gunzipSync(fs.readFileSync(realFiles('.sdf.gz')[0]!))
      .toString('utf8')
      .split('\n')
      .slice(0, 150)
      .join('\n'),
  );
  return { csv, tsv: csv.map(t => t.replace(/,/g, '\t')), smi: realFiles('.smi').map(f => excerpt(f, 20)), sdf };
}

/** SMILES from the committed real files: the molecule column of the first rows of each CSV, and the .smi files. */
export function realSmiles(): string[] {
  const out = new Set<string>();
  for (const file of [...realFiles('.csv'), ...realFiles('.smi')]) {
    const table = readText(excerpt(file, 8), file.endsWith('.smi') ? 'smi' : 'csv');
    for (const row of table.rows) {
      const t = row.cells[table.columns.molecule]?.text;
      if (t) out.add(t);
    }
  }
  return [...out];
}

/** Bytes of a text in one of the encodings a user's file may come in. */
export const ENCODINGS: Record<string, (text: string) => Buffer> = {
  'utf-8': t => Buffer.from(t, 'utf8'),
  'utf-8 with BOM': t => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
  'utf-16le with BOM': t => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  'utf-16be with BOM': t => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]),
  'latin-1': t => Buffer.from(t, 'latin1'),
};
