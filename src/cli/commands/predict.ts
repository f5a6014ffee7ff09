import fs from 'node:fs';
import type { CliCommand } from '../command';
import { parse, oneOf, UsageError } from '../args';
import { Head, validateHead } from '../../core/learn/head';
import { predict, headModel, TaskError, type PredictResult } from '../../core/model/tasks';
import type { Model } from '../../core/model/runtime';
import { clip } from '../../core/text';
import {
  modelOptions,
  guarded,
  modelDirectory,
  loadModel,
  readInputs,
  smilesOf,
  batchSize,
  modelRunner,
  reportIssues,
  reportWarnings,
  rowWarning,
  emit,
  csvLine,
  checkOut,
  outputOptions,
  MODEL_NOTES,
  CommandError,
} from '../model-support';

function readHead(file: string): Head {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new CommandError(`no such file: ${clip(file)}`);
    if (err.code === 'EISDIR') throw new CommandError(`${clip(file)}: is a directory`);
    throw new CommandError(`${clip(file)}: not a readable JSON file (${clip(err.message)})`);
  }
  const v = validateHead(json);
  // One line: the first problem, and how many more there are.
  if (!v.ok)
    throw new CommandError(
      `${clip(file)}: not a MolML head: ${clip(v.issues[0] ?? 'invalid')}${v.issues.length > 1 ? ` (and ${v.issues.length - 1} more problems)` : ''}`,
    );
  return new Head(v.value);
}

export const predictCommand: CliCommand = {
  name: 'predict',
  summary:
    "predict with the model's own tasks and/or a trained head (--head), with applicability domain and uncertainty",
  usage:
    'molml predict <file|SMILES...> [--model DIR] [--head FILE] [--tasks a,b] [--format csv|json] [--out FILE [--force]] [--device auto|cpu|cuda|webgpu] [--precision auto|fp32|int8] [--batch-size N] [--shards N] [--smiles-col NAME]',
  notes: MODEL_NOTES,
  run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        ...modelOptions,
        head: { type: 'string' },
        tasks: { type: 'string' },
        format: { type: 'string' },
        ...outputOptions,
      },
      1,
    );
    return guarded(io, 'predict', async () => {
      const format = oneOf(
        'format',
        values.format,
        ['csv', 'json'] as const,
        values.out?.toLowerCase().endsWith('.json') ? 'json' : 'csv',
      );
      // Every argument and the head are inputs: --out may name none of them.
      const check = { inputs: [...positionals, ...(values.head ? [values.head] : [])], force: values.force ?? false };
      checkOut(values.out, check);
      const head = values.head ? readHead(values.head) : undefined;
      const table = await readInputs(positionals, values);
      const smiles = smilesOf(table);
      // A model is needed for its own tasks, or for a head trained on its embeddings.
      const dir = values.model ?? (!head || headModel(head) ? modelDirectory(values) : undefined);
      if (!dir && !head) throw new CommandError('no model: pass --model DIR or --head FILE');
      let model: Model | undefined;
      let result: PredictResult;
      try {
        model = dir ? await loadModel(dir, values, io) : undefined;
        const runner = model ? modelRunner(model, values, smiles.length, io) : undefined;
        result = await predict({
          smiles,
          model,
          head,
          headName: values.head,
          run: { batchSize: batchSize(values) },
          ...(runner && runner.shards > 1 ? { runModel: runner.run } : {}),
        });
      } catch (e) {
        if (e instanceof TaskError) throw new CommandError(e.message);
        throw e;
      } finally {
        await model?.dispose();
      }
      for (const w of result.warnings) io.err(`warning: ${w}`);
      const { columns, issues } = result;
      const ad = result.adSimilarity;
      const selected = values.tasks
        ? values.tasks
            .split(',')
            .map(s => s.trim())
            .filter(Boolean)
        : undefined;
      if (selected) {
        const unknown = selected.filter(t => !columns.some(c => c.task === t));
        if (unknown.length)
          throw new UsageError(
            `--tasks: unknown task ${unknown.join(', ')} (available: ${columns.map(c => c.task).join(', ')})`,
          );
      }
      const shown = columns.filter(c => !selected || selected.includes(c.task));
      // Present whenever a model ran, so the columns of a file do not depend on its rows.
      const warned = result.results.length > 0;
      if (format === 'csv') {
        const header = [
          ...table.columns,
          ...shown.flatMap(c => [`pred_${c.task}`, ...(c.uncertainty ? [`unc_${c.task}`] : [])]),
          ...(ad ? ['ad_similarity'] : []),
          ...(warned ? ['model_warning'] : []),
        ];
        const lines = [csvLine(header)];
        table.rows.forEach((row, i) =>
          lines.push(
            csvLine([
              ...row,
              ...shown.flatMap(c => [c.values[i], ...(c.uncertainty ? [c.uncertainty[i]] : [])]),
              ...(ad ? [ad[i]] : []),
              ...(warned ? [rowWarning(result.results[i])] : []),
            ]),
          ),
        );
        emit(io, values.out, lines.join('\n') + '\n', check);
      } else {
        const records = table.rows.map((row, i) => {
          const issue = issues.find(x => x.index === i);
          return {
            row: i + 1,
            smiles: row[table.smilesColumn],
            ...(issue ? { error: issue.reason } : {}),
            predictions: Object.fromEntries(
              shown.filter(c => c.values[i] !== undefined).map(c => [c.task, c.values[i]]),
            ),
            ...(shown.some(c => c.uncertainty)
              ? {
                  uncertainty: Object.fromEntries(
                    shown.filter(c => c.uncertainty?.[i] !== undefined).map(c => [c.task, c.uncertainty![i]]),
                  ),
                }
              : {}),
            ...(ad && ad[i] !== undefined ? { ad_similarity: ad[i] } : {}),
            ...(rowWarning(result.results[i]) ? { warning: rowWarning(result.results[i]) } : {}),
          };
        });
        emit(io, values.out, JSON.stringify(records, null, 1) + '\n', check);
      }
      reportWarnings(io, result.results);
      reportIssues(io, issues);
      return issues.length ? 1 : 0;
    });
  },
};
