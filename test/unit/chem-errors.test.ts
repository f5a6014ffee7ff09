import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rdkit } from '../../src/core/chem/rdkit';
import { lexSmiles, atomSpan, atomSpans, heavyAtomCount, unclosedRingSpan } from '../../src/core/chem/smiles-tokens';
import { caretLine } from '../../src/core/chem/caret';

describe('invalid SMILES: reason and exact position', () => {
  // [input, kind, RDKit's reason, 0-based position, span length]
  const cases: Array<[string, string, RegExp, number, number]> = [
    ['C1CC', 'syntax', /^unclosed ring$/, 1, 1],
    ['c1ccccc', 'syntax', /^unclosed ring$/, 1, 1],
    ['C1CC2CC1', 'syntax', /^unclosed ring$/, 4, 1],
    ['C%12CC', 'syntax', /^unclosed ring$/, 1, 3],
    ['CC(C', 'syntax', /extra open parentheses/, 2, 1],
    ['CC(=O)O)', 'syntax', /extra close parentheses/, 7, 1],
    ['CCX', 'syntax', /syntax error/, 2, 1],
    ['C(C)(C)(C)(C)C', 'valence', /Explicit valence for atom # 0 C, 5, is greater than permitted/, 0, 1],
    ['OC(=O)C(C)(C)(C)(C)N', 'valence', /atom # 3 C, 6/, 6, 1],
    ['CC[N+](C)(C)(C)(C)C', 'valence', /atom # 2 N, 6/, 2, 4],
    // RDKit folds [H] into its neighbour, so atom #2 is the carbon after the dot.
    ['CC[H].C(C)(C)(C)(C)C', 'valence', /atom # 2 C, 5/, 6, 1],
    ['c1cccc1', 'aromaticity', /Can't kekulize mol/, 0, 1],
    ['CCc1cccc1', 'aromaticity', /Unkekulized atoms: 2 3 4 5 6/, 2, 1],
    ['CSn', 'aromaticity', /non-ring atom 2 marked aromatic/, 2, 1],
  ];
  for (const [smiles, kind, reason, position, length] of cases) {
    it(`${smiles}: ${reason.source}`, async () => {
      const res = (await rdkit()).withMol(smiles, () => 0);
      assert.equal(res.ok, false);
      if (res.ok) return;
      assert.equal(res.error.kind, kind);
      assert.match(res.error.message, reason);
      assert.equal(res.error.position, position);
      if (res.error.span) assert.equal(res.error.span.end - res.error.span.start, length);
      assert.equal(caretLine(res.error).trimStart(), '^'.repeat(length));
    });
  }
});

describe('SMILES lexer', () => {
  it('numbers atoms as RDKit does and keeps spans', () => {
    const lexed = lexSmiles('C[C@@H](Cl)c1ccccc1');
    const atoms = lexed.tokens.filter(t => t.type === 'atom');
    assert.deepEqual(
      atoms.map(a => [a.text, a.atomIndex]),
      [
        ['C', 0],
        ['[C@@H]', 1],
        ['Cl', 2],
        ['c', 3],
        ['c', 4],
        ['c', 5],
        ['c', 6],
        ['c', 7],
        ['c', 8],
      ],
    );
    assert.deepEqual(atomSpan('C[C@@H](Cl)Br', 2), { start: 8, end: 10 });
    assert.deepEqual(atomSpan('[H]C', 0), { start: 3, end: 4 });
    assert.deepEqual(atomSpan('[H].C', 0), { start: 0, end: 3 }, 'a lone [H] stays an atom');
  });

  it('maps every RDKit atom index to its characters, and counts heavy atoms without RDKit', async () => {
    const rd = await rdkit();
    for (const smiles of [
      '[H]C([H])([H])C[NH3+].[Cl-]',
      'OC(=O)[C@H](N)Cc1c[nH]c2ccccc12',
      '[2H]C([2H])([2H])O',
      'C[H]',
      '[Na+].[H-]',
    ]) {
      const spans = atomSpans(smiles);
      const atoms = rd.withMol(smiles, m => m.get_num_atoms());
      assert.ok(atoms.ok);
      if (atoms.ok) assert.equal(spans.length, atoms.value, smiles);
      const heavy = rd.withMol(smiles, m => m.get_num_atoms(true));
      if (heavy.ok) assert.equal(heavyAtomCount(smiles), heavy.value, smiles);
    }
    assert.deepEqual(atomSpans('C[NH3+].[Cl-]'), [
      { start: 0, end: 1 },
      { start: 1, end: 7 },
      { start: 8, end: 13 },
    ]);
    assert.deepEqual(
      atomSpans('CCOx'),
      [
        { start: 0, end: 1 },
        { start: 1, end: 2 },
        { start: 2, end: 3 },
      ],
      'atoms before an error keep their spans',
    );
  });

  it('stops at the first character that is not SMILES', () => {
    assert.equal(lexSmiles('data.csv').errorAt, 0);
    assert.equal(lexSmiles('CCOx').errorAt, 3);
    assert.equal(lexSmiles('CC(=O)O').errorAt, undefined);
  });

  it('flags SMARTS-only syntax', () => {
    assert.equal(lexSmiles('[#6]~[#8]').smartsLike, true);
    assert.equal(lexSmiles('[C;R]').smartsLike, true);
    assert.equal(lexSmiles('[C@H](N)C').smartsLike, false);
  });

  it('finds the unclosed ring label', () => {
    assert.deepEqual(unclosedRingSpan('C1CC2CC2'), { start: 1, end: 2 });
    assert.equal(unclosedRingSpan('C1CC1'), undefined);
  });
});
