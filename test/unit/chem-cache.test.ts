import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from '../../src/common/lru';
import { SmilesPreviewer } from '../../src/core/chem/preview';

describe('hover cache', () => {
  it('evicts the least recently used entry', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.get('a'), 1); // a is now the most recent
    c.set('c', 3);
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 1);
    assert.equal(c.get('c'), 3);
    assert.equal(c.size, 2);
    assert.throws(() => new LruCache(0), RangeError);
  });

  it('has() neither refreshes an entry nor counts; set() of a held key replaces it without evicting another', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.has('a'), true);
    assert.deepEqual([c.hits, c.misses], [0, 0]);
    c.set('c', 3);
    assert.equal(c.has('a'), false, 'a stayed the oldest');
    c.set('c', 4);
    assert.equal(c.has('b'), true);
    assert.equal(c.get('c'), 4);
    assert.equal(c.get('zz'), undefined);
    assert.deepEqual([c.hits, c.misses], [1, 1]);
    c.clear();
    assert.deepEqual([c.size, c.hits, c.misses], [0, 0, 0]);
  });

  it('returns the same description for a repeated input without recomputing it', async () => {
    const p = new SmilesPreviewer(3);
    const first = await p.describe('CC(=O)Oc1ccccc1C(=O)O');
    const again = await p.describe('CC(=O)Oc1ccccc1C(=O)O');
    assert.equal(again, first, 'the very same object');
    assert.deepEqual(p.cacheStats, { size: 1, hits: 1, misses: 1 });
    // Options are part of the key: a different image size is a different entry.
    const small = await p.describe('CC(=O)Oc1ccccc1C(=O)O', { imageSize: 100 });
    assert.notEqual(small, first);
    for (const s of ['CCO', 'CCN', 'CCC']) await p.describe(s);
    assert.equal(p.cacheStats.size, 3, 'bounded');
  });

  it('caches invalid inputs too (their reason does not change)', async () => {
    const p = new SmilesPreviewer();
    const bad = await p.describe('C1CC');
    assert.equal(await p.describe('C1CC'), bad);
  });
});
