// Model runtime on real ONNX files: the token path (tiny SMILES encoder fixture with numpy reference outputs), the
// graph path (tiny graph encoder fixture with numpy reference outputs), pre-flight refusals, provider fallback, the
// results cache, cancellation, progress and load errors.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Model, ModelLoadError, readManifest } from '../../src/core/model/runtime';
import { SmilesTokenizer, smilesPolicy } from '../../src/core/model/smiles-tokenizer';
import { validateManifest, normalizeManifest, formatIssues } from '../../src/core/model/manifest';
import * as ort from 'onnxruntime-node';
import { createSession, cudaProviderPresent } from '../../src/core/model/providers';
import { cacheFileName } from '../../src/core/model/cache';
import { listModels, loadModels } from '../../src/core/model/registry';
import { runSharded, shardCount } from '../../src/core/model/sharded';
import {
  TINY_DIR,
  TINY_GRAPH_DIR,
  REPO,
  molclrManifest,
  tempDir,
  maxAbsDiff,
  readJsonl,
  checkGraphFeatures,
  type GraphReference,
} from './model-fixtures';

interface TinyRef {
  smiles: string;
  ids: number[];
  embedding: number[];
  logS: number;
  soluble: number;
}
const tinyRefs = (): TinyRef[] =>
  fs
    .readFileSync(path.join(TINY_DIR, 'reference.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l) as TinyRef);
const tinyGraphRefs = () => readJsonl<GraphReference>(path.join(TINY_GRAPH_DIR, 'reference.jsonl'));
const tinyGraphManifest = () =>
  JSON.parse(fs.readFileSync(path.join(TINY_GRAPH_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;

const opened: Model[] = [];
async function load(dir: string, options: Parameters<typeof Model.load>[1] = { device: 'cpu' }) {
  const m = await Model.load(dir, options);
  opened.push(m);
  return m;
}
after(async () => {
  for (const m of opened) await m.dispose();
});

describe('SMILES tokenizer', () => {
  const spec = readManifest(TINY_DIR).manifest;
  const tokenizer = new SmilesTokenizer(spec.input.kind === 'smiles' ? spec.input.tokenizer : assert.fail());

  it('encodes like the reference tokenizer (Python re.findall) with bos/eos', () => {
    for (const r of tinyRefs()) {
      const t = tokenizer.encode(r.smiles);
      assert.ok(t.ok, r.smiles);
      assert.deepEqual(t.ids, r.ids);
    }
  });

  it('splits bracket atoms and two-letter elements into single tokens', () => {
    assert.deepEqual(tokenizer.tokens('C[NH3+]CCl'), ['C', '[NH3+]', 'C', 'Cl']);
  });

  it('refuses unknown tokens and text the regex skips, naming them', () => {
    const br = tokenizer.encode('CCBr');
    assert.equal(br.ok, false);
    assert.match((br as { reason: string }).reason, /unknown token "Br"/);
    const junk = tokenizer.encode('CC§');
    assert.match((junk as { reason: string }).reason, /"§"/);
  });

  it('the position table really ends at maxLength: a longer sequence fails inside onnxruntime', async () => {
    const s = await createSession(path.join(TINY_DIR, 'model.onnx'), 'cpu');
    const feed = (len: number) => ({
      input_ids: new ort.Tensor('int64', new BigInt64Array(len).fill(10n), [1, len]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(len).fill(1n), [1, len]),
    });
    await s.session.run(feed(48));
    await assert.rejects(s.session.run(feed(49)), /Non-zero status code/);
    await s.session.release();
  });

  it('refuses sequences longer than maxLength instead of truncating (manifests without an input policy)', () => {
    const t = tokenizer.encode('C'.repeat(47));
    assert.equal(t.ok, false);
    assert.match((t as { reason: string }).reason, /too long: 49 tokens .* at most 48/);
    assert.ok(tokenizer.encode('C'.repeat(46)).ok);
  });

  it('under a training-like policy truncates to the position table and reads unknown tokens as <unk>, flagged', () => {
    const spec = readManifest(TINY_DIR).manifest.input;
    assert.ok(spec.kind === 'smiles');
    const lenient = new SmilesTokenizer(spec.tokenizer, { tooLong: 'truncate', unknownTokens: 'unk' });
    const { bos, eos, unk } = spec.tokenizer.specialTokens;
    const long = lenient.encode('C'.repeat(60) + 'O');
    assert.ok(long.ok);
    assert.equal(long.ids.length, 48);
    assert.deepEqual([long.ids[0], long.ids[47]], [bos, eos]);
    assert.deepEqual(long.warnings, ['truncated: the model read the first 46 of 61 SMILES tokens']);
    assert.deepEqual(long.ids, (lenient.encode('C'.repeat(46)) as { ids: number[] }).ids);
    // Text the regex skips is one <unk> per character, as the training tokenizer splits it.
    const odd = lenient.encode('CCBr.§§');
    assert.ok(odd.ok);
    assert.deepEqual(odd.ids.slice(1, -1).slice(2), [unk, unk, unk, unk]);
    assert.match(odd.warnings[0], /unknown tokens "Br", "\.", "§" read as the unknown token/);
    // A model with no unknown-token id still refuses.
    const noUnk = new SmilesTokenizer(
      { ...spec.tokenizer, specialTokens: { ...spec.tokenizer.specialTokens, unk: undefined } },
      { tooLong: 'truncate', unknownTokens: 'unk' },
    );
    assert.equal(noUnk.encode('CCBr').ok, false);
  });

  it('the input policy defaults to what manifests without one always got', () => {
    const spec = readManifest(TINY_DIR).manifest.input;
    assert.ok(spec.kind === 'smiles');
    assert.deepEqual(smilesPolicy(spec), { fragments: 'largest', tooLong: 'refuse', unknownTokens: 'refuse' });
    const withDot = { ...spec.tokenizer, vocabulary: [...spec.tokenizer.vocabulary, '.'] };
    assert.equal(smilesPolicy({ ...spec, tokenizer: withDot }).fragments, 'all');
    assert.equal(smilesPolicy({ ...spec, policy: { fragments: 'all' } }).fragments, 'all');
  });
});

describe('manifest validation', () => {
  it('accepts the fixtures and the MolCLR manifest', () => {
    assert.ok(validateManifest(JSON.parse(fs.readFileSync(path.join(TINY_DIR, 'manifest.json'), 'utf8'))).ok);
    assert.ok(validateManifest(tinyGraphManifest()).ok);
    assert.ok(validateManifest(molclrManifest()).ok);
  });

  it('checks the input policy, and reads it from the exporter layout', () => {
    const fixture = JSON.parse(fs.readFileSync(path.join(TINY_DIR, 'manifest.json'), 'utf8'));
    const withPolicy = (policy: unknown, dropUnk = false) => {
      const { unk, ...others } = fixture.input.tokenizer.specialTokens;
      const specialTokens = dropUnk ? others : { ...others, unk };
      return {
        ...fixture,
        input: { ...fixture.input, tokenizer: { ...fixture.input.tokenizer, specialTokens }, policy },
      };
    };
    assert.ok(validateManifest(withPolicy({ fragments: 'all', tooLong: 'truncate', unknownTokens: 'unk' })).ok);
    const issues = (json: unknown) => {
      const v = validateManifest(json);
      return v.ok ? '' : formatIssues('m', v.issues);
    };
    assert.match(
      issues(withPolicy({ fragments: 'parent' })),
      /input\.policy\.fragments: must be one of "all", "largest"/,
    );
    assert.match(issues(withPolicy({ truncate: true })), /input\.policy: unknown field truncate/);
    assert.match(
      issues(withPolicy({ unknownTokens: 'unk' }, true)),
      /input\.policy\.unknownTokens: "unk" needs tokenizer\.specialTokens\.unk/,
    );
    const exported = JSON.parse(fs.readFileSync(path.join(REPO, 'models/default/manifest.json'), 'utf8'));
    const normalized = normalizeManifest(exported) as { input: { policy: unknown } };
    assert.deepEqual(normalized.input.policy, { fragments: 'all', tooLong: 'truncate', unknownTokens: 'unk' });
    assert.ok(validateManifest(normalized).ok);
  });

  it('names every bad field', () => {
    const bad = {
      id: 'x',
      version: 1,
      licence: 'MIT',
      input: {
        kind: 'smiles',
        tokenizer: {
          vocabulary: ['a', 'a'],
          regex: '(',
          maxLength: 0,
          canonicalization: 'yes',
          specialTokens: { pad: 9, cls: 1 },
        },
      },
      outputs: {},
      tasks: [{ name: 'bad name', type: 'ranking', output: 'y', transform: { type: 'affine', scale: 'x' } }],
    };
    const v = validateManifest(bad);
    assert.equal(v.ok, false);
    const text = formatIssues('manifest.json', (v as { issues: { field: string; message: string }[] }).issues);
    for (const needle of [
      'manifest.json: version: must be a non-empty string',
      'input.tokenizer.vocabulary[1]: duplicate token "a"',
      'input.tokenizer.regex: is not a valid JavaScript regular expression',
      'input.tokenizer.maxLength',
      'input.tokenizer.canonicalization: must be one of "rdkit", "none"',
      'input.tokenizer.specialTokens.pad: must be a token id in the vocabulary (0..1)',
      'input.tokenizer.specialTokens: unknown special token cls (use pad, bos, eos, unk, mask)',
      'outputs.embedding: is required',
      'tasks[0].name: may only hold',
      'tasks[0].type: must be one of "regression", "classification"',
      'tasks[0].transform.scale: must be a finite number',
    ])
      assert.ok(text.includes(needle), `missing "${needle}" in:\n${text}`);
  });
});

/** The fixture described in the layout MolML's training exporter writes (training/export.py). */
function exporterLayoutDir(): string {
  const fixture = JSON.parse(fs.readFileSync(path.join(TINY_DIR, 'manifest.json'), 'utf8'));
  const t = fixture.input.tokenizer;
  const dir = tempDir('export-layout');
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      id: 'tiny-exported',
      version: '0.1.0',
      licence: 'MIT (weights); training data licences below',
      description: 'test',
      file: { name: path.join(TINY_DIR, 'model.onnx'), sha256: 'n/a', opset: 13 },
      input: {
        kind: 'smiles',
        canonicalisation: 'RDKit canonical isomeric SMILES (Chem.MolToSmiles(mol))',
        tensors: [],
      },
      tokenizer: {
        type: 'regex',
        regex: t.regex,
        vocabulary: t.vocabulary,
        max_length: t.maxLength,
        special_tokens: { '<pad>': 0, '<unk>': 1, '<bos>': 2, '<eos>': 3, '<mask>': 4 },
        template: '<bos> tokens <eos>',
        unknown: 'tokens not in the vocabulary map to <unk>',
        truncation: 'keep the first tokens',
        padding: 'right',
      },
      outputs: [
        { name: 'embedding', shape: ['batch', 8] },
        { name: 'predictions', shape: ['batch', 2] },
      ],
      tasks: [
        {
          index: 0,
          name: 'ESOL logS',
          dataset: 'ESOL',
          source_column: 'logS',
          type: 'regression',
          units: 'log10(mol/L)',
          output_transform: 'none (folded into the graph)',
        },
        {
          index: 1,
          name: 'soluble',
          dataset: 'ESOL',
          source_column: 'soluble',
          type: 'classification',
          units: '',
          output_transform: 'none (sigmoid folded into the graph)',
        },
      ],
      training: { epochs: 1 },
      training_data: [{ name: 'ESOL' }],
      metrics: { ESOL: { rmse: 1 } },
      references: ['hu2020strategies'],
    }),
  );
  return dir;
}

describe('model runtime: token path', () => {
  it("reads the training exporter's manifest layout (tasks as columns of one output)", async () => {
    const model = await load(exporterLayoutDir());
    assert.equal(model.manifest.input.kind === 'smiles' && model.manifest.input.tokenizer.canonicalization, 'rdkit');
    assert.deepEqual(
      model.tasks.map(t => [t.name, t.output, t.index]),
      [
        ['ESOL_logS', 'predictions', 0],
        ['soluble', 'predictions', 1],
      ],
    );
    const refs = tinyRefs().slice(0, 12);
    const run = await model.run(
      refs.map(r => r.smiles),
      { batchSize: 5 },
    );
    run.results.forEach((r, i) => {
      assert.ok(maxAbsDiff(r!.embedding, refs[i].embedding) < 1e-5);
      assert.ok(Math.abs(r!.predictions.ESOL_logS - refs[i].logS) < 1e-4);
      assert.ok(Math.abs(r!.predictions.soluble - refs[i].soluble) < 1e-5);
    });
  });

  it('reproduces the numpy reference embeddings and transformed task outputs', async () => {
    const model = await load(TINY_DIR);
    const refs = tinyRefs();
    const run = await model.run(
      refs.map(r => r.smiles),
      { batchSize: 7 },
    );
    assert.deepEqual(run.issues, []);
    assert.equal(run.device, 'cpu');
    run.results.forEach((r, i) => {
      assert.equal(r!.key, refs[i].smiles, "RDKit 2026 canonical SMILES equals the fixture's");
      assert.ok(maxAbsDiff(r!.embedding, refs[i].embedding) < 1e-5, r!.key);
      assert.ok(Math.abs(r!.predictions.logS - refs[i].logS) < 1e-4);
      assert.ok(Math.abs(r!.predictions.soluble - refs[i].soluble) < 1e-5);
    });
  });

  it('reports refused molecules with row index, input and reason, and runs the rest', async () => {
    const model = await load(TINY_DIR);
    const inputs = ['CCO', 'C1CC', '', 'CCBr', 'C'.repeat(60), 'c1ccccc1O', 'CC(=O)Oc1ccccc1C(=O)O'];
    const run = await model.run(inputs);
    assert.deepEqual(
      run.issues.map(i => i.index),
      [1, 2, 3, 4],
    );
    assert.match(run.issues[0].reason, /^unparsable: unclosed ring/);
    assert.match(run.issues[1].reason, /unparsable: empty SMILES/);
    assert.match(run.issues[2].reason, /unknown token "Br"/);
    assert.match(run.issues[3].reason, /too long/);
    assert.equal(run.issues[2].input, 'CCBr');
    assert.deepEqual(
      run.results.map(r => r !== undefined),
      [true, false, false, false, false, true, true],
    );
    assert.equal(run.results[5]!.key, 'Oc1ccccc1');
  });

  it('a sharded run (parallel model workers) returns what one run returns, in input order', async () => {
    const model = await load(TINY_DIR);
    const inputs = [...tinyRefs().map(r => r.smiles), 'C1CC', 'CCBr', 'CCO', 'c1ccccc1O'];
    const one = await model.run(inputs);
    const sharded = await runSharded({ directory: TINY_DIR, device: 'cpu' }, inputs, 3);
    assert.deepEqual(sharded.issues, one.issues);
    assert.equal(sharded.results.length, inputs.length);
    sharded.results.forEach((r, i) => {
      const o = one.results[i];
      assert.equal(r?.index, o?.index);
      assert.equal(r?.key, o?.key);
      if (r && o) assert.ok(maxAbsDiff(r.embedding, o.embedding) < 1e-6, r.key);
    });
    assert.equal(shardCount(1000, 8), 1, 'small inputs stay in one run');
    assert.equal(shardCount(41127, 2), 2);
    assert.equal(shardCount(41127, 16), 4);
  });

  it('canonicalises first: two spellings of one molecule share a result and one computation', async () => {
    const model = await load(TINY_DIR);
    const run = await model.run(['OCC', 'C(O)C', 'CCO']);
    assert.equal(run.computed, 1);
    assert.deepEqual(run.results[0]!.embedding, run.results[1]!.embedding);
  });

  it('serves repeats from the memory cache and from the disk cache of a new session', async () => {
    const cacheDirectory = tempDir('cache');
    const smiles = tinyRefs()
      .slice(0, 10)
      .map(r => r.smiles);
    const first = await load(TINY_DIR, { device: 'cpu', cacheDirectory });
    const a = await first.run(smiles);
    assert.equal(a.computed, 10);
    const again = await first.run(smiles);
    assert.equal(again.computed, 0);
    assert.equal(again.cached, 10);
    assert.ok(first.memory.hits >= 10);
    const file = path.join(cacheDirectory, cacheFileName(first.identity));
    assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 10);
    const second = await load(TINY_DIR, { device: 'cpu', cacheDirectory });
    const b = await second.run([...smiles, 'CCCCO']);
    assert.equal(b.cached, 10);
    assert.equal(b.computed, 1);
    assert.ok(second.disk!.hits >= 10);
    b.results.slice(0, 10).forEach((r, i) => assert.deepEqual(r!.embedding, a.results[i]!.embedding));
    assert.equal(b.results[0]!.predictions.logS, a.results[0]!.predictions.logS);
  });

  it('keys the disk cache by id, version and ONNX hash', async () => {
    const m = await load(TINY_DIR);
    assert.match(cacheFileName(m.identity), /^tiny-smiles-test@1\.0\.0-[0-9a-f]{16}\.jsonl$/);
    assert.notEqual(cacheFileName(m.identity), cacheFileName({ ...m.identity, sha256: 'f'.repeat(64) }));
  });

  it('stops between batches when cancelled and reports progress until then', async () => {
    const model = await load(TINY_GRAPH_DIR);
    const smiles = ['CCO', 'CCN', 'CCC', 'CCCl', 'c1ccccc1', 'CC(=O)O', 'CCOC', 'CCCCCC', 'OCCO', 'NCCN'];
    const controller = new AbortController();
    const progress: number[] = [];
    await assert.rejects(
      model.run(smiles, {
        batchSize: 2,
        signal: controller.signal,
        onProgress: done => {
          progress.push(done);
          if (done >= 4) controller.abort();
        },
      }),
      { name: 'AbortError' },
    );
    assert.deepEqual(progress, [0, 2, 4]);
    const full: number[] = [];
    await model.run(smiles, {
      batchSize: 3,
      onProgress: (d, t) => {
        full.push(d);
        assert.equal(t, 10);
      },
    });
    assert.deepEqual(full, [4, 7, 10], 'the 4 finished before cancelling come from the cache');
  });
});

describe('model runtime: graph path', () => {
  it("featurizes the tiny graph reference molecules as RDKit Python does, following MolCLR's rules", async () => {
    const refs = tinyGraphRefs();
    assert.equal(refs.length, 48);
    assert.ok(
      refs.some(r => r.x.some(a => a[1] > 0)) && refs.some(r => r.edge_attr.some(e => e[1] > 0)),
      'the reference has chirality and bond directions',
    );
    assert.equal(await checkGraphFeatures(refs, false), refs.length);
  });

  it('reproduces the numpy reference outputs (h and out) within 1e-5', async () => {
    const refs = tinyGraphRefs();
    for (const output of ['h', 'out'] as const) {
      const dir = tempDir('tiny-graph');
      fs.writeFileSync(
        path.join(dir, 'manifest.json'),
        JSON.stringify({
          ...tinyGraphManifest(),
          onnx: path.join(TINY_GRAPH_DIR, 'model.onnx'),
          outputs: { embedding: output },
        }),
      );
      const model = await load(dir);
      const run = await model.run(
        refs.map(r => r.smiles),
        { batchSize: 7 },
      );
      assert.deepEqual(run.issues, []);
      assert.equal(run.results.length, refs.length);
      let worst = 0;
      run.results.forEach((r, i) => {
        worst = Math.max(worst, maxAbsDiff(r!.embedding, refs[i][output]));
      });
      assert.ok(worst < 1e-5, `max |Δ${output}| = ${worst}`);
    }
  });
});

describe('execution providers', () => {
  const onnx = path.join(TINY_GRAPH_DIR, 'model.onnx');

  it('falls back from WebGPU to the CPU with the reason (no GPU here)', async () => {
    const s = await createSession(onnx, 'webgpu');
    assert.equal(s.device, 'cpu');
    assert.match(s.note!, /^using the CPU \(webgpu: .*adapter/i);
    await s.session.release();
  });

  it('falls back from CUDA to the CPU with the reason', async () => {
    const s = await createSession(onnx, 'cuda');
    assert.equal(s.device, 'cpu');
    assert.match(
      s.note!,
      cudaProviderPresent()
        ? /^using the CPU \(cuda: /
        : /^using the CPU \(cuda: libonnxruntime_providers_cuda\.so is not installed/,
    );
    await s.session.release();
  });

  it('auto tries CUDA and WebGPU, then uses the CPU and says why; the model reports it', async () => {
    const model = await load(TINY_GRAPH_DIR, { device: 'auto' });
    assert.equal(model.device, 'cpu');
    assert.match(model.deviceNote!, /^using the CPU \(cuda: .*; webgpu: /);
    const run = await model.run(['CCO']);
    assert.equal(run.device, 'cpu');
    assert.equal(run.deviceNote, model.deviceNote);
  });

  it('cpu has no note', async () => {
    const s = await createSession(onnx, 'cpu');
    assert.equal(s.note, undefined);
    await s.session.release();
  });
});

describe('user models: load errors', () => {
  it('precision: int8 needs a variant; a variant must exist; auto takes it once the device is the CPU', async () => {
    await assert.rejects(
      Model.load(TINY_DIR, { device: 'cpu', precision: 'int8' }),
      /manifest\.json: this model has no int8 variant/,
    );
    const dir = tempDir('variant');
    const manifest = JSON.parse(fs.readFileSync(path.join(TINY_DIR, 'manifest.json'), 'utf8'));
    fs.copyFileSync(path.join(TINY_DIR, manifest.onnx ?? 'model.onnx'), path.join(dir, 'model.onnx'));
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, onnx: 'model.onnx', variants: [{ precision: 'int8', onnx: 'missing.onnx' }] }),
    );
    await assert.rejects(
      Model.load(dir, { device: 'cpu' }),
      /missing\.onnx: the int8 ONNX file named by .*manifest\.json does not exist/,
    );
    // The same weights under another name stand in for the int8 file: what matters here is which file is chosen.
    fs.copyFileSync(path.join(dir, 'model.onnx'), path.join(dir, 'int8.onnx'));
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, onnx: 'model.onnx', variants: [{ precision: 'int8', onnx: 'int8.onnx' }] }),
    );
    const auto = await load(dir, { device: 'auto' });
    assert.equal(auto.device, 'cpu');
    assert.equal(auto.precision, 'int8');
    assert.equal(auto.onnxPath, path.join(dir, 'int8.onnx'));
    assert.match(auto.deviceNote ?? '', /^using the CPU/, 'the fallback is still explained');
    const fp32 = await load(dir, { device: 'cpu', precision: 'fp32' });
    assert.equal(fp32.onnxPath, path.join(dir, 'model.onnx'));
    assert.doesNotMatch(fp32.label, /int8/);
  });

  it("a corrupt ONNX file gives a message naming the file and onnxruntime's reason", async () => {
    const dir = tempDir('corrupt');
    fs.writeFileSync(path.join(dir, 'model.onnx'), 'this is not a protobuf');
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...tinyGraphManifest(), onnx: 'model.onnx' }));
    await assert.rejects(Model.load(dir, { device: 'cpu' }), (e: Error) => {
      assert.ok(e instanceof ModelLoadError);
      assert.match(
        e.message,
        new RegExp(
          `^${path.join(dir, 'model.onnx').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: onnxruntime could not load the model: .*protobuf`,
          'i',
        ),
      );
      return true;
    });
  });

  it('a manifest naming inputs the graph lacks is refused before running', async () => {
    const dir = tempDir('mismatch');
    const manifest = {
      ...tinyGraphManifest(),
      onnx: path.join(TINY_GRAPH_DIR, 'model.onnx'),
      input: {
        kind: 'smiles',
        tokenizer: JSON.parse(fs.readFileSync(path.join(TINY_DIR, 'manifest.json'), 'utf8')).input.tokenizer,
      },
    };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await assert.rejects(
      Model.load(dir, { device: 'cpu' }),
      /manifest\.json: input "input_ids" is not an input of the ONNX graph \(it has x, edge_index, edge_attr, batch\)/,
    );
  });

  it('a list of model directories loads the good ones and reports the others', async () => {
    const missing = tempDir('empty');
    const badJson = tempDir('badjson');
    fs.writeFileSync(path.join(badJson, 'manifest.json'), '{ "id": ');
    const listed = listModels([TINY_DIR, missing, badJson]);
    assert.deepEqual(
      listed.models.map(m => m.manifest.id),
      ['tiny-smiles-test'],
    );
    assert.match(listed.problems[0].message, /manifest\.json: cannot read \(ENOENT\)/);
    assert.match(listed.problems[1].message, /manifest\.json: not valid JSON/);
    const loaded = await loadModels([TINY_GRAPH_DIR, missing], { device: 'cpu' });
    opened.push(...loaded.models);
    assert.equal(loaded.models.length, 1);
    assert.equal(loaded.problems.length, 1);
  });

  it('graph models refuse molecules the featurization cannot express', async () => {
    const model = await load(TINY_GRAPH_DIR);
    const run = await model.run(['*CC', 'C->[Fe]', 'CC', 'C1CC1(', 'C'.repeat(301)]);
    assert.deepEqual(
      run.issues.map(i => [i.index, i.reason.replace(/:.*/, '')]),
      [
        [0, 'atom 1'],
        [1, 'bond 1'],
        [3, 'unparsable'],
        [4, 'too large'],
      ],
    );
    assert.match(run.issues[3].reason, /301 atoms, the model accepts at most 300/);
    assert.match(run.issues[0].reason, /dummy atom/);
    assert.match(run.issues[1].reason, /dative/);
  });
});
