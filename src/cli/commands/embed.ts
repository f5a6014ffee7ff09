import path from 'node:path';
import type { CliCommand } from '../command';
import { parse } from '../args';
import { embeddingDim, embeddingsCsv, embeddingsNpy } from '../../core/model/tasks';
import {
  modelOptions,
  guarded,
  requireModel,
  loadModel,
  readTable,
  smilesOf,
  modelRunner,
  reportIssues,
  reportWarnings,
  emit,
  checkOut,
  outputOptions,
  MODEL_NOTES,
  CommandError,
} from '../model-support';

export const embedCommand: CliCommand = {
  name: 'embed',
  summary: 'compute model embeddings for the molecules of a file (CSV or .npy)',
  usage:
    'molml embed <file> [--out FILE.csv|FILE.npy [--force]] [--model DIR] [--device auto|cpu|cuda|webgpu] [--precision auto|fp32|int8] [--batch-size N] [--shards N] [--smiles-col NAME] [--cache-dir DIR]',
  notes: MODEL_NOTES,
  run(argv, io) {
    const { values, positionals } = parse(argv, { ...modelOptions, ...outputOptions }, 1);
    return guarded(io, 'embed', async () => {
      const out = values.out;
      const format = out && path.extname(out).toLowerCase() === '.npy' ? 'npy' : 'csv';
      if (out && !['.npy', '.csv'].includes(path.extname(out).toLowerCase()))
        throw new CommandError(`--out must end in .csv or .npy (got ${out})`);
      const check = { inputs: [positionals[0]], force: values.force ?? false };
      checkOut(out, check);
      const table = await readTable(positionals[0], values);
      const model = await loadModel(requireModel(values), values, io);
      try {
        const smiles = smilesOf(table);
        const { shards, run: runModel } = modelRunner(model, values, smiles.length, io);
        const run = await runModel(smiles);
        const dim = embeddingDim(model, run.results);
        emit(io, out, format === 'npy' ? embeddingsNpy(run.results, dim) : embeddingsCsv(run.results, dim), check);
        reportWarnings(io, run.results);
        reportIssues(io, run.issues);
        const done = run.results.filter(Boolean).length;
        io.err(
          `embedded ${done} of ${table.rows.length} molecules with ${model.label} on ${run.device}${model.deviceNote ? ` (${model.deviceNote})` : ''}${shards > 1 ? ` in ${shards} parallel shards` : ''}${out ? `; wrote ${out}` : ''}`,
        );
        return run.issues.length ? 1 : 0;
      } finally {
        await model.dispose();
      }
    });
  },
};
