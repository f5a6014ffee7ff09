// The model subcommands end to end through the built CLI, with the tiny graph fixture model (embeddings only), the
// tiny SMILES fixture model (with tasks), and real ESOL / BBBP rows.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { tempDir, TINY_DIR, TINY_GRAPH_DIR, ESOL_CSV, REPO } from './model-fixtures';

const CLI = path.join(REPO, 'dist/cli.js');
// Once the default model ships in models/default, commands without --model use it.
const HAS_DEFAULT = fs.existsSync(path.join(REPO, 'models/default/manifest.json'));
function molml(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const csv = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

const work = tempDir('cli');
const ESOL = path.join(work, 'esol.csv');
const ESOL_BAD = path.join(work, 'esol_bad.csv');
const BBBP = path.join(work, 'bbbp.csv');
const HEAD = path.join(work, 'logS.head.json');
const LABEL = 'measured log solubility in mols per litre';

before(() => {
  const lines = fs.readFileSync(ESOL_CSV, 'utf8').split('\n');
  fs.writeFileSync(ESOL, lines.slice(0, 81).join('\n') + '\n');
  // Two broken rows among good ones: a syntax error and a dummy atom the graph model cannot take.
  const header = lines[0].split(',');
  const bad = (smiles: string) =>
    header
      .map(h => (h === 'smiles' ? smiles : h === LABEL ? '-1.0' : h.startsWith('Compound') ? 'broken' : '1'))
      .join(',');
  fs.writeFileSync(ESOL_BAD, [...lines.slice(0, 6), bad('C1CC('), bad('*CC'), ...lines.slice(6, 11)].join('\n') + '\n');
  const bbbp = fs.readFileSync(path.resolve(path.dirname(ESOL_CSV), 'bbbp_BBBP.csv'), 'utf8').split('\n');
  fs.writeFileSync(BBBP, [bbbp[0], ...bbbp.slice(1, 31), ...bbbp.slice(-41)].join('\n') + '\n');
});

describe('molml models', () => {
  it('lists models with kind, licence and tasks', () => {
    const r = molml('models', '--model', TINY_GRAPH_DIR, '--model', TINY_DIR);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /tiny-graph-test@1\.0\.0\n.*input: graph \(hu-molclr\); embedding: h \[16\]; licence: MIT/);
    assert.match(r.stdout, /tasks: none/);
    assert.match(r.stdout, /task logS: regression \(log10\(mol\/L\)\)/);
    assert.match(r.stdout, /task soluble: classification/);
    const json = JSON.parse(molml('models', '--model', TINY_DIR, '--json').stdout);
    const tiny = json.models.find((m: { id: string }) => m.id === 'tiny-smiles-test');
    assert.equal(tiny.input.tokenizer.vocabulary, 32);
    if (HAS_DEFAULT) assert.match(r.stdout, /^\S+ \(default\)$/m);
  });

  it('exits 2 naming the file when a model directory is broken', () => {
    const r = molml('models', '--model', TINY_GRAPH_DIR, '--model', work);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(`${path.join(work, 'manifest.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot read`),
    );
    assert.match(r.stdout, /tiny-graph-test/);
  });
});

