import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command';
import { parse, oneOf, UsageError } from '../args';
import { fromRows } from '../../core/learn/linalg';
import { crossValidate, type CvResult, type TaskType } from '../../core/learn/cross-validation';
import { buildHead, type HeadFeatures } from '../../core/learn/head';
import { fingerprintBits } from '../../core/similarity/ecfp';
import { modelOptions, guarded, modelDirectory, loadModel, readTable, smilesOf, batchSize, reportIssues, fingerprints, emit, CommandError } from '../model-support';
import type { PreflightIssue } from '../../core/model/runtime';

interface Candidate { name: string; features: HeadFeatures; cv: CvResult; rows: number[] }

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'cross-validate ridge/logistic heads on model embeddings and on ECFP, and save the better one',
  usage: 'molml train <file> --label COL [--task regression|classification] [--out HEAD.json] [--folds 5] [--features auto|embedding|ecfp] [--model DIR] [--device ...] [--batch-size N] [--smiles-col NAME]',
  run(argv, io) {
    const { values, positionals } = parse(argv, {
      ...modelOptions, label: { type: 'string' }, task: { type: 'string' }, out: { type: 'string' }, folds: { type: 'string' }, features: { type: 'string' },
    }, 1);
    return guarded(io, 'train', async () => {
      if (!values.label) throw new UsageError('--label COL is required');
      const folds = values.folds === undefined ? 5 : Number(values.folds);
      if (!Number.isInteger(folds) || folds < 2) throw new UsageError(`--folds must be an integer of at least 2 (got '${values.folds}')`);
      const want = oneOf('features', values.features, ['auto', 'embedding', 'ecfp'] as const, 'auto');
      const table = readTable(positionals[0], values);
      const col = table.columns.indexOf(values.label);
      if (col < 0) throw new CommandError(`${table.file}: no column named "${values.label}" (columns: ${table.columns.join(', ')})`);
      const issues: PreflightIssue[] = [];
      // Labels: empty cells are unlabelled (skipped); anything else must be a number.
      const labels = table.rows.map((r, index) => {
        const cell = r[col].trim();
        if (cell === '') return undefined;
        const v = Number(cell);
        if (!Number.isFinite(v)) { issues.push({ index, input: r[table.smilesColumn], reason: `label "${cell}" is not a number` }); return undefined; }
        return v;
      });
      const labelled = labels.filter((v): v is number => v !== undefined);
      const task: TaskType = oneOf('task', values.task, ['regression', 'classification'] as const, labelled.every(v => v === 0 || v === 1) ? 'classification' : 'regression');
      if (task === 'classification' && !labelled.every(v => v === 0 || v === 1)) throw new CommandError(`--task classification needs labels 0 and 1 in "${values.label}"`);
      const smiles = smilesOf(table);
      const { fps, issues: fpIssues } = await fingerprints(smiles);
      issues.push(...fpIssues);
      const candidates: Candidate[] = [];
      const fit = (name: string, features: HeadFeatures, vectors: (ArrayLike<number> | undefined)[], standardize: boolean) => {
        const rows = table.rows.map((_, i) => i).filter(i => labels[i] !== undefined && vectors[i] !== undefined && fps[i] !== undefined);
        const y = rows.map(i => labels[i]!);
        try {
          candidates.push({ name, features, rows, cv: crossValidate(fromRows(rows.map(i => vectors[i]!)), y, { task, folds, standardize }) });
        } catch (e) { throw new CommandError(`${name}: ${(e as Error).message}`); }
      };
      const dir = want === 'ecfp' ? undefined : modelDirectory(values);
      if (want === 'embedding' && !dir) throw new CommandError('--features embedding needs a model: pass --model DIR');
      if (dir) {
        const model = await loadModel(dir, values, io);
        try {
          const run = await model.run(smiles, { batchSize: batchSize(values) });
          for (const i of run.issues) if (!issues.some(x => x.index === i.index)) issues.push({ ...i, reason: `${model.label}: ${i.reason}` });
          fit(`embedding (${model.label})`, { kind: 'embedding', model: model.identity }, run.results.map(r => r?.embedding), true);
        } finally { await model.dispose(); }
      }
      if (want !== 'embedding') fit('ecfp (Morgan r2/2048)', { kind: 'ecfp', radius: 2, nBits: 2048 }, fps.map(f => f && fingerprintBits(f)), false);

      const metricNames = task === 'regression' ? ['rmse', 'mae', 'r2'] : ['rocAuc', 'accuracy'];
      io.out(`${folds}-fold cross-validation, ${task} of "${values.label}" (${table.file})`);
      io.out(['features'.padEnd(34), 'rows'.padStart(5), 'method'.padStart(9), 'reg.'.padStart(7), ...metricNames.map(m => m.padStart(8))].join(' '));
      for (const c of candidates) {
        const hyper = 'alpha' in c.cv.hyperparameter ? c.cv.hyperparameter.alpha : c.cv.hyperparameter.C;
        const m = c.cv.metrics as unknown as Record<string, number>;
        io.out([c.name.padEnd(34), String(c.rows.length).padStart(5), c.cv.method.padStart(9), String(hyper).padStart(7), ...metricNames.map(k => m[k].toFixed(3).padStart(8))].join(' '));
      }
      const better = (a: Candidate, b: Candidate) => task === 'regression'
        ? (a.cv.metrics as { rmse: number }).rmse <= (b.cv.metrics as { rmse: number }).rmse
        : (a.cv.metrics as { rocAuc: number }).rocAuc >= (b.cv.metrics as { rocAuc: number }).rocAuc;
      const best = candidates.reduce((a, b) => better(a, b) ? a : b);
      if (values.out) {
        const head = buildHead(best.cv, {
          taskName: values.label.replace(/[^A-Za-z0-9_.-]+/g, '_'), task, features: best.features, folds, rows: best.rows.length,
          label: values.label, file: path.basename(table.file), trainingFingerprints: best.rows.map(i => fps[i]!),
        });
        emit(io, values.out, JSON.stringify(head) + '\n');
        io.err(`wrote ${values.out}: ${best.name}, ${best.cv.method}, ${fs.statSync(values.out).size} bytes`);
      }
      reportIssues(io, issues);
      return issues.length ? 1 : 0;
    });
  },
};
