import type { CliCommand } from '../command';
import { intOption, parse, requireSmilesArgument, UsageError } from '../args';
import { findSimilar, TaskError } from '../../core/model/tasks';
import type { Model } from '../../core/model/runtime';
import {
  modelOptions,
  guarded,
  modelDirectory,
  loadModel,
  readTable,
  smilesOf,
  batchSize,
  reportIssues,
} from '../model-support';

export const similarCommand: CliCommand = {
  name: 'similar',
  summary:
    'the molecules of a file most similar to a query: ECFP Tanimoto, and embedding cosine when a model is available',
  usage:
    'molml similar <SMILES> <file> [--top K] [--model DIR] [--json] [--device ...] [--precision ...] [--batch-size N] [--smiles-col NAME]',
  run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...modelOptions, top: { type: 'string' }, json: { type: 'boolean' } },
      2,
    );
    return guarded(io, 'similar', async () => {
      const top = intOption('top', values.top, 10);
      const [query, file] = positionals;
      requireSmilesArgument(query);
      const table = await readTable(file, values);
      const smiles = smilesOf(table);
      const dir = modelDirectory(values);
      let model: Model | undefined;
      let found;
      try {
        model = dir ? await loadModel(dir, values, io) : undefined;
        found = await findSimilar(query, smiles, top, model, { batchSize: batchSize(values) });
      } catch (e) {
        if (e instanceof TaskError) throw new UsageError(e.message);
        throw e;
      } finally {
        await model?.dispose();
      }
      const { sections, issues, modelNote } = found;
      if (modelNote) io.err(modelNote);
      if (values.json) {
        io.out(
          JSON.stringify(
            sections.map(s => ({
              kind: s.kind,
              hits: s.hits.map(h => ({ row: h.index + 1, smiles: smiles[h.index], score: h.score })),
            })),
          ),
        );
      } else {
        for (const s of sections) {
          io.out(s.title);
          io.out('  rank  row     score  smiles');
          s.hits.forEach((h, r) =>
            io.out(
              `  ${String(r + 1).padStart(4)}  ${String(h.index + 1).padStart(5)}  ${h.score.toFixed(4)}  ${smiles[h.index]}`,
            ),
          );
        }
      }
      reportIssues(io, issues);
      return issues.length ? 1 : 0;
    });
  },
};
