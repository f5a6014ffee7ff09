import type { CliCommand } from '../command';
import { parse, oneOf } from '../args';
import { predict, predictionTasks, TaskError, type PredictResult, type TaskInfo } from '../../core/model/tasks';
import type { Model } from '../../core/model/runtime';
import {
  modelOptions,
  guarded,
  readHead,
  taskList,
  predictionModelDirectory,
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
      const dir = predictionModelDirectory(values, head);
      let model: Model | undefined;
      let result: PredictResult;
      let tasks: TaskInfo[] = [];
      try {
        model = dir ? await loadModel(dir, values, io) : undefined;
        tasks = predictionTasks(model, head, taskList(values.tasks));
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
      const shown = columns.filter(c => tasks.some(t => t.name === c.task));
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
