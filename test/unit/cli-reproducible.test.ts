// Float32 vectors do not depend on how molecules are batched or sharded: padding is masked, so a molecule's vector
// is the same alone, in a batch of 64, or in another worker. (int8 quantises activations per batch: documented.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir, TINY_DIR, REPO, maxAbsDiff } from './model-fixtures';

const CLI = path.join(REPO, 'dist/cli.js');
const DEFAULT_MODEL = path.join(REPO, 'models/default');
/** float32 rounding across different batch shapes; a padding leak would be orders of magnitude larger. */
const TOLERANCE = 1e-5;

function embed(input: string, out: string, ...flags: string[]): { stderr: string; vectors: Float32Array } {
  const r = spawnSync(process.execPath, [CLI, 'embed', input, '--out', out, '--force', ...flags], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const x = fs.readFileSync(out);
  const start = 10 + x.readUInt16LE(8);
  return { stderr: r.stderr, vectors: new Float32Array(x.buffer.slice(x.byteOffset + start, x.byteOffset + x.length)) };
}

const work = tempDir('reproducible');
// Molecules of very different lengths, so every batch pads most of its members.
const PARTS = [
  'CCO',
  'c1ccccc1O',
  'CC(=O)O',
  'CC#N',
  'OC(=O)c1ccccc1',
  'CCN(CC)CC',
  'C(F)(F)F',
  'C1CCCCC1',
  'CSC',
  'CC(C)O',
];
function molecules(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => 'C'.repeat((i * 7) % 13) + PARTS[i % PARTS.length]);
  const file = path.join(work, `mols-${n}.csv`);
  fs.writeFileSync(file, ['smiles', ...rows].join('\n') + '\n');
  return file;
}

describe('float32 vectors are independent of batching and sharding', () => {
  it('the tiny model: batch sizes 3 and 64, one shard and two', () => {
    const input = molecules(4200);
    const out = (name: string) => path.join(work, name);
    const small = embed(input, out('b3.npy'), '--model', TINY_DIR, '--batch-size', '3', '--shards', '1');
    const large = embed(input, out('b64.npy'), '--model', TINY_DIR, '--batch-size', '64', '--shards', '1');
    const sharded = embed(input, out('s2.npy'), '--model', TINY_DIR, '--batch-size', '64', '--shards', '2');
    if (os.availableParallelism() >= 2) assert.match(sharded.stderr, /in 2 parallel shards/);
    assert.equal(small.vectors.length, 4200 * 8);
    assert.ok(
      maxAbsDiff(small.vectors, large.vectors) < TOLERANCE,
      `batch 3 vs 64: ${maxAbsDiff(small.vectors, large.vectors)}`,
    );
    assert.ok(
      maxAbsDiff(large.vectors, sharded.vectors) < TOLERANCE,
      `1 vs 2 shards: ${maxAbsDiff(large.vectors, sharded.vectors)}`,
    );
  });

  it(
    'the default model with --precision fp32: batch sizes 1, 7 and 64',
    { skip: !fs.existsSync(path.join(DEFAULT_MODEL, 'manifest.json')) && 'this build has no default model' },
    () => {
      const input = molecules(64);
      const runs = [1, 7, 64].map(
        b =>
          embed(
            input,
            path.join(work, `default-${b}.npy`),
            '--model',
            DEFAULT_MODEL,
            '--precision',
            'fp32',
            '--batch-size',
            String(b),
            '--shards',
            '1',
          ).vectors,
      );
      for (const other of runs.slice(1))
        assert.ok(maxAbsDiff(runs[0], other) < TOLERANCE, `max |difference| ${maxAbsDiff(runs[0], other)}`);
    },
  );
});
