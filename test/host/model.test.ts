// Model commands in the extension host, with the tiny SMILES test encoder configured through molml.models (user
// settings), on the sample datasets. Assertions go through each command's returned summary and the files written.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { activateExtension, openSample, workspaceUri } from './helpers';
import { gateModelDirectories } from '../../src/core/model/trust';
import { ModelClient, Cancelled } from '../../src/extension/model/client';

const REPO = path.resolve(__dirname, '../../..');
const TINY = path.join(REPO, 'test/fixtures/model-tiny-smiles');
type Summary = { ok: boolean; message?: string; [k: string]: unknown };
const run = (command: string, arg?: unknown) => vscode.commands.executeCommand<Summary>(command, arg);

describe('model commands', function () {
  this.timeout(120000);
  before(async () => {
    await activateExtension();
    await vscode.workspace.getConfiguration('molml').update('models', [TINY], vscode.ConfigurationTarget.Global);
    await vscode.workspace
      .getConfiguration('molml')
      .update('inference.device', 'cpu', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('molml').update('models', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace
      .getConfiguration('molml')
      .update('inference.device', undefined, vscode.ConfigurationTarget.Global);
  });

  it('selects the configured model', async () => {
    const r = await run('molml.selectModel', TINY);
    assert.equal(r.ok, true, r.message);
    assert.equal(r.model, 'tiny-smiles-test@1.0.0');
  });

  it("predicts the model's tasks for a dataset, flags refused rows with the reason, and fills the results view", async () => {
    const r = await run('molml.predict', { uri: 'datasets/herg_activities.csv', head: 'model' });
    assert.equal(r.ok, true, r.message);
    assert.equal(r.molecules, 33);
    const columns = r.columns as Array<{ task: string; predicted: number }>;
    assert.deepEqual(
      columns.map(c => c.task),
      ['logS', 'soluble'],
    );
    const flags = r.flags as Array<{ row: number; reason: string }>;
    assert.ok(
      flags.length > 0 && flags.length < 33,
      `some molecules exceed the tiny model's 48 tokens (${flags.length} flagged)`,
    );
    assert.match(flags[0].reason, /tiny-smiles-test@1\.0\.0: /);
    assert.equal(columns[0].predicted, 33 - flags.length);
    assert.equal(r.shownInView, 33, 'the webview received every row');
    assert.deepEqual(r.plots, ['histogram', 'histogram']);
    // No column of the file names a task: the view opens on the model's tasks in their order.
    assert.deepEqual(r.shownFirst, ['logS', 'soluble']);
    // A task asked for comes first.
    const chosen = await run('molml.predict', {
      uri: 'datasets/herg_activities.csv',
      head: 'model',
      tasks: ['soluble'],
    });
    assert.equal(chosen.ok, true, chosen.message);
    assert.deepEqual(chosen.shownFirst, ['soluble']);
  });

  it('predicts the SMILES on the current line of a Python file', async () => {
    const editor = await openSample('featurize.py');
    const index = editor.document.getText().indexOf('CC(=O)Oc1ccccc1C(=O)O');
    editor.selection = new vscode.Selection(
      editor.document.positionAt(index + 3),
      editor.document.positionAt(index + 3),
    );
    const r = await run('molml.predict', { head: 'model' });
    assert.equal(r.ok, true, r.message);
    assert.equal(r.molecules, 1);
    assert.equal(r.flagged, 0);
  });

  it('writes embeddings beside the source without touching it, and refuses to overwrite the source', async () => {
    const source = workspaceUri('datasets', 'reference.smi').fsPath;
    const before = fs.readFileSync(source);
    const out = path.join(path.dirname(source), 'reference.embeddings.npy');
    const r = await run('molml.embed', { uri: source, out });
    assert.equal(r.ok, true, r.message);
    assert.equal(r.dim, 8);
    assert.equal(r.embedded, 3, 'C1CC (broken ring) is refused');
    const npy = fs.readFileSync(out);
    assert.equal(npy.subarray(1, 6).toString('latin1'), 'NUMPY');
    assert.match(npy.toString('latin1', 10, 80), /'shape': \(4, 8\)/);
    const csv = await run('molml.embed', {
      uri: source,
      out: path.join(path.dirname(source), 'reference.embeddings.csv'),
    });
    assert.equal(csv.ok, true);
    const lines = fs
      .readFileSync(path.join(path.dirname(source), 'reference.embeddings.csv'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(lines[0], 'row,smiles,emb_0,emb_1,emb_2,emb_3,emb_4,emb_5,emb_6,emb_7');
    assert.equal(lines.length, 4);
    const refused = await run('molml.embed', { uri: source, out: source });
    assert.equal(refused.ok, false);
    assert.match(refused.message!, /overwrite the source/);
    assert.deepEqual(fs.readFileSync(source), before, 'the source file is unchanged');
  });

  it('finds similar molecules by embedding cosine and ECFP Tanimoto side by side', async () => {
    const r = await run('molml.findSimilar', {
      uri: 'datasets/herg_activities.csv',
      query: 'CN1CCN(CC1)c2ccccc2',
      top: 5,
    });
    assert.equal(r.ok, true, r.message);
    const sections = r.sections as Array<{ kind: string; hits: Array<{ row: number; score: number }> }>;
    assert.deepEqual(
      sections.map(s => s.kind),
      ['ecfp-tanimoto', 'embedding-cosine'],
    );
    for (const s of sections) {
      assert.equal(s.hits.length, 5);
      for (let i = 1; i < s.hits.length; i++) assert.ok(s.hits[i - 1].score >= s.hits[i].score);
    }
    assert.ok((r.shownInView as number) >= 5);
  });

  it('trains a head with scaffold cross-validation on embeddings, ECFP and both, saves it, and Predict uses it with AD and uncertainty', async () => {
    const out = workspaceUri('datasets', 'herg.value.head.json').fsPath;
    const r = await run('molml.trainHead', {
      uri: 'datasets/herg_activities.csv',
      label: 'standard_value',
      out,
      folds: 3,
    });
    assert.equal(r.ok, true, r.message);
    assert.equal(r.task, 'regression');
    const candidates = r.candidates as Array<{
      features: string;
      metrics: Record<string, number>;
      baselineMetrics: Record<string, number>;
      rows: number;
    }>;
    assert.deepEqual(
      candidates.map(c => c.features),
      ['embedding', 'ecfp', 'embedding+ecfp'],
    );
    for (const c of candidates) {
      assert.ok(Number.isFinite(c.metrics.rmse) && Number.isFinite(c.metrics.r2));
      assert.ok(Number.isFinite(c.baselineMetrics.rmse));
    }
    assert.equal(r.split, 'scaffold');
    const rows = r.rows as { used: number; refused: number };
    assert.ok(
      candidates.every(c => c.rows === rows.used),
      'every candidate is scored on the same rows',
    );
    assert.ok(rows.refused > 0, 'the molecules the tiny model refuses are counted as refused');
    const head = JSON.parse(fs.readFileSync(out, 'utf8')) as { format: string; task: { name: string } };
    assert.equal(head.format, 'molml-head/1');
    assert.equal(r.shownInView, 33);

    const p = await run('molml.predict', { uri: 'datasets/herg_activities.csv', head: out });
    assert.equal(p.ok, true, p.message);
    const columns = p.columns as Array<{ task: string; source: string; uncertainty: boolean; predicted: number }>;
    const fromHead = columns.find(c => c.source === 'head')!;
    assert.equal(fromHead.task, 'standard_value');
    assert.equal(fromHead.uncertainty, true);
    assert.ok((p.applicability as number) > 0);
    assert.ok((p.plots as string[]).includes('scatter'), 'the file has the label: predicted vs. measured');
  });

  it('cancels a running job between batches', async () => {
    const output = vscode.window.createOutputChannel('MolML cancellation test', { log: true });
    const client = new ModelClient(REPO, output);
    try {
      const esol = fs
        .readFileSync(path.resolve(REPO, 'test/fixtures/data/moleculenet/esol_delaney-processed.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      const smiles = esol.map(l => l.split(',').at(-1)!);
      const cancel = new vscode.CancellationTokenSource();
      let progressed = 0;
      const job = client.run(
        { kind: 'predict', smiles, model: { directory: TINY, device: 'cpu', batchSize: 1 } },
        cancel.token,
        done => {
          if (done > 0 && !progressed) {
            progressed = done;
            cancel.cancel();
          }
        },
      );
      await assert.rejects(job, (e: unknown) => e instanceof Cancelled);
      assert.ok(progressed > 0 && progressed < smiles.length, `cancelled after ${progressed} of ${smiles.length}`);
      // The worker is still usable afterwards.
      const after = await client.run({ kind: 'predict', smiles: ['CCO'], model: { directory: TINY, device: 'cpu' } });
      assert.equal(after.columns[0].values.length, 1);
      // Each job's result names the device its model ran on, also with two jobs at once (the results' subtitle).
      const both = await Promise.all([
        client.run({ kind: 'predict', smiles: ['CCO'], model: { directory: TINY, device: 'cpu' } }),
        client.run({ kind: 'predict', smiles: ['CCN'], model: { directory: TINY, device: 'cpu', batchSize: 1 } }),
      ]);
      assert.deepEqual(
        both.map(o => o.device),
        ['cpu', 'cpu'],
      );
    } finally {
      client.dispose();
      output.dispose();
    }
  });

  it('says clearly when no model is available', async () => {
    // A build without the bundled default model: the extension (same process) reads its default from an empty folder.
    const noDefault = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-no-default-model-'));
    process.env.MOLML_DEFAULT_MODEL_DIR = noDefault;
    await vscode.workspace.getConfiguration('molml').update('models', [], vscode.ConfigurationTarget.Global);
    try {
      const select = await run('molml.selectModel');
      assert.equal(select.ok, false);
      assert.equal(select.message, 'no model');
      assert.equal((await run('molml.predict', { uri: 'datasets/reference.smi', head: 'model' })).message, 'no model');
      assert.equal(
        (await run('molml.embed', { uri: 'datasets/reference.smi', out: 'datasets/x.csv' })).message,
        'no model',
      );
      assert.ok(!fs.existsSync(workspaceUri('datasets', 'x.csv').fsPath));
    } finally {
      delete process.env.MOLML_DEFAULT_MODEL_DIR;
      fs.rmSync(noDefault, { recursive: true, force: true });
      await vscode.workspace.getConfiguration('molml').update('models', [TINY], vscode.ConfigurationTarget.Global);
    }
  });

  it("uses the bundled default model when present: its tasks, with ROC curves against the file's labels", async function () {
    const def = path.join(REPO, 'models/default');
    if (!fs.existsSync(path.join(def, 'manifest.json'))) this.skip();
    const selected = await run('molml.selectModel', def);
    assert.equal(selected.ok, true, selected.message);
    try {
      const r = await run('molml.predict', { uri: 'datasets/clintox_raw.csv', head: 'model' });
      assert.equal(r.ok, true, r.message);
      const columns = r.columns as Array<{ task: string; predicted: number }>;
      assert.ok(columns.some(c => c.task === 'ClinTox_CT_TOX' && c.predicted > 0));
      assert.equal((r.plots as string[]).filter(k => k === 'roc').length, 2, 'FDA_APPROVED and CT_TOX are in the file');
      assert.equal(r.shownInView, 33);
    } finally {
      await run('molml.selectModel', TINY);
    }
  });

  it('refuses workspace-named models in an untrusted workspace (trust gate)', () => {
    const ws = '/home/u/project';
    const entries = [
      { path: '/opt/models/mine', scope: 'user' as const },
      { path: 'models/local', scope: 'user' as const },
      { path: '/opt/models/theirs', scope: 'workspace' as const },
    ];
    const untrusted = gateModelDirectories(entries, false, [ws]);
    assert.deepEqual(untrusted.allowed, ['/opt/models/mine']);
    assert.deepEqual(
      untrusted.refused.map(r => r.path),
      ['models/local', '/opt/models/theirs'],
    );
    assert.match(untrusted.refused[0].reason, /not trusted/);
    const trusted = gateModelDirectories(entries, true, [ws]);
    assert.deepEqual(trusted.allowed, ['/opt/models/mine', '/home/u/project/models/local', '/opt/models/theirs']);
    const pkg = vscode.extensions.getExtension('molml.molml')!.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
    };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['molml.models']);
  });
});