describe('molml embed', () => {
  it('writes one CSV row of 16 values per molecule', () => {
    const out = path.join(work, 'emb.csv');
    const r = molml('embed', ESOL, '--model', TINY_GRAPH_DIR, '--out', out, '--device', 'cpu', '--batch-size', '16');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /embedded 80 of 80 molecules with tiny-graph-test@1\.0\.0 on cpu/);
    const rows = csv(fs.readFileSync(out, 'utf8'));
    assert.equal(rows.length, 80);
    assert.equal(Object.keys(rows[0]).length, 2 + 16);
    assert.ok(Number.isFinite(Number(rows[79].emb_15)));
  });

  it('writes .npy with NaN rows for refused molecules, lists them on stderr and exits 1', () => {
    const out = path.join(work, 'emb.npy');
    const r = molml('embed', ESOL_BAD, '--model', TINY_GRAPH_DIR, '--out', out);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^row 6: "C1CC\(": unparsable: /m);
    assert.match(r.stderr, /^row 7: "\*CC": atom 1: dummy atom/m);
    const buf = fs.readFileSync(out);
    const headerLen = buf.readUInt16LE(8);
    assert.match(
      buf.subarray(10, 10 + headerLen).toString('latin1'),
      /'descr': '<f4', 'fortran_order': False, 'shape': \(12, 16\)/,
    );
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset + 10 + headerLen, buf.byteOffset + buf.length));
    assert.equal(data.length, 12 * 16);
    assert.ok(Number.isNaN(data[5 * 16]) && Number.isFinite(data[4 * 16]) && Number.isFinite(data[7 * 16]));
  });

  it('exits 2 for usage and I/O errors', () => {
    assert.equal(molml('embed', ESOL, '--model', TINY_GRAPH_DIR, '--device', 'tpu').code, 2);
    assert.equal(molml('embed', ESOL, '--model', TINY_GRAPH_DIR, '--batch-size', '0').code, 2);
    const missing = molml('embed', path.join(work, 'nope.csv'), '--model', TINY_GRAPH_DIR);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file: .*nope\.csv/);
    const noModel = molml('embed', ESOL);
    if (HAS_DEFAULT) assert.equal(noModel.code, 0, noModel.stderr);
    else {
      assert.equal(noModel.code, 2);
      assert.match(noModel.stderr, /no model: pass --model DIR/);
    }
  });
});

describe('molml similar', () => {
  it('ranks by ECFP Tanimoto and by embedding cosine', () => {
    const r = molml('similar', 'Cc1ccccc1O', ESOL, '--model', TINY_GRAPH_DIR, '--top', '3', '--json');
    assert.equal(r.code, 0, r.stderr);
    const sections = JSON.parse(r.stdout) as { kind: string; hits: { row: number; smiles: string; score: number }[] }[];
    assert.deepEqual(
      sections.map(s => s.kind),
      ['ecfp-tanimoto', 'embedding-cosine'],
    );
    for (const s of sections) {
      assert.equal(s.hits.length, 3);
      assert.ok(s.hits[0].score >= s.hits[1].score && s.hits[1].score >= s.hits[2].score);
    }
    // ESOL row 55 is o-cresol itself.
    assert.equal(sections[0].hits[0].smiles, 'Cc1ccccc1O');
    assert.equal(sections[0].hits[0].score, 1);
  });

  it('without --model: ECFP, plus the default model when there is one; a bad query is a usage error', () => {
    const r = molml('similar', 'CCO', ESOL, '--top', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ECFP Tanimoto/);
    if (HAS_DEFAULT) assert.match(r.stdout, /Embedding cosine/);
    else assert.doesNotMatch(r.stdout, /cosine/);
    assert.equal(molml('similar', 'C1CC(', ESOL).code, 2);
  });
});

