// Re-linting after edits gives exactly what linting the edited text from scratch gives; neutralisation on real rows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rdkit } from '../../src/core/chem/rdkit';
import { counterIonNames } from '../../src/core/chem/analyze';
import { DocumentLinter } from '../../src/core/lint/document-linter';
import { DEFAULT_CONFIG } from '../../src/core/lint/config';
import { applyLintDelta, lintDelta, type LintDelta } from '../../src/core/lint/delta';
import { workerScript } from '../../src/core/worker-script';
import { RpcClient, type EventOf } from '../../src/core/worker-rpc';
import type { LintEvents, LintNotes } from '../../src/core/lint/worker-protocol';
import type { FileLintResult } from '../../src/core/lint/file-linter';
import { DIRTY, SAMPLES, analyzer } from './lint-helpers';

async function linters(file: string, text: string) {
  const rd = await rdkit();
  const ions = counterIonNames(rd);
  const facts = (t: string, mb: boolean) => analyzer.analyzeSync(rd, t, mb);
  const incremental = new DocumentLinter(file, file.endsWith('.smi') ? 'smi' : 'csv', DEFAULT_CONFIG);
  incremental.setText(text);
  const fresh = (t: string) => {
    const d = new DocumentLinter(file, incremental.format, DEFAULT_CONFIG);
    d.setText(t);
    return d.lint(facts, ions);
  };
  return { incremental, lint: () => incremental.lint(facts, ions), fresh };
}

describe('incremental re-lint', () => {
  it('matches a fresh lint after editing, inserting and deleting rows (ClinTox)', async () => {
    const text = fs.readFileSync(path.join(SAMPLES, 'clintox_raw.csv'), 'utf8');
    const { incremental, lint, fresh } = await linters('clintox_raw.csv', text);
    lint();
    // Break the SMILES on line 3 (0-based 2): an unclosed branch at its end.
    const comma = incremental.text.split('\n')[2].indexOf(',');
    incremental.applyChanges([{ startLine: 2, startCharacter: comma, endLine: 2, endCharacter: comma, text: '(' }]);
    let r = lint();
    assert.deepEqual(r, fresh(incremental.text));
    assert.ok(r.diagnostics.some(d => d.line === 2 && d.code === 'MOL001'));
    // Insert a duplicate of line 2 after line 5, then delete line 10 (two rows become one line shorter).
    const dup = incremental.text.split('\n')[1];
    incremental.applyChanges([{ startLine: 5, startCharacter: 0, endLine: 5, endCharacter: 0, text: dup + '\n' }]);
    incremental.applyChanges([{ startLine: 10, startCharacter: 0, endLine: 11, endCharacter: 0, text: '' }]);
    r = lint();
    assert.deepEqual(r, fresh(incremental.text));
    assert.ok(r.diagnostics.some(d => d.line === 5 && d.code === 'MOL101'));
  });

  it('recomputes cross-row findings only for the groups an in-place edit touches, and still matches a fresh lint (ChEMBL hERG)', async () => {
    // Repeated measurements of one molecule with disagreeing values, salts next to their parents, censored values.
    const text = fs
      .readFileSync(path.join(DIRTY, 'chembl_hERG_activities_raw.csv'), 'utf8')
      .split('\n')
      .slice(0, 700)
      .join('\n');
    const { incremental, lint, fresh } = await linters('herg.csv', text);
    const first = lint();
    assert.equal(incremental.crossRowsVisited, incremental.rowCount);
    let previous = first;
    const plain = (l: string) => !l.includes('"');
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let checked = 0;
    for (let step = 0; step < 25; step++) {
      const lines = incremental.text.split('\n');
      const target = 1 + random(lines.length - 2);
      const source = 1 + random(lines.length - 2);
      if (!plain(lines[target]) || !plain(lines[source])) continue;
      const end = lines[target].indexOf(',');
      const donor = lines[source].slice(0, lines[source].indexOf(','));
      // Another row's molecule (a new duplicate, or one fewer), its salt, or a typo.
      const text = [donor, `${donor}.Cl`, `${donor}(`][step % 3];
      incremental.applyChanges([{ startLine: target, startCharacter: 0, endLine: target, endCharacter: end, text }]);
      const r = lint();
      assert.ok(
        incremental.crossRowsVisited < incremental.rowCount / 4,
        `step ${step}: visited ${incremental.crossRowsVisited} rows`,
      );
      assert.deepEqual(r, fresh(incremental.text), `step ${step}: line ${target + 1} := ${text}`);
      // What the worker sends instead of the whole result, applied by the receiver, gives the whole result.
      const delta = lintDelta(previous, r);
      assert.ok(
        delta.added.length + delta.removed.length < 20,
        `step ${step}: a delta of ${delta.added.length} + ${delta.removed.length}`,
      );
      assert.deepEqual(applyLintDelta(previous, JSON.parse(JSON.stringify(delta))), r);
      previous = r;
      checked++;
    }
    assert.ok(checked >= 15, `only ${checked} edits checked`);
    assert.ok(
      first.diagnostics.some(d => d.code === 'MOL102') && first.diagnostics.some(d => d.code === 'MOL103'),
      'the slice has conflicting duplicates and salts',
    );
  });

  it('falls back to a full parse when an edit opens a quoted cell', async () => {
    const text = fs
      .readFileSync(path.join(DIRTY, 'freesolv_SAMPL_deepchem_raw.csv'), 'utf8')
      .split('\n')
      .slice(0, 40)
      .join('\n');
    const { incremental, lint, fresh } = await linters('freesolv.csv', text);
    lint();
    incremental.applyChanges([{ startLine: 3, startCharacter: 0, endLine: 3, endCharacter: 0, text: '"' }]);
    assert.deepEqual(lint(), fresh(incremental.text));
  });
});

