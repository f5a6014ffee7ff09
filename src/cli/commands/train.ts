import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command';
import { intOption, parse, oneOf, UsageError } from '../args';
import { trainHeads, headOf, parseLabels, inferTask, TaskError, type TrainResult } from '../../core/model/tasks';
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
  summary: 'cross-validate ridge/logistic heads on model embeddings and on ECFP, and save the better one',
  usage:
    'molml train <file> --label COL [--task regression|classification] [--out HEAD.json [--force]] [--folds 5] [--features auto|embedding|ecfp] [--model DIR] [--device ...] [--precision ...] [--batch-size N] [--smiles-col NAME]',
  run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        ...modelOptions,
        label: { type: 'string' },
        task: { type: 'string' },
        ...outputOptions,
        folds: { type: 'string' },
        features: { type: 'string' },
      },
      1,
    );
    return guarded(io, 'train', async () => {
      if (!values.label) throw new UsageError('--label COL is required');
      const folds = intOption('folds', values.folds, 5, 2);
      const want = oneOf('features', values.features, ['auto', 'embedding', 'ecfp'] as const, 'auto');
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
      if (want === 'embedding' && !dir) throw new CommandError('--features embedding needs a model: pass --model DIR');
      let model: Model | undefined;
      let result: TrainResult;
      try {
        model = dir ? await loadModel(dir, values, io) : undefined;
        result = await trainHeads({
          smiles,
          labels,
          task,
          folds,
          features: want,
          model,
          run: { batchSize: batchSize(values) },
        });
      } catch (e) {
        if (e instanceof TaskError) throw new CommandError(e.message);
        throw e;
      } finally {
        await model?.dispose();
      }
      const issues = [...labelIssues];
      for (const i of result.issues) if (!issues.some(x => x.index === i.index)) issues.push(i);

      const metricNames = task === 'regression' ? ['rmse', 'mae', 'r2'] : ['rocAuc', 'accuracy'];
      io.out(`${folds}-fold cross-validation, ${task} of "${values.label}" (${table.file})`);
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
        const m = c.cv.metrics as unknown as Record<string, number>;
        io.out(
          [
            c.name.padEnd(34),
            String(c.rows.length).padStart(5),
            c.cv.method.padStart(9),
            String(hyper).padStart(7),
            ...metricNames.map(k => m[k].toFixed(3).padStart(8)),
          ].join(' '),
        );
      }
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
      return issues.length ? 1 : 0;
    });
  },
};
