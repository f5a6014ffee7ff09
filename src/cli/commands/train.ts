import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command';
import { intOption, parse, oneOf, UsageError } from '../args';
import {
  trainHeads,
  headOf,
  parseLabels,
  inferTask,
  TaskError,
  type TrainProgress,
  type TrainResult,
} from '../../core/model/tasks';
import type { Model } from '../../core/model/runtime';
import { clip, clipList } from '../../core/text';
import {
  modelOptions,
  guarded,
  modelDirectory,
  loadModel,
  readTable,
  smilesOf,
  batchSize,
  reportIssues,
  emit,
  checkOut,
  outputOptions,
  CommandError,
} from '../model-support';

export const trainCommand: CliCommand = {
  name: 'train',
  summary:
    'cross-validate ridge/logistic heads on model embeddings, on ECFP and on both, in scaffold (or random) folds, and save the best',
  usage:
    'molml train <file> --label COL [--task regression|classification] [--out HEAD.json [--force]] [--folds 5] [--split scaffold|random] [--features auto|embedding|ecfp|combined] [--model DIR] [--device ...] [--precision ...] [--batch-size N] [--smiles-col NAME]',
  notes: [
    '--split scaffold (the default) keeps each Bemis-Murcko scaffold in one fold, so the metrics say how the head does',
    'on new chemical series; --split random shuffles rows (stratified by class for classification). Every candidate',
    "is scored in the same folds, beside a baseline (the training folds' mean, or their share of positives) and the",
    'in-sample fit of the saved head (optimistic, for comparison only). Progress goes to stderr; Ctrl-C stops.',
    'Exit codes: 0 trained (and saved with --out); labelled rows that could not be used are listed on stderr with a',
    'warning and their count, and do not change the exit code. 2 usage or I/O error, or too few usable rows.',
    '130 stopped by Ctrl-C (nothing written).',
  ].join('\n'),
  run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        ...modelOptions,
        label: { type: 'string' },
        task: { type: 'string' },
        ...outputOptions,
        folds: { type: 'string' },
        split: { type: 'string' },
        features: { type: 'string' },
      },
      1,
    );
    return guarded(io, 'train', async () => {
      if (!values.label) throw new UsageError('--label COL is required');
      const folds = intOption('folds', values.folds, 5, 2);
      const want = oneOf('features', values.features, ['auto', 'embedding', 'ecfp', 'combined'] as const, 'auto');
      const split = oneOf('split', values.split, ['scaffold', 'random'] as const, 'scaffold');
      const check = { inputs: [positionals[0]], force: values.force ?? false };
      checkOut(values.out, check);
      const table = await readTable(positionals[0], values);
      const col = table.columns.indexOf(values.label);
      if (col < 0)
        throw new CommandError(
          `${clip(table.file)}: no column named "${clip(values.label)}" (columns: ${clipList(table.columns)})`,
        );
      const smiles = smilesOf(table);
      const { labels, issues: labelIssues } = parseLabels(
        table.rows.map(r => r[col]),
        smiles,
      );
      const labelled = labels.filter(v => v !== undefined).length;
      if (folds > labelled)
        throw new UsageError(`--folds ${folds} is more than the ${labelled} labelled rows of "${clip(values.label)}"`);
      const task = oneOf('task', values.task, ['regression', 'classification'] as const, inferTask(labels));
      if (task === 'classification' && inferTask(labels) !== 'classification')
        throw new CommandError(`--task classification needs labels 0 and 1 in "${clip(values.label)}"`);
      const dir = want === 'ecfp' ? undefined : modelDirectory(values);
      if ((want === 'embedding' || want === 'combined') && !dir)
        throw new CommandError(`--features ${want} needs a model: pass --model DIR`);
      let model: Model | undefined;
      let result: TrainResult;
      const stop = new AbortController();
      const interrupt = () => stop.abort();
      process.once('SIGINT', interrupt);
      const progress = trainProgress(io);
      try {
        model = dir ? await loadModel(dir, values, io) : undefined;
        result = await trainHeads({
          smiles,
          labels,
          task,
          folds,
          split,
          features: want,
          model,
          run: { batchSize: batchSize(values), signal: stop.signal },
          signal: stop.signal,
          onProgress: progress,
        });
      } catch (e) {
        if (stop.signal.aborted) {
          io.err('molml train: stopped (Ctrl-C); nothing was written');
          return 130;
        }
        if (e instanceof TaskError) throw new CommandError(e.message);
        throw e;
      } finally {
        process.removeListener('SIGINT', interrupt);
        progress.end();
        await model?.dispose();
      }
      const issues = [...labelIssues];
      for (const i of result.issues) if (!issues.some(x => x.index === i.index)) issues.push(i);

      const metricNames = task === 'regression' ? ['rmse', 'mae', 'r2'] : ['rocAuc', 'accuracy'];
      const metricCells = (m: Record<string, number>) =>
        metricNames.map(k => (Number.isFinite(m[k]) ? m[k].toFixed(3) : 'n/a').padStart(8));
      io.out(
        `${result.folds}-fold ${result.split} cross-validation, ${task} of "${values.label}" (${table.file}): ` +
          `${result.rows.used} rows used, ${result.rows.refused} labelled rows refused`,
      );
      io.out(
        [
          'features'.padEnd(34),
          'rows'.padStart(5),
          'method'.padStart(9),
          'reg.'.padStart(7),
          ...metricNames.map(m => m.padStart(8)),
        ].join(' '),
      );
      for (const c of result.candidates) {
        const hyper = 'alpha' in c.cv.hyperparameter ? c.cv.hyperparameter.alpha : c.cv.hyperparameter.C;
        io.out(
          [
            c.name.padEnd(34),
            String(c.rows.length).padStart(5),
            c.cv.method.padStart(9),
            String(hyper).padStart(7),
            ...metricCells({ ...c.cv.metrics }),
          ].join(' '),
        );
      }
      const baseline = task === 'regression' ? 'baseline: training-fold mean' : 'baseline: training-fold prior';
      io.out(
        [
          baseline.padEnd(34),
          String(result.rows.used).padStart(5),
          ''.padStart(17),
          ...metricCells({ ...result.best.cv.baseline }),
        ].join(' '),
      );
      io.out(
        [`in-sample (optimistic): ${result.best.name}`.padEnd(58), ...metricCells({ ...result.best.cv.inSample })].join(
          ' ',
        ),
      );
      if (values.out) {
        emit(
          io,
          values.out,
          JSON.stringify(headOf(result, result.best, values.label, path.basename(table.file))) + '\n',
          check,
        );
        io.err(
          `wrote ${values.out}: ${result.best.name}, ${result.best.cv.method}, ${fs.statSync(values.out).size} bytes`,
        );
      }
      reportIssues(io, issues);
      if (result.rows.refused)
        io.err(
          `warning: ${result.rows.refused} labelled ${result.rows.refused === 1 ? 'row was' : 'rows were'} refused (listed above); trained on ${result.rows.used} rows`,
        );
      return 0;
    });
  },
};

/** Fits done per candidate on stderr: one updating line on a terminal, a line per candidate otherwise. */
function trainProgress(io: { err(text: string): void }): ((p: TrainProgress) => void) & { end(): void } {
  const tty = process.stderr.isTTY === true;
  let shown = '';
  let open = false;
  const report = (p: TrainProgress) => {
    if (p.stage !== 'fitting') return;
    if (tty) {
      process.stderr.write(`\rcross-validating ${p.candidate}: fit ${p.done} of ${p.total}\x1b[K`);
      open = true;
    } else if (p.candidate !== shown) {
      shown = p.candidate;
      io.err(`cross-validating ${p.candidate} (${p.total} fits)`);
    }
  };
  return Object.assign(report, {
    end: () => {
      if (open) process.stderr.write('\r\x1b[K');
      open = false;
    },
  });
}
