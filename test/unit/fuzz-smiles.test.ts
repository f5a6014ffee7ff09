// Property-based tests of the SMILES checks: detection under the cursor (detect.ts) and parsing with the real RDKit
// wasm (rdkit.ts, describe.ts) on mutated real SMILES. Nothing may throw, RDKit's reasons are returned as one line,
// and the module still works afterwards.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { candidateAt, type TextSource } from '../../src/core/chem/detect';
import { rdkit } from '../../src/core/chem/rdkit';
import { describeSmiles } from '../../src/core/chem/describe';
import { mutated, params, realSmiles } from './fuzz-support';

const SMILES = realSmiles();
const smiles = mutated(SMILES, 5);

function source(text: string, languageId: string, fileName?: string): TextSource {
  const lines = text.split('\n');
  return { languageId, fileName, lineCount: lines.length, lineAt: i => lines[i]! };
}

/** Documents of each kind the detector knows, with a (mutated) SMILES in its usual place. */
const documents = fc
  .record({
    smiles,
    kind: fc.constantFrom('csv', 'tsv', 'smiles', 'markdown', 'python', 'yaml', 'plaintext'),
    name: fc.string({ maxLength: 8 }),
  })
  .map(({ smiles, kind, name }) => {
    const text =
      kind === 'csv'
        ? `smiles,name\n${smiles},${name}\n"${smiles}",x`
        : kind === 'tsv'
          ? `id\tsmiles\n${name}\t${smiles}`
          : kind === 'smiles'
            ? `${smiles} ${name}\n# ${smiles}`
            : kind === 'markdown'
              ? `Try \`${smiles}\` or ${smiles}. ${name}`
              : kind === 'python'
                ? `m = Chem.MolFromSmiles("${smiles}")  # ${name}\nsmiles = '${smiles}'`
                : kind === 'yaml'
                  ? `smiles: ${smiles}\nname: ${name}`
                  : `The molecule ${smiles} (${name}).`;
    return { src: source(text, kind, `doc.${kind === 'smiles' ? 'smi' : kind}`), text };
  });

describe('SMILES checks under mutated real SMILES (fuzz)', () => {
  it('detection never throws, and a candidate lies on its line', () => {
    fc.assert(
      fc.property(documents, fc.nat(), ({ src }, where) => {
        for (let line = 0; line < src.lineCount; line++) {
          const length = src.lineAt(line).length;
          for (const character of [where % (length + 1), 0, length]) {
            const c = candidateAt(src, line, character);
            assert.deepEqual(candidateAt(src, line, character), c, 'the same candidate for the same position');
            if (!c) continue;
            assert.equal(c.line, line);
            assert.ok(
              c.start >= 0 && c.start <= c.end && c.end <= length,
              `range ${c.start}-${c.end} on a line of ${length}`,
            );
            assert.ok(c.text.length > 0);
          }
        }
      }),
      params(300),
    );
  });

  it('RDKit parsing never throws; a rejection is one line, located inside the input', async () => {
    const rd = await rdkit();
    fc.assert(
      fc.property(smiles, s => {
        const parsed = rd.withMol(s, mol => mol.get_num_atoms());
        if (parsed.ok) {
          assert.ok(parsed.value >= 0);
          return;
        }
        const { message, position } = parsed.error;
        assert.ok(message.length > 0 && !/[\r\n]/.test(message), `one-line reason: ${JSON.stringify(message)}`);
        if (position !== undefined)
          assert.ok(position >= 0 && position <= s.length, `position ${position} in ${s.length} characters`);
      }),
      params(400),
    );
  });

  it('describing a molecule never throws and says why it could not', async () => {
    await fc.assert(
      fc.asyncProperty(smiles, async s => {
        const d = describeSmiles(await rdkit(), s, { imageSize: 0, inchikey: false });
        assert.equal(d.report.valid, d.report.error === null);
        if (!d.report.valid)
          assert.ok(
            d.report.error && !/[\r\n]/.test(d.report.error),
            `one-line reason: ${JSON.stringify(d.report.error)}`,
          );
      }),
      params(150),
    );
  });

  it('RDKit still parses a known molecule after the runs above', async () => {
    const rd = await rdkit();
    assert.equal(rd.isBroken, false);
    assert.deepEqual(
      rd.withMol('CC(=O)Oc1ccccc1C(=O)O', m => m.get_num_atoms()),
      { ok: true, value: 13 },
    );
  });
});
