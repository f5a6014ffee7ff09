// A molecule that traps RDKit's WebAssembly (a 1,000-atom ring) in the middle of a file of real molecules: every model command
// refuses that row as too large and processes all the others, through the built CLI and the bundled model.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { tempDir, REPO } from './model-fixtures';
import { mapWithRdkit } from '../../src/core/chem/rdkit';

const CLI = path.join(REPO, 'dist/cli.js');
const MODEL = path.join(REPO, 'models/default');
function molml(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const csvRows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

const TRAP = 'C1' + 'C'.repeat(998) + 'C1';
/** The file's length and the 1-based data row of the trap molecule (the middle), set when the file is written. */
let ROWS = 0;
let TRAP_ROW = 0;
const work = tempDir('trap');
const FILE = path.join(work, 'trap.csv');
const HEAD = path.join(work, 'pic50.head.json');
/** The reason every command gives for the trap row. */
const tooLarge = () =>
  new RegExp(
    `^row ${TRAP_ROW}: "C1C+(1|…)": (.*: )?(RDKit failed on this molecule \\(1000 heavy atoms\\): it is too large for RDKit's WebAssembly build|too large: 1000 heavy atoms)`,
    'm',
  );

before(async () => {
  // Real molecules: the hERG set (with pIC50 labels) and ClinTox SMILES (unlabelled) that RDKit reads and the model
  // can take (short, organic subset: ClinTox also holds deliberately broken rows and metal complexes).
  const herg = csvRows(fs.readFileSync(path.join(REPO, 'samples/datasets/herg_activities.csv'), 'utf8')).map(r => [
    r.canonical_smiles,
    (9 - Math.log10(Number(r.standard_value))).toFixed(3),
  ]);
  const clintox = csvRows(fs.readFileSync(path.join(REPO, 'samples/datasets/clintox_raw.csv'), 'utf8'))
    .map(r => r.smiles)
    .filter(s => !/[*[]/.test(s) && s.length <= 100);
  const readable = await mapWithRdkit(clintox, (rd, s) => rd.withMol(s, () => true).ok);
  const rows = [...herg, ...clintox.filter((_, i) => readable[i]).map(s => [s, ''])];
  ROWS = rows.length + 1;
  TRAP_ROW = Math.ceil(ROWS / 2);
  assert.ok(ROWS >= 35);
  rows.splice(TRAP_ROW - 1, 0, [TRAP, '']);
  fs.writeFileSync(FILE, ['smiles,pIC50', ...rows.map(r => r.join(','))].join('\n') + '\n');
});

/** The rows a command refused (1-based), from its stderr. */
/** Rows listed as refused on stderr (rows scored with a warning, e.g. a salt read as the model was trained, are not). */
function refusedRows(stderr: string): number[] {
  return [...stderr.matchAll(/^row (\d+): (.*)$/gm)].filter(m => !/: warning: /.test(m[2])).map(m => Number(m[1]));
}

describe('a molecule that traps RDKit in the middle of a file', () => {
  it('molml embed embeds every other row', () => {
    const out = path.join(work, 'emb.csv');
    const r = molml('embed', FILE, '--model', MODEL, '--device', 'cpu', '--out', out);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, tooLarge());
    assert.deepEqual(refusedRows(r.stderr), [TRAP_ROW]);
    assert.match(r.stderr, new RegExp(`embedded ${ROWS - 1} of ${ROWS} molecules`));
    const embedded = csvRows(fs.readFileSync(out, 'utf8')).map(x => Number(x.row));
    assert.deepEqual(
      embedded,
      Array.from({ length: ROWS }, (_, i) => i + 1).filter(n => n !== TRAP_ROW),
    );
  });

  it('molml train trains on every other labelled row', () => {
    const r = molml('train', FILE, '--label', 'pIC50', '--model', MODEL, '--device', 'cpu', '--out', HEAD);
    // Trained and saved: rows it could not use are listed on stderr and do not fail the command.
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, tooLarge());
    assert.deepEqual(refusedRows(r.stderr), [TRAP_ROW]);
    // Every candidate cross-validates on all 33 labelled rows: none was lost to the trap.
    assert.match(r.stdout, /^embedding \(.*\)\s+33\s/m);
    assert.match(r.stdout, /^ecfp \(Morgan r2\/2048\)\s+33\s/m);
    assert.match(r.stdout, /^embedding \(.*\) \+ ecfp\s+33\s/m);
    assert.ok(fs.statSync(HEAD).size > 0);
  });

  it('molml predict predicts every other row, with the model and with a head', () => {
    const out = path.join(work, 'pred.json');
    const r = molml('predict', FILE, '--model', MODEL, '--head', HEAD, '--device', 'cpu', '--out', out);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, tooLarge());
    assert.deepEqual(refusedRows(r.stderr), [TRAP_ROW]);
    const records = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{
      row: number;
      error?: string;
      predictions: Record<string, number>;
    }>;
    assert.equal(records.length, ROWS);
    for (const rec of records) {
      if (rec.row === TRAP_ROW) {
        assert.match(rec.error!, /too large/);
        assert.deepEqual(rec.predictions, {});
      } else {
        assert.equal(rec.error, undefined, `row ${rec.row}`);
        assert.ok(Number.isFinite(rec.predictions.pIC50), `row ${rec.row}`);
        assert.ok(Object.keys(rec.predictions).length > 1, `row ${rec.row}`);
      }
    }
  });

  it('molml similar ranks every other row', () => {
    const r = molml(
      'similar',
      'CN(C)CCCN1c2ccccc2CCc3ccccc13',
      FILE,
      '--model',
      MODEL,
      '--device',
      'cpu',
      '--top',
      String(ROWS),
      '--json',
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, tooLarge());
    assert.deepEqual(refusedRows(r.stderr), [TRAP_ROW]);
    const sections = JSON.parse(r.stdout) as Array<{ kind: string; hits: Array<{ row: number }> }>;
    assert.deepEqual(
      sections.map(s => s.kind),
      ['ecfp-tanimoto', 'embedding-cosine'],
    );
    for (const s of sections) {
      assert.equal(s.hits.length, ROWS - 1, s.kind);
      assert.ok(!s.hits.some(h => h.row === TRAP_ROW), s.kind);
    }
  });
});
