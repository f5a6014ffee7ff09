import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rdkit } from '../../src/core/chem/rdkit';
import { describeSmiles } from '../../src/core/chem/describe';
import { depictRow, matchSmarts, rowProperties, rowSmiles } from '../../src/core/grid/chem';
import { PROPERTIES } from '../../src/common/grid/query';
import { SVG_DATA_URL } from '../../src/common/grid/worker-protocol';
import { readText } from '../../src/core/io';
import { gridSource } from '../../src/core/grid/source';
import { ecfp, tanimoto } from '../../src/core/similarity/ecfp';
import { cosine } from '../../src/core/similarity/top-k';
import { GridWorker } from '../../src/extension/grid/worker-client';

const ROOT = path.resolve(__dirname, '../../..');
const svgOf = (url: string) => Buffer.from(url.slice(SVG_DATA_URL.length), 'base64').toString('utf8');

describe('grid chemistry', () => {
  it('depicts a molecule as an SVG data URL on a white card', async () => {
    const d = depictRow(await rdkit(), 'c1ccccc1CCN', false, 180);
    assert.ok('url' in d);
    assert.ok(d.url.startsWith(SVG_DATA_URL));
    const svg = svgOf(d.url);
    assert.match(svg, /<svg[\s\S]*width='180px' height='144px'/);
    assert.equal(d.matched, false);
  });

  it('highlights SMARTS matches, and draws without highlight when nothing matches', async () => {
    const rd = await rdkit();
    const hit = depictRow(rd, 'c1ccccc1CCN', false, 180, 'CCN');
    const miss = depictRow(rd, 'c1ccccc1CCN', false, 180, 'C=O');
    const plain = depictRow(rd, 'c1ccccc1CCN', false, 180);
    assert.ok('url' in hit && 'url' in miss && 'url' in plain);
    assert.equal(hit.matched, true);
    assert.equal(miss.matched, false);
    assert.notEqual(svgOf(hit.url), svgOf(plain.url), 'highlighted drawing differs');
    assert.match(svgOf(hit.url), /fill:#FF8C19|#FF8C19|FF8C1A/i, 'highlight colour present');
    assert.equal(svgOf(miss.url), svgOf(plain.url));
  });

  it('gives reasons instead of drawings for bad or huge molecules', async () => {
    const rd = await rdkit();
    assert.deepEqual(depictRow(rd, '', false, 180), { error: 'no molecule' });
    const broken = depictRow(rd, 'C1CC', false, 180);
    assert.ok('error' in broken && /unclosed ring/.test(broken.error));
    const huge = depictRow(rd, 'C'.repeat(400), false, 180);
    assert.ok('error' in huge && /too large/.test(huge.error));
  });

  it('computes the hover card properties', async () => {
    const rd = await rdkit();
    const r = describeSmiles(rd, 'CC(=O)Oc1ccccc1C(=O)O', { imageSize: 0, inchikey: false }).report;
    assert.deepEqual(
      rowProperties(rd, 'CC(=O)Oc1ccccc1C(=O)O'),
      PROPERTIES.map(p => r[p]),
    );
    assert.equal(rowProperties(rd, 'CC(=O)Oc1ccccc1C(=O)O')[0], 180.159);
    assert.ok(rowProperties(rd, 'C1CC').every(Number.isNaN));
  });

  it('screens SMARTS, marking unreadable rows; refuses a bad SMARTS with the reason', async () => {
    const rd = await rdkit();
    const r = matchSmarts(rd, 'c1ccncc1', ['c1ccncc1C', 'c1ccccc1', 'C1CC', ''], false);
    assert.ok(r.ok);
    assert.deepEqual([...r.value], [1, 0, 255, 255]);
    const bad = matchSmarts(rd, 'c1ccc(', ['CC'], false);
    assert.equal(bad.ok, false);
  });

  it('reads SDF records through their molblocks', async () => {
    const rd = await rdkit();
    const s = gridSource(
      readText(fs.readFileSync(path.join(ROOT, 'samples/datasets/logbb_first12.sdf'), 'utf8'), 'sdf'),
    );
    const smiles = rowSmiles(rd, s.molecules[0], true);
    assert.ok(smiles && smiles.length > 0);
    const d = depictRow(rd, s.molecules[0], true, 160);
    assert.ok('url' in d);
  });
});

describe('grid worker thread', () => {
  const worker = new GridWorker(path.join(ROOT, 'dist/workers/grid-worker.js'), m => {
    throw new Error(m);
  });
  after(() => worker.dispose());
  const molecules = ['c1ccncc1C', 'CCO', 'C1CC', 'c1ccccc1O', 'Cc1ccncc1'];
  worker.load(molecules, false);

  it('depicts rows and converts them to SMILES', async () => {
    const items = await worker.depict([0, 2], 160, 'c1ccncc1');
    assert.equal(items[0].row, 0);
    assert.equal(items[0].matched, true);
    assert.match(items[1].error ?? '', /unclosed ring/);
    assert.deepEqual(await worker.smiles([1, 2]), ['CCO', 'C1CC'], 'SMILES as written in the file');
  });

  it('scans SMARTS, properties and ECFP similarity over every row', async () => {
    const chunks: Record<string, number[]> = { smarts: [], properties: [], similarity: [] };
    await worker.scan('smarts', c => chunks.smarts.push(...c.values), { smarts: 'c1ccncc1' });
    assert.deepEqual(chunks.smarts, [1, 0, 255, 0, 1]);
    await worker.scan('properties', c => chunks.properties.push(...c.values));
    assert.equal(chunks.properties.length, molecules.length * PROPERTIES.length);
    assert.equal(chunks.properties[PROPERTIES.length * 1], 46.069, 'MW of ethanol');
    await worker.scan('similarity', c => chunks.similarity.push(...c.values), { smiles: 'Cc1ccncc1', method: 'ecfp' });
    const rd = await rdkit();
    const q = ecfp(rd, 'Cc1ccncc1');
    assert.ok(q.ok);
    const expected = molecules.map(m => {
      const f = ecfp(rd, m);
      return f.ok ? tanimoto(q.fp, f.fp) : NaN;
    });
    assert.deepEqual(chunks.similarity, expected);
    assert.equal(chunks.similarity[4], 1);
  });

  it('scores embedding cosine similarity with a model directory (the test encoder)', async () => {
    const dir = path.join(ROOT, 'test/fixtures/model-tiny-smiles');
    const reference = fs
      .readFileSync(path.join(dir, 'reference.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 3)
      .map(l => JSON.parse(l) as { smiles: string; embedding: number[] });
    const w = new GridWorker(path.join(ROOT, 'dist/workers/grid-worker.js'), m => {
      throw new Error(m);
    });
    try {
      w.load([...reference.map(r => r.smiles), 'C1CC'], false);
      const scores: number[] = [];
      await w.scan('similarity', c => scores.push(...c.values), {
        smiles: reference[0].smiles,
        method: 'embedding',
        modelDirectory: dir,
      });
      const expected = reference.map(r => cosine(reference[0].embedding, r.embedding));
      scores.slice(0, 3).forEach((s, i) => assert.ok(Math.abs(s - expected[i]) < 1e-4, `${s} vs ${expected[i]}`));
      assert.ok(Math.abs(scores[0] - 1) < 1e-6);
      assert.ok(Number.isNaN(scores[3]), 'an unreadable molecule has no score');
      await assert.rejects(
        w.scan('similarity', () => {}, { smiles: 'CCO', method: 'embedding' }),
        /no embedding model/,
      );
    } finally {
      w.dispose();
    }
  });

  it('reports an invalid SMARTS or query SMILES as an error', async () => {
    await assert.rejects(
      worker.scan('smarts', () => {}, { smarts: 'c1ccc(' }),
      /invalid SMARTS/,
    );
    await assert.rejects(
      worker.scan('similarity', () => {}, { smiles: 'C1CC', method: 'ecfp' }),
      /not a valid SMILES/,
    );
  });
});
