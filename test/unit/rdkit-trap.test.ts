// The one RDKit recovery (withRdkit): a molecule that traps the WebAssembly module is refused as too large, the
// module is replaced, and the grid, the hover and lint carry on with the next molecule on a fresh module.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mapWithRdkit, rdkit, withRdkit } from '../../src/core/chem/rdkit';
import { SmilesPreviewer } from '../../src/core/chem/preview';
import { depictRow, matchSmarts } from '../../src/core/grid/chem';
import { fingerprints } from '../../src/core/model/tasks';
import { LocalAnalyzer } from '../../src/core/lint/analyzer';
import { WorkerPool } from '../../src/core/lint/pool';
import { lintText } from '../../src/core/lint/lint-file';
import { DEFAULT_CONFIG } from '../../src/core/lint/config';
import { GridWorker } from '../../src/extension/grid/worker-client';

const ROOT = path.resolve(__dirname, '../../..');
/** Parsing a ring of 1,000 carbons traps RDKit's wasm (or leaves its memory corrupt, which the next call finds). */
const TRAP = 'C1' + 'C'.repeat(998) + 'C1';
const TOO_LARGE = /^RDKit failed on this molecule \(1000 heavy atoms\): it is too large for RDKit's WebAssembly build$/;
const DRUGS = ['c1ccccc1O', 'CC(=O)Oc1ccccc1C(=O)O', 'Cn1cnc2c1c(=O)n(C)c(=O)n2C', 'CCO'];

describe('RDKit trap recovery', () => {
  it('refuses the molecule that trapped, replaces the module, and carries on', async () => {
    const before = await rdkit();
    const out = await mapWithRdkit([DRUGS[0], TRAP, DRUGS[1]], (rd, s) => rd.withMol(s, m => m.get_smiles()));
    assert.deepEqual(out[0], { ok: true, value: 'Oc1ccccc1' });
    assert.ok(
      !out[1].ok && out[1].error.kind === 'too-large' && TOO_LARGE.test(out[1].error.message),
      JSON.stringify(out[1]),
    );
    assert.deepEqual(out[2], { ok: true, value: 'CC(=O)Oc1ccccc1C(=O)O' });
    assert.equal(before.isBroken, true);
    assert.notEqual(await rdkit(), before);
    // The input is refused from then on without RDKit: the fresh module stays alive.
    const again = await withRdkit(rd => rd.withMol(TRAP, () => 0));
    assert.ok(!again.ok && TOO_LARGE.test(again.error.message));
    assert.equal((await rdkit()).isBroken, false);
  });

  it('never uses a query parsed on the dead module: the step runs again on a fresh one', async () => {
    const fresh = TRAP.replace('C1', 'C2').replace(/C1$/, 'C2');
    const hits = await withRdkit(rd => matchSmarts(rd, 'c1ccccc1', [DRUGS[0], fresh, DRUGS[1], DRUGS[3]], false));
    assert.ok(hits.ok);
    assert.deepEqual([...hits.value], [1, 255, 1, 0]);
    const pictures = await mapWithRdkit([fresh, DRUGS[2]], (rd, s) => depictRow(rd, s, false, 160, 'c'));
    assert.ok('error' in pictures[0] && TOO_LARGE.test(pictures[0].error), JSON.stringify(pictures[0]));
    assert.ok('url' in pictures[1] && pictures[1].matched);
  });

  describe('in the grid worker', () => {
    const worker = new GridWorker(path.join(ROOT, 'dist/workers/grid-worker.js'), m => {
      throw new Error(m);
    });
    after(() => worker.dispose());
    const molecules = [DRUGS[0], DRUGS[1], TRAP, DRUGS[2], DRUGS[0]];
    worker.load(molecules, false);

    it('scans SMARTS and similarity past the trap row, and depicts after it', async () => {
      const smarts: number[] = [];
      await worker.scan('smarts', c => smarts.push(...c.values), { smarts: 'c1ccccc1' });
      assert.deepEqual(smarts, [1, 1, 255, 0, 1]);
      const similarity: number[] = [];
      await worker.scan('similarity', c => similarity.push(...c.values), { smiles: DRUGS[0], method: 'ecfp' });
      assert.equal(similarity[0], 1);
      assert.ok(Number.isNaN(similarity[2]));
      assert.equal(similarity[4], 1);
      assert.ok(similarity[1] > 0 && similarity[1] < 1 && similarity[3] >= 0);
      const items = await worker.depict([2, 3], 160, '');
      assert.match(items[0].error ?? '', /too large/);
      assert.ok(items[1].url);
    });
  });

  it('the hover refuses a too-large molecule and works on a fresh module after a trap elsewhere', async () => {
    const previewer = new SmilesPreviewer();
    const big = await previewer.describe('C'.repeat(1000));
    assert.equal(big.parseError?.kind, 'too-large');
    assert.match(big.report.error!, /1000 heavy atoms, over the 300-atom limit/);
    const before = await rdkit();
    const { issues } = await fingerprints([DRUGS[3], TRAP.replace(/1/g, '3'), DRUGS[0]]);
    assert.deepEqual(
      issues.map(i => i.index),
      [1],
    );
    assert.match(issues[0].reason, /too large for RDKit's WebAssembly build/);
    assert.equal(before.isBroken, true);
    const ethanol = await previewer.describe('CCO');
    assert.equal(ethanol.report.formula, 'C2H6O');
  });

  it('lint reports the trap row as too large (MOL014, not unparsable) and analyses every other row', async () => {
    const trap = TRAP.replace(/1/g, '4');
    const text =
      ['smiles,y', ...[DRUGS[0], DRUGS[1], trap, DRUGS[2], 'C1CC'].map((s, i) => `${s},${i}`)].join('\n') + '\n';
    const { result } = await lintText('trap.csv', text, DEFAULT_CONFIG, new LocalAnalyzer());
    const on = (line: number) => result.diagnostics.filter(d => d.line === line).map(d => d.code);
    assert.deepEqual(on(3), ['MOL014']);
    assert.match(result.diagnostics.find(d => d.line === 3)!.message, /too large for RDKit's WebAssembly build/);
    assert.ok(!on(1).includes('MOL001') && !on(2).includes('MOL001') && !on(4).includes('MOL001'));
    assert.ok(on(5).includes('MOL001'), 'the broken ring after the trap is still found');
    // The CLI's worker threads go through the same recovery.
    const pool = new WorkerPool(1);
    try {
      const facts = await pool.analyze([DRUGS[3], TRAP.replace(/1/g, '5'), DRUGS[0]], false);
      assert.deepEqual(
        facts.map(f => f.ok),
        [true, false, true],
      );
      assert.ok(!facts[1].ok && facts[1].error.kind === 'too-large' && /1000 heavy atoms/.test(facts[1].error.message));
      assert.ok(facts[2].ok && facts[2].canonical === 'Oc1ccccc1');
    } finally {
      await pool.close();
    }
  });
});
