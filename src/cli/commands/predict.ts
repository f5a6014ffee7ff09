import fs from 'node:fs';
import type { CliCommand } from '../command';
import { parse, oneOf, UsageError } from '../args';
import { Head, validateHead } from '../../core/learn/head';
import { fingerprintBits, type Fingerprint } from '../../core/similarity/ecfp';
import type { Model, PreflightIssue, MoleculeResult } from '../../core/model/runtime';
import { modelOptions, guarded, modelDirectory, loadModel, readInputs, smilesOf, batchSize, reportIssues, fingerprints, emit, csvLine, CommandError } from '../model-support';

interface Column { task: string; values: (number | undefined)[]; uncertainty?: (number | undefined)[] }

function readHead(file: string): Head {
  let json: unknown;
  try { json = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { throw new CommandError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a readable JSON file (${(e as Error).message})`}`); }
  const v = validateHead(json);
  if (!v.ok) throw new CommandError(v.issues.map(i => `${file}: ${i}`).join('\n'));
  return new Head(v.value);
}

export const predictCommand: CliCommand = {
  name: 'predict',
  summary: 'predict with the model\'s own tasks and/or a trained head (--head), with applicability domain and uncertainty',
  usage: 'molml predict <file|SMILES...> [--model DIR] [--head FILE] [--tasks a,b] [--format csv|json] [--out FILE] [--device auto|cpu|cuda|webgpu] [--batch-size N] [--smiles-col NAME]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { ...modelOptions, head: { type: 'string' }, tasks: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, 1);
    return guarded(io, 'predict', async () => {
      const format = oneOf('format', values.format, ['csv', 'json'] as const, values.out?.toLowerCase().endsWith('.json') ? 'json' : 'csv');
      const head = values.head ? readHead(values.head) : undefined;
      const table = readInputs(positionals, values);
      const smiles = smilesOf(table);
      // A model is needed for its own tasks, or for a head trained on its embeddings.
      const dir = values.model ?? (!head || head.file.features.kind === 'embedding' ? modelDirectory(values) : undefined);
      if (!dir && !head) throw new CommandError('no model: pass --model DIR or --head FILE');
      if (!dir && head?.file.features.kind === 'embedding') throw new CommandError(`${values.head} was trained on ${head.file.features.model.id}@${head.file.features.model.version} embeddings: pass that model with --model DIR`);
      const issues: PreflightIssue[] = [];
      const addIssues = (list: PreflightIssue[], prefix = '') => { for (const i of list) if (!issues.some(x => x.index === i.index)) issues.push({ ...i, reason: prefix + i.reason }); };
      let model: Model | undefined;
      let results: (MoleculeResult | undefined)[] = [];
      const columns: Column[] = [];
      let ad: (number | undefined)[] | undefined;
      try {
        if (dir) {
          model = await loadModel(dir, values, io);
          if (head?.file.features.kind === 'embedding') {
            const h = head.file.features.model;
            if (h.id !== model.identity.id || h.version !== model.identity.version) throw new CommandError(`${values.head} was trained on ${h.id}@${h.version} embeddings, but the model is ${model.label}`);
            if (h.sha256 !== model.identity.sha256) io.err(`warning: ${values.head} was trained on a different ONNX file of ${model.label} (sha256 differs)`);
          }
          const needed = model.tasks.length > 0 || head?.file.features.kind === 'embedding';
          if (!needed && !head) throw new CommandError(`${model.label} has no prediction tasks (embeddings only): train a head with molml train and pass --head`);
          if (needed) {
            const run = await model.run(smiles, { batchSize: batchSize(values) });
            results = run.results;
            addIssues(run.issues, `${model.label}: `);
            for (const t of model.tasks) columns.push({ task: t.name, values: results.map(r => r?.predictions[t.name]) });
          }
        }
        if (head) {
          const { fps, issues: fpIssues } = await fingerprints(smiles);
          addIssues(fpIssues);
          const features = (i: number): ArrayLike<number> | undefined => head.file.features.kind === 'ecfp' ? (fps[i] && fingerprintBits(fps[i] as Fingerprint)) : results[i]?.embedding;
          const preds = smiles.map((_, i) => { const f = features(i); return f && fps[i] ? head.predict(f, fps[i]) : undefined; });
          const column: Column = { task: head.file.task.name, values: preds.map(p => p?.value) };
          if (preds.some(p => p?.uncertainty !== undefined)) column.uncertainty = preds.map(p => p?.uncertainty);
          columns.push(column);
          ad = preds.map(p => p?.adSimilarity);
        }
      } finally { await model?.dispose(); }
      const selected = values.tasks ? values.tasks.split(',').map(s => s.trim()).filter(Boolean) : undefined;
      if (selected) {
        const unknown = selected.filter(t => !columns.some(c => c.task === t));
        if (unknown.length) throw new UsageError(`--tasks: unknown task ${unknown.join(', ')} (available: ${columns.map(c => c.task).join(', ')})`);
      }
      const shown = columns.filter(c => !selected || selected.includes(c.task));
      if (format === 'csv') {
        const header = [...table.columns, ...shown.flatMap(c => [`pred_${c.task}`, ...(c.uncertainty ? [`unc_${c.task}`] : [])]), ...(ad ? ['ad_similarity'] : [])];
        const lines = [csvLine(header)];
        table.rows.forEach((row, i) => lines.push(csvLine([...row, ...shown.flatMap(c => [c.values[i], ...(c.uncertainty ? [c.uncertainty[i]] : [])]), ...(ad ? [ad[i]] : [])])));
        emit(io, values.out, lines.join('\n') + '\n');
      } else {
        const records = table.rows.map((row, i) => {
          const issue = issues.find(x => x.index === i);
          return {
            row: i + 1, smiles: row[table.smilesColumn],
            ...(issue ? { error: issue.reason } : {}),
            predictions: Object.fromEntries(shown.filter(c => c.values[i] !== undefined).map(c => [c.task, c.values[i]])),
            ...(shown.some(c => c.uncertainty) ? { uncertainty: Object.fromEntries(shown.filter(c => c.uncertainty?.[i] !== undefined).map(c => [c.task, c.uncertainty![i]])) } : {}),
            ...(ad && ad[i] !== undefined ? { ad_similarity: ad[i] } : {}),
          };
        });
        emit(io, values.out, JSON.stringify(records, null, 1) + '\n');
      }
      reportIssues(io, issues);
      return issues.length ? 1 : 0;
    });
  },
};
