import type { CliCommand } from '../command';
import { parse, UsageError } from '../args';
import { rdkit } from '../../core/chem/rdkit';
import { ecfp } from '../../core/similarity/ecfp';
import { tanimotoTopK, cosineTopK, type Neighbour } from '../../core/similarity/top-k';
import { modelOptions, guarded, modelDirectory, loadModel, readTable, smilesOf, batchSize, reportIssues, fingerprints } from '../model-support';

export const similarCommand: CliCommand = {
  name: 'similar',
  summary: 'the molecules of a file most similar to a query: ECFP Tanimoto, and embedding cosine when a model is available',
  usage: 'molml similar <SMILES> <file> [--top K] [--model DIR] [--json] [--device ...] [--batch-size N] [--smiles-col NAME]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { ...modelOptions, top: { type: 'string' }, json: { type: 'boolean' } }, 2);
    return guarded(io, 'similar', async () => {
      const top = values.top === undefined ? 10 : Number(values.top);
      if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a positive integer (got '${values.top}')`);
      const [query, file] = positionals;
      const rd = await rdkit();
      const q = ecfp(rd, query);
      if (!q.ok) throw new UsageError(`the query ${JSON.stringify(query)} is not a usable SMILES (${q.reason})`);
      const table = readTable(file, values);
      const smiles = smilesOf(table);
      const { fps, issues } = await fingerprints(smiles);
      const sections: { title: string; kind: string; hits: Neighbour[] }[] = [
        { title: 'ECFP Tanimoto (Morgan radius 2, 2048 bits)', kind: 'ecfp-tanimoto', hits: tanimotoTopK(q.fp, fps, top) },
      ];
      const dir = modelDirectory(values);
      if (dir) {
        const model = await loadModel(dir, values, io);
        try {
          const run = await model.run([query, ...smiles], { batchSize: batchSize(values) });
          const [qr, ...rows] = run.results;
          if (!qr) io.err(`the query cannot be embedded by ${model.label}: ${run.issues[0].reason}`);
          else {
            sections.push({ title: `Embedding cosine (${model.label})`, kind: 'embedding-cosine', hits: cosineTopK(qr.embedding, rows.map(r => r?.embedding), top) });
            for (const i of run.issues) if (i.index > 0 && !issues.some(x => x.index === i.index - 1)) issues.push({ ...i, index: i.index - 1, reason: `${model.label}: ${i.reason}` });
          }
        } finally { await model.dispose(); }
      }
      if (values.json) {
        io.out(JSON.stringify(sections.map(s => ({ kind: s.kind, hits: s.hits.map(h => ({ row: h.index + 1, smiles: smiles[h.index], score: h.score })) }))));
      } else {
        for (const s of sections) {
          io.out(s.title);
          io.out('  rank  row     score  smiles');
          s.hits.forEach((h, r) => io.out(`  ${String(r + 1).padStart(4)}  ${String(h.index + 1).padStart(5)}  ${h.score.toFixed(4)}  ${smiles[h.index]}`));
        }
      }
      reportIssues(io, issues);
      return issues.length ? 1 : 0;
    });
  },
};
