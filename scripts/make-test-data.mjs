// Writes the compact real-data fixtures under test/fixtures/data/ from the full public files, and the lint
// reference for those subsets. Each fixture is a prefix, a fixed stride or a column projection of one source file
// (test/fixtures/data/SOURCES.md says which), so every line is a line of the source or a cut of one.
//
//   MOLML_DATA=/path/to/data node scripts/make-test-data.mjs
//
// MOLML_DATA holds the full files in the layout moleculenet/, dirty/ (see test/fixtures/data/SOURCES.md).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = process.env.MOLML_DATA;
if (!source) {
  console.error('set MOLML_DATA to the folder holding moleculenet/ and dirty/');
  process.exit(2);
}
const out = path.join(root, 'test/fixtures/data');

/** Lines of a text file, keeping each line's own ending (CRLF files stay CRLF). */
const linesOf = text => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Header plus the first `rows` data lines. The files taken this way have no quoted cell spanning lines. */
function prefix(rel, rows) {
  const lines = linesOf(fs.readFileSync(path.join(source, rel), 'utf8'));
  return lines.slice(0, rows + 1).join('');
}

/** Header plus every `every`-th data line (the 1st, the (every+1)-th, ...). */
function stride(rel, every, keep = l => l) {
  const lines = linesOf(fs.readFileSync(path.join(source, rel), 'utf8'));
  return [lines[0], ...lines.slice(1).filter((_, i) => i % every === 0)].map(keep).join('');
}

/** The first `n` comma-separated cells of a line with no quoted commas (BACE's descriptor table). */
const firstCells = n => line =>
  line
    .replace(/\r?\n$/, '')
    .split(',')
    .slice(0, n)
    .join(',') + '\n';

/** The first `records` SDF records. */
function sdfPrefix(text, records) {
  const parts = text.split(/(?<=\n\$\$\$\$\r?\n)/);
  return parts.slice(0, records).join('');
}

const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
  fs.writeFileSync(path.join(out, rel), text);
};
const copy = rel => write(rel, fs.readFileSync(path.join(source, rel), 'utf8'));

// MoleculeNet: whole small files, strided large ones.
for (const f of ['esol_delaney-processed.csv', 'freesolv_SAMPL.csv', 'clintox.csv', 'bbbp_BBBP.csv'])
  copy(`moleculenet/${f}`);
write('moleculenet/bace_every6th.csv', stride('moleculenet/bace.csv', 6, firstCells(5)));
write('moleculenet/hiv_every80th.csv', stride('moleculenet/hiv_HIV.csv', 80));

// Dirty files: prefixes that keep each file's problems (duplicates always point back to an earlier row, so a
// prefix keeps them right).
const PREFIX_ROWS = {
  'chembl_hERG_activities_raw.csv': 1200,
  'sweetlead_deepchem.csv': 2000,
  'tox21_deepchem_raw.csv': 2500,
  'hiv_deepchem_raw_crlf.csv': 4500,
};
for (const [f, n] of Object.entries(PREFIX_ROWS)) write(`dirty/${f}`, prefix(`dirty/${f}`, n));
for (const f of [
  'clintox_deepchem_raw.csv',
  'freesolv_SAMPL_deepchem_raw.csv',
  'witch_salts.sdf',
  'good_bad_good_bad.sdf',
])
  copy(`dirty/${f}`);
// BACE with its 41 Train/Valid duplicate pairs (all within the first 245 rows); the 590 descriptor columns are cut.
write(
  'dirty/bace_raw_with_split_duplicates_300rows.csv',
  prefix('dirty/bace_raw_1554rows_with_split_duplicates.csv', 300)
    .split(/(?<=\n)/)
    .map(firstCells(8))
    .join(''),
);
const pubchem = zlib.gunzipSync(fs.readFileSync(path.join(source, 'dirty/pubchem_hard_set.sdf.gz'))).toString('utf8');
write('dirty/pubchem_hard_set_150.sdf.gz', zlib.gzipSync(Buffer.from(sdfPrefix(pubchem, 150)), { level: 9 }));

// The lint reference for these files: /usr/bin/python3 bench/lint_rdkit.py counts test/fixtures/data/dirty/... (see
// test/unit/lint-reference.test.ts for the list) > test/fixtures/lint-reference.json
console.log(`wrote ${out}`);
