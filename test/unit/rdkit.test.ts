import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rdkit, MAX_SMILES_CHARS, parseErrorFromLog } from '../../src/core/chem/rdkit';

describe('RDKit host', () => {
  it('parses a valid SMILES and frees the molecule', async () => {
    const r = await rdkit();
    const res = r.withMol('OC(=O)c1ccccc1OC(C)=O', m => m.get_num_atoms());
    assert.deepEqual(res, { ok: true, value: 13 });
  });

  it("gives RDKit's own reason for invalid input", async () => {
    const r = await rdkit();
    const cases: Array<[string, string, RegExp]> = [
      ['C1CC', 'syntax', /unclosed ring/],
      ['CC(C', 'syntax', /extra open parentheses/],
      ['C(C)(C)(C)(C)C', 'valence', /Explicit valence for atom # 0 C, 5/],
      ['c1cccc1', 'aromaticity', /Can't kekulize/],
    ];
    for (const [smiles, kind, reason] of cases) {
      const res = r.withMol(smiles, () => 0);
      assert.equal(res.ok, false, smiles);
      if (!res.ok) {
        assert.equal(res.error.kind, kind, smiles);
        assert.match(res.error.message, reason, smiles);
      }
    }
  });

  it('reports the character position RDKit points at', async () => {
    const res = (await rdkit()).withMol('CCX', () => 0);
    assert.ok(!res.ok && res.error.position === 2, JSON.stringify(res));
  });

  it('refuses empty and absurdly long input without calling RDKit', async () => {
    const r = await rdkit();
    const empty = r.withMol('  ', () => 0);
    assert.ok(!empty.ok && empty.error.kind === 'empty');
    const long = r.withMol('C'.repeat(MAX_SMILES_CHARS + 1), () => 0);
    assert.ok(!long.ok && long.error.kind === 'too-long');
  });

  it('parses SMARTS queries', async () => {
    const r = await rdkit();
    assert.deepEqual(
      r.withQuery('[#6]=O', q => q.get_num_atoms()),
      { ok: true, value: 2 },
    );
    assert.equal(r.withQuery('[#6', () => 0).ok, false);
  });

  it('extracts the reason from a multi-line log', () => {
    const log =
      "[12:00:00] SMILES Parse Error: syntax error while parsing: C=X\n[12:00:00] SMILES Parse Error: check for mistakes around position 3:\n[12:00:00] C=X\n[12:00:00] ~~^\n[12:00:00] SMILES Parse Error: Failed parsing SMILES 'C=X' for input: 'C=X'";
    assert.deepEqual(parseErrorFromLog(log, 'C=X'), {
      kind: 'syntax',
      message: 'syntax error while parsing: C=X',
      position: 2,
    });
  });

  it('keeps the reason on one line when the input holds a line break (RDKit quotes the input)', async () => {
    const r = await rdkit();
    for (const smiles of ['"\r*C(=O)C', '"\nCC', 'C(\r\n']) {
      const res = r.withMol(smiles, () => 0);
      assert.ok(!res.ok, JSON.stringify(smiles));
      if (!res.ok) assert.doesNotMatch(res.error.message, /[\r\n]/, JSON.stringify(res.error));
    }
    // The text check refuses a line break inside a SMILES before RDKit would echo it.
    const res = r.withMol('"\r*C(=O)C', () => 0);
    assert.ok(
      !res.ok && res.error.kind === 'text' && /^a line break at position 2/.test(res.error.message),
      JSON.stringify(res),
    );
  });
});