describe('molml train and predict', () => {
  it('cross-validates embeddings, ECFP and both in scaffold folds, beside a baseline, and saves the best head', () => {
    const r = molml('train', ESOL, '--label', LABEL, '--model', TINY_GRAPH_DIR, '--out', HEAD, '--folds', '4');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /4-fold scaffold cross-validation, regression .*: 80 rows used, 0 labelled rows refused/);
    assert.match(r.stdout, /embedding \(tiny-graph-test@1\.0\.0\)\s+80\s+ridge/);
    assert.match(r.stdout, /ecfp \(Morgan r2\/2048\)\s+80\s+ridge/);
    assert.match(r.stdout, /embedding \(tiny-graph-test@1\.0\.0\) \+ ecfp\s+80\s+ridge/);
    assert.match(r.stdout, /baseline: training-fold mean\s+80\s+[\d.]+/);
    assert.match(r.stdout, /in-sample \(optimistic\): /);
    assert.match(r.stderr, /cross-validating ecfp \(Morgan r2\/2048\) \(5 fits\)/);
    const head = JSON.parse(fs.readFileSync(HEAD, 'utf8'));
    assert.equal(head.format, 'molml-head/1');
    assert.equal(head.applicability.fingerprints.length, 80);
    assert.equal(head.ensemble.weights.length, 4);
    assert.ok(head.metrics.rmse > 0 && head.metrics.rows === 80);
    assert.equal(head.validation.split, 'scaffold');
    assert.equal(head.validation.folds, 4);
    assert.deepEqual(head.validation.rows, { used: 80, refused: 0 });
    assert.equal(head.validation.crossValidated.rmse, head.metrics.rmse);
    assert.equal(head.validation.baseline.predictor, 'mean');
    assert.ok(head.validation.baseline.metrics.rmse > 0 && head.validation.inSample.rmse < head.metrics.rmse);
  });

  it('classification with ECFP in random folds prints ROC-AUC and the prior baseline', () => {
    const r = molml('train', BBBP, '--label', 'p_np', '--features', 'ecfp', '--folds', '3', '--split', 'random');
    assert.match(r.stdout, /3-fold random cross-validation, classification of "p_np"/);
    assert.match(r.stdout, /ecfp \(Morgan r2\/2048\)\s+\d+\s+logistic\s+[\d.]+\s+0\.\d{3}/);
    assert.match(r.stdout, /baseline: training-fold prior/);
    assert.equal(r.code, 0, r.stderr);
  });

  it('rows that cannot be used are listed with a warning and the head is still saved (exit 0)', () => {
    const out = path.join(work, 'bad.head.json');
    const r = molml('train', ESOL_BAD, '--label', LABEL, '--features', 'ecfp', '--folds', '2', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^row 6: /m);
    assert.match(r.stderr, /^warning: \d+ labelled rows? (was|were) refused \(listed above\); trained on \d+ rows$/m);
    assert.ok(JSON.parse(fs.readFileSync(out, 'utf8')).validation.rows.refused >= 1);
  });

  it('a head on embedding + ECFP predicts from both what it fitted', () => {
    const head = path.join(work, 'combined.head.json');
    const args = ['--label', LABEL, '--model', TINY_GRAPH_DIR, '--features', 'combined', '--folds', '3'];
    const r = molml('train', ESOL, ...args, '--split', 'random', '--out', head);
    assert.equal(r.code, 0, r.stderr);
    const file = JSON.parse(fs.readFileSync(head, 'utf8'));
    assert.equal(file.features.kind, 'embedding+ecfp');
    assert.equal(file.validation.split, 'random');
    assert.equal(file.weights.length, file.standardization.mean.length);
    const out = path.join(work, 'combined.csv');
    const p = molml('predict', ESOL, '--model', TINY_GRAPH_DIR, '--head', head, '--out', out);
    assert.equal(p.code, 0, p.stderr);
    const rows = csv(fs.readFileSync(out, 'utf8'));
    const task = file.task.name;
    const sq = rows.reduce((a, row) => a + (Number(row[`pred_${task}`]) - Number(row[LABEL])) ** 2, 0);
    // The saved head on its training rows reproduces the in-sample fit it reports.
    assert.ok(Math.abs(Math.sqrt(sq / rows.length) - file.validation.inSample.rmse) < 1e-3);
  });

  it('predict with a head: input columns, prediction, uncertainty and AD similarity', () => {
    const out = path.join(work, 'pred.csv');
    const r = molml('predict', ESOL_BAD, '--model', TINY_GRAPH_DIR, '--head', HEAD, '--out', out);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^row 6: /m);
    const rows = csv(fs.readFileSync(out, 'utf8'));
    assert.equal(rows.length, 12);
    const task = JSON.parse(fs.readFileSync(HEAD, 'utf8')).task.name;
    assert.deepEqual(Object.keys(rows[0]).slice(-4), [`pred_${task}`, `unc_${task}`, 'ad_similarity', 'model_warning']);
    assert.equal(rows[0].smiles, 'OCC3OC(OCC2OC(OC(C#N)c1ccccc1)C(O)C(O)C2O)C(O)C(O)C3O ');
    assert.equal(Number(rows[0].ad_similarity), 1, 'a training molecule is its own nearest neighbour');
    assert.equal(rows[5][`pred_${task}`], '');
    assert.ok(Math.abs(Number(rows[1][`pred_${task}`]) - -3.3) < 2);
  });

  it("predict with a model's own tasks from SMILES arguments, as JSON, and --tasks", () => {
    const r = molml('predict', 'CCO', 'c1ccccc1O', '--model', TINY_DIR, '--format', 'json', '--tasks', 'logS');
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout);
    assert.equal(rows.length, 2);
    assert.deepEqual(Object.keys(rows[0].predictions), ['logS']);
    const csvOut = molml('predict', 'CCO', 'CCBr', '--model', TINY_DIR);
    assert.equal(csvOut.code, 1);
    assert.deepEqual(Object.keys(csv(csvOut.stdout)[0]), ['smiles', 'pred_logS', 'pred_soluble', 'model_warning']);
    assert.match(csvOut.stderr, /row 2: "CCBr": tiny-smiles-test@1\.0\.0: unknown token "Br"/);
  });

  it(
    'predict scores what the default model reads in part, as in training, and flags it; exit 0',
    { skip: !HAS_DEFAULT },
    () => {
      const salt = 'CC(C)NCC(O)c1ccc(O)c(O)c1.Cl';
      const long = 'C'.repeat(130);
      const r = molml('predict', salt, long, 'CCO', '--tasks', 'ESOL_logS', '--precision', 'fp32');
      assert.equal(r.code, 0, r.stderr);
      const rows = csv(r.stdout);
      assert.deepEqual(Object.keys(rows[0]), ['smiles', 'pred_ESOL_logS', 'model_warning']);
      assert.match(rows[0].model_warning, /unknown token "\." read as the unknown token/);
      assert.match(rows[1].model_warning, /^truncated: the model read the first 126 of 130 SMILES tokens$/);
      assert.equal(rows[2].model_warning, '');
      assert.ok(rows.every(row => Number.isFinite(Number(row.pred_ESOL_logS))));
      assert.match(r.stderr, /row 2: "C{20,}.*": warning: truncated/);
      const json = JSON.parse(molml('predict', long, 'CCO', '--format', 'json', '--tasks', 'ESOL_logS').stdout);
      assert.match(json[0].warning, /truncated/);
      assert.equal(json[1].warning, undefined);
    },
  );

  it('predict refuses look-alike characters and inner spaces with the reason and exits 1; a trailing space is fine', () => {
    const file = path.join(work, 'look-alikes.csv');
    fs.writeFileSync(
      file,
      'smiles,name\nCCO ,ethanol\n\u0421\u0421O,cyrillic\nCC O,spaced\nc1ccccc1O,phenol\nC\u039F,greek\n',
    );
    const r = molml('predict', file, '--model', TINY_DIR, '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const rows = JSON.parse(r.stdout) as Array<{ row: number; error?: string; predictions: Record<string, number> }>;
    assert.deepEqual(
      rows.map(x => [x.row, Object.keys(x.predictions).length > 0]),
      [
        [1, true],
        [2, false],
        [3, false],
        [4, true],
        [5, false],
      ],
    );
    assert.equal(
      rows[1].error,
      'tiny-smiles-test@1.0.0: refused: character 1 is U+0421 CYRILLIC CAPITAL LETTER ES, which looks like C (2 such characters in all)',
    );
    assert.equal(
      rows[2].error,
      "tiny-smiles-test@1.0.0: refused: a space at position 3: RDKit would read 'O' as a name and drop it",
    );
    assert.match(
      r.stderr,
      /^row 2: "\u0421\u0421O": tiny-smiles-test@1\.0\.0: refused: character 1 is U\+0421 CYRILLIC CAPITAL LETTER ES/m,
    );
    assert.match(r.stderr, /^row 3: "CC O": tiny-smiles-test@1\.0\.0: refused: a space at position 3/m);
    assert.match(
      r.stderr,
      /^row 5: "C\u039F": tiny-smiles-test@1\.0\.0: refused: character 2 is U\+039F GREEK CAPITAL LETTER OMICRON, which looks like O$/m,
    );
    const args = molml('predict', 'c1ccccc1 Cl', '--model', TINY_DIR);
    assert.equal(args.code, 1);
    assert.equal(csv(args.stdout)[0].pred_logS, '', 'no prediction for benzene in place of chlorobenzene');
    assert.match(
      args.stderr,
      /row 1: "c1ccccc1 Cl": tiny-smiles-test@1\.0\.0: refused: a space at position 9: RDKit would read 'Cl' as a name and drop it/,
    );
  });

  it('runs a large file in parallel shards with the same results, in row order, as one run', () => {
    // ESOL four times (4,512 rows), some of them refused by the tiny model's vocabulary (Br, Cl, ...).
    const lines = fs.readFileSync(ESOL_CSV, 'utf8').trim().split('\n');
    const big = path.join(work, 'esol_x4.csv');
    const rows = lines.slice(1);
    // The halves differ (the second is reversed), so a shard merged at the wrong offset shows.
    fs.writeFileSync(
      big,
      [lines[0], ...rows, ...rows, ...[...rows].reverse(), ...[...rows].reverse()].join('\n') + '\n',
    );
    const shards = Math.min(4, os.availableParallelism(), Math.floor(((lines.length - 1) * 4) / 2000));
    // The shards share a disk cache: a second run finds every molecule there and gives the same vectors.
    const cache = tempDir('cache');
    const cacheLines = () =>
      fs
        .readdirSync(cache)
        .map(f =>
          fs
            .readFileSync(path.join(cache, f), 'utf8')
            .trim()
            .split('\n')
            .map(l => JSON.parse(l).k as string),
        )
        .flat();
    molml('embed', big, '--model', TINY_DIR, '--out', path.join(work, 'first.npy'), '--cache-dir', cache);
    const afterFirst = cacheLines();
    const sharded = molml(
      'embed',
      big,
      '--model',
      TINY_DIR,
      '--out',
      path.join(work, 'sharded.npy'),
      '--cache-dir',
      cache,
    );
    const single = molml('embed', big, '--model', TINY_DIR, '--out', path.join(work, 'single.npy'), '--shards', '1');
    assert.ok(new Set(afterFirst).size > 900, `${new Set(afterFirst).size} molecules cached`);
    assert.equal(cacheLines().length, afterFirst.length, 'the second run computed nothing');
    assert.equal(sharded.code, 1, sharded.stderr);
    const refused = (stderr: string) => stderr.split('\n').filter(l => l.startsWith('row '));
    assert.ok(refused(sharded.stderr).length > 0);
    assert.deepEqual(
      refused(sharded.stderr),
      refused(single.stderr),
      'the same rows are refused, with the same messages',
    );
    if (shards > 1) assert.match(sharded.stderr, new RegExp(`in ${shards} parallel shards`));
    assert.doesNotMatch(single.stderr, /parallel shards/);
    const floats = (name: string) => {
      const x = fs.readFileSync(path.join(work, name));
      const start = 10 + x.readUInt16LE(8);
      return new Float32Array(x.buffer.slice(x.byteOffset + start, x.byteOffset + x.length));
    };
    // Batches differ between the runs (float32 rounding, ~1e-7); a misplaced row would differ by far more.
    const single32 = floats('single.npy');
    for (const other of ['first.npy', 'sharded.npy']) {
      const f = floats(other);
      assert.equal(f.length, single32.length);
      let worst = 0;
      f.forEach((x, i) => {
        worst = Math.max(worst, Number.isNaN(x) && Number.isNaN(single32[i]) ? 0 : Math.abs(x - single32[i]));
      });
      assert.ok(worst < 1e-4, `${other}: max |difference| ${worst}`);
    }
    const p1 = JSON.parse(molml('predict', big, '--model', TINY_DIR, '--format', 'json').stdout);
    const p2 = JSON.parse(molml('predict', big, '--model', TINY_DIR, '--format', 'json', '--shards', '1').stdout);
    assert.equal(molml('predict', 'CCO', '--model', TINY_DIR, '--shards', '0').code, 2);
    assert.equal(p1.length, 4 * (lines.length - 1));
    p1.forEach((r: { row: number; error?: string; predictions: Record<string, number> }, i: number) => {
      assert.equal(r.row, p2[i].row);
      assert.equal(r.error, p2[i].error);
      for (const [task, v] of Object.entries(r.predictions))
        assert.ok(Math.abs(v - p2[i].predictions[task]) < 1e-4, `row ${r.row} ${task}`);
    });
  });

  it('exits 2 when nothing can be predicted or a task is unknown', () => {
    const none = molml('predict', 'CCO', '--model', TINY_GRAPH_DIR);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /has no prediction tasks/);
    assert.equal(molml('predict', 'CCO', '--model', TINY_DIR, '--tasks', 'pIC50').code, 2);
    const wrongModel = molml('predict', 'CCO', '--model', TINY_DIR, '--head', HEAD);
    assert.equal(wrongModel.code, 2);
    assert.match(
      wrongModel.stderr,
      /trained on tiny-graph-test@1\.0\.0 embeddings, but the model is tiny-smiles-test@1\.0\.0/,
    );
  });
});
