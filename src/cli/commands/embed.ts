import path from 'node:path';
import type { CliCommand } from '../command';
import { parse } from '../args';
import { npyFloat32 } from '../../core/model/npy';
import { modelOptions, guarded, requireModel, loadModel, readTable, smilesOf, batchSize, reportIssues, emit, csvLine, CommandError } from '../model-support';

export const embedCommand: CliCommand = {
  name: 'embed',
  summary: 'compute model embeddings for the molecules of a file (CSV or .npy)',
  usage: 'molml embed <file> [--out FILE.csv|FILE.npy] [--model DIR] [--device auto|cpu|cuda|webgpu] [--batch-size N] [--smiles-col NAME] [--cache-dir DIR]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { ...modelOptions, out: { type: 'string' } }, 1);
    return guarded(io, 'embed', async () => {
      const out = values.out;
      const format = out && path.extname(out).toLowerCase() === '.npy' ? 'npy' : 'csv';
      if (out && !['.npy', '.csv'].includes(path.extname(out).toLowerCase())) throw new CommandError(`--out must end in .csv or .npy (got ${out})`);
      const table = readTable(positionals[0], values);
      const model = await loadModel(requireModel(values), values, io);
      try {
        const run = await model.run(smilesOf(table), { batchSize: batchSize(values) });
        const dim = run.results.find(r => r)?.embedding.length ?? model.manifest.outputs.embeddingDim ?? 0;
        if (format === 'npy') {
          // One row per input row; refused molecules are NaN rows so indices stay aligned with the file.
          const data = new Float32Array(table.rows.length * dim).fill(NaN);
          run.results.forEach((r, i) => { if (r) data.set(r.embedding, i * dim); });
          emit(io, out, npyFloat32(table.rows.length, dim, data));
        } else {
          const lines = [csvLine(['row', 'smiles', ...Array.from({ length: dim }, (_, i) => `emb_${i}`)])];
          run.results.forEach((r, i) => { if (r) lines.push(csvLine([i + 1, r.input, ...Array.from(r.embedding)])); });
          emit(io, out, lines.join('\n') + '\n');
        }
        reportIssues(io, run.issues);
        const done = run.results.filter(Boolean).length;
        io.err(`embedded ${done} of ${table.rows.length} molecules with ${model.label} on ${run.device}${run.deviceNote ? ` (${run.deviceNote})` : ''}${out ? `; wrote ${out}` : ''}`);
        return run.issues.length ? 1 : 0;
      } finally {
        await model.dispose();
      }
    });
  },
};