describe("the lint worker (the editor's path)", () => {
  it('lints a large file with a helper thread, reporting progress, exactly as one thread does; then sends deltas', async () => {
    const text = fs
      .readFileSync(path.join(DIRTY, 'hiv_deepchem_raw_crlf.csv'), 'utf8')
      .split('\n')
      .slice(0, 4500)
      .join('\n');
    const progress: number[] = [];
    let answer: ((e: EventOf<LintEvents>) => void) | undefined;
    const worker = new RpcClient<Record<never, never>, LintNotes, LintEvents>(workerScript('lint-worker.js'), {
      name: 'lint worker',
      onEvent: e => {
        if (e.name === 'progress') progress.push(e.value.done);
        else answer?.(e);
      },
    });
    try {
      const next = () =>
        new Promise<EventOf<LintEvents>>(resolve => {
          answer = resolve;
        });
      const uri = 'file:///hiv.csv';
      let pending = next();
      worker.notify('open', { uri, fileName: 'hiv.csv', format: 'csv', version: 1, text, config: {} });
      const event = await pending;
      assert.ok(event.name === 'result', JSON.stringify(event).slice(0, 200));
      const first = event.value;
      assert.ok(first.result !== undefined);
      const result = JSON.parse(first.result) as FileLintResult;
      const { lint } = await linters('hiv.csv', text);
      assert.deepEqual(result, lint());
      assert.ok(
        progress.length > 2 && progress.every((d, i) => i === 0 || d >= progress[i - 1]),
        `progress ${progress.join(',')}`,
      );
      // An edit on line 3 comes back as a delta that turns the previous result into the new one.
      const lines = text.split('\n');
      const comma = lines[2].indexOf(',');
      pending = next();
      worker.notify('change', {
        uri,
        version: 2,
        changes: [
          {
            startLine: 2,
            startCharacter: 0,
            endLine: 2,
            endCharacter: comma,
            text: lines[1].slice(0, lines[1].indexOf(',')),
          },
        ],
      });
      const changed = await pending;
      assert.ok(changed.name === 'result');
      const second = changed.value;
      assert.ok(second.delta !== undefined);
      const edited = [
        lines[0],
        lines[1],
        lines[1].slice(0, lines[1].indexOf(',')) + lines[2].slice(comma),
        ...lines.slice(3),
      ].join('\n');
      const fresh = await linters('hiv.csv', edited);
      assert.deepEqual(applyLintDelta(result, JSON.parse(second.delta) as LintDelta), fresh.lint());
    } finally {
      await worker.terminate();
    }
  });
});

describe('neutralisation (Uncharger rules) on real rows', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['C#CC[NH2+][C@@H]1CCc2c1cccc2', 'C#CCN[C@@H]1CCc2ccccc21', 'protonated amine (rasagiline, ClinTox)'],
    [
      '[C@H]([C@@H]([C@@H](C(=O)[O-])O)O)([C@H](C(=O)[O-])O)O',
      'O=C(O)[C@@H](O)[C@@H](O)[C@H](O)[C@@H](O)C(=O)O',
      'dicarboxylate (ClinTox)',
    ],
    ['[N+](=O)([O-])[O-]', undefined, 'nitrate: charges next to an opposite charge stay'],
    ['C[N+](C)(C)CC(=O)[O-]', undefined, 'betaine: a quaternary N+ keeps its carboxylate'],
    [
      'C[N+](C)(C)Cc1ccc([O-])cc1C(=O)[O-]',
      'C[N+](C)(C)Cc1ccc(O)cc1C(=O)[O-]',
      'quaternary N+ balanced by the carboxylate; the phenolate is neutralised',
    ],
    ['CC(=O)Oc1ccccc1C(=O)[O-].[Na+]', undefined, 'sodium salt: the metal cation keeps the carboxylate'],
  ];
  for (const [smiles, neutral, what] of cases) {
    it(what, async () => {
      const [facts] = await analyzer.analyze([smiles], false);
      assert.ok(facts.ok);
      const expected = neutral === undefined ? undefined : (await analyzer.analyze([neutral], false))[0];
      assert.equal(facts.neutral, expected && expected.ok ? expected.canonical : undefined);
    });
  }
});
