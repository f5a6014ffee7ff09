// The linter's counts on the dirty files against the same checks written with Python RDKit
// (bench/lint_rdkit.py counts ... > test/fixtures/lint-reference.json). The two RDKit versions (2022.09 in Python,
// 2026.09 here) disagree on a few molecules' validity; those rows are left out of the other comparisons.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIRTY, ROOT, lint } from './lint-helpers';

interface Reference {
  rows: number;
  parse_failures: number[];
  multi_fragment: number[];
  isotope: number[];
  radical: number[];
  wildcard: number[];
  undefined_centre: number[];
  duplicates: number[];
  censored_relation: number[];
}
const reference = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/lint-reference.json'), 'utf8')) as {
  files: Record<string, Reference>;
};

/** Rows (0-based) with a finding of any of the codes. */
function rowsWith(result: Awaited<ReturnType<typeof lint>>, ...codes: string[]): Set<number> {
  return new Set(result.diagnostics.filter(d => codes.includes(d.code) && d.row !== undefined).map(d => d.row!));
}

const PARSE = ['MOL001', 'MOL002', 'MOL003', 'MOL004'];

for (const [name, ref] of Object.entries(reference.files)) {
  describe(`agreement with Python RDKit on ${name}`, () => {
    it('has the same rows, the same findings per row, and few version differences in validity', async () => {
      const r = await lint(path.join(DIRTY, name));
      assert.equal(r.rows, ref.rows);
      const failed = rowsWith(r, ...PARSE);
      const pyFailed = new Set(ref.parse_failures);
      const differ = new Set([...failed, ...pyFailed].filter(i => failed.has(i) !== pyFailed.has(i)));
      // Newer RDKit is stricter with some hypervalent atoms and laxer with some aromatic systems: at most 0.2%.
      assert.ok(
        differ.size <= Math.max(2, ref.rows * 0.002),
        `${differ.size} rows differ in validity: ${[...differ].slice(0, 10)}`,
      );
      const same = (ours: Set<number>, theirs: number[], what: string) => {
        const t = new Set(theirs.filter(i => !differ.has(i)));
        const o = new Set([...ours].filter(i => !differ.has(i)));
        assert.deepEqual(
          [...o].sort((a, b) => a - b),
          [...t].sort((a, b) => a - b),
          what,
        );
      };
      same(rowsWith(r, 'MOL005'), ref.multi_fragment, 'multi-fragment rows (MOL005)');
      same(rowsWith(r, 'MOL008'), ref.isotope, 'isotope rows (MOL008)');
      same(rowsWith(r, 'MOL009'), ref.radical, 'radical rows (MOL009)');
      same(rowsWith(r, 'MOL010'), ref.wildcard, 'wildcard rows (MOL010)');
      same(rowsWith(r, 'MOL203'), ref.censored_relation, 'censored rows (MOL203)');
      // Canonical SMILES differ between versions for a few molecules, so duplicates are compared by count.
      const dups = rowsWith(r, 'MOL101', 'MOL102');
      assert.ok(
        Math.abs(dups.size - ref.duplicates.length) <= Math.max(1, ref.duplicates.length * 0.01),
        `duplicates ${dups.size} vs ${ref.duplicates.length}`,
      );
      // Stereocentre perception changed between versions: 97% agreement (Jaccard) or better.
      const ours = rowsWith(r, 'MOL012');
      const theirs = new Set(ref.undefined_centre);
      const both = [...ours].filter(i => theirs.has(i)).length;
      const union = new Set([...ours, ...theirs]).size;
      assert.ok(
        union === 0 || both / union >= 0.97,
        `undefined stereocentre rows agree ${((100 * both) / union).toFixed(1)}%`,
      );
    });
  });
}
