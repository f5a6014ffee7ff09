// The model worker thread: onnxruntime sessions, RDKit parsing, fingerprints and cross-validation run here, never
// on the editor's extension-host thread. Loaded models stay loaded (keyed by directory and device) until a reset.
import { parentPort } from 'node:worker_threads';
import { Model, ModelLoadError, type RunOptions } from '../core/model/runtime';
import { Head } from '../core/learn/head';
import { mapWithRdkit, MAX_HEAVY_ATOMS } from '../core/chem/rdkit';
import { depict } from '../core/chem/describe';
import { runModel } from '../core/model/sharded';
import {
  predict,
  findSimilar,
  trainHeads,
  headOf,
  embeddingDim,
  embeddingsCsv,
  embeddingsNpy,
  TaskError,
  rowWarning,
} from '../core/model/tasks';
import type { Job, ModelCalls, ModelEvents, ModelNotes, ModelSpec, Outcome } from '../core/model/worker-protocol';
import { serve, Transfer, type CallContext } from '../core/worker-rpc';

const port = parentPort!;
const models = new Map<string, Promise<Model>>();

async function modelFor(spec: ModelSpec | undefined): Promise<Model | undefined> {
  if (!spec) return undefined;
  const key = `${spec.directory}\n${spec.device}\n${spec.precision ?? 'auto'}\n${spec.threads ?? 0}\n${spec.cacheDirectory ?? ''}`;
  let loading = models.get(key);
  if (!loading) {
    loading = Model.load(spec.directory, {
      device: spec.device,
      ...(spec.precision ? { precision: spec.precision } : {}),
      ...(spec.threads ? { intraOpThreads: spec.threads } : {}),
      ...(spec.cacheDirectory ? { cacheDirectory: spec.cacheDirectory } : {}),
    });
    models.set(key, loading);
    loading.catch(() => models.delete(key));
  }
  const model = await loading;
  server.emit('model', {
    label: model.label,
    directory: model.directory,
    device: model.device,
    ...(model.deviceNote ? { deviceNote: model.deviceNote } : {}),
  });
  return model;
}

async function run(
  job: Job,
  ctx: CallContext<{ done: number; total: number; fitting?: string }>,
): Promise<Outcome | Transfer<Outcome>> {
  const signal = ctx.signal;
  const progress = (done: number, total: number) => ctx.progress({ done, total });
  const runOptions = (spec?: ModelSpec) => ({
    signal,
    onProgress: progress,
    ...(spec?.batchSize ? { batchSize: spec.batchSize } : {}),
    ...(spec?.fragments ? { fragments: spec.fragments } : {}),
  });
  switch (job.kind) {
    case 'predict': {
      const model = await modelFor(job.model);
      const head = job.head ? new Head(job.head.file) : undefined;
      const r = await predict({
        smiles: job.smiles,
        model,
        head,
        headName: job.head?.name,
        run: runOptions(job.model),
        ...(model
          ? { runModel: (s: string[], o?: RunOptions) => runModel(model, s, { ...runOptions(job.model), ...o }) }
          : {}),
      });
      return {
        kind: 'predict',
        columns: r.columns,
        ...(r.adSimilarity ? { adSimilarity: r.adSimilarity } : {}),
        issues: r.issues,
        warnings: r.warnings,
        ...(r.results.some(x => rowWarning(x)) ? { rowWarnings: r.results.map(rowWarning) } : {}),
        ...(model ? { device: model.device } : {}),
      };
    }
    case 'embed': {
      const model = (await modelFor(job.model))!;
      const r = await runModel(model, job.smiles, runOptions(job.model));
      const dim = embeddingDim(model, r.results);
      const bytes =
        job.format === 'npy' ? embeddingsNpy(r.results, dim) : Buffer.from(embeddingsCsv(r.results, dim), 'utf8');
      const data = new Uint8Array(bytes);
      return new Transfer({ kind: 'embed', data, embedded: r.results.filter(Boolean).length, dim, issues: r.issues }, [
        data.buffer,
      ]);
    }
    case 'vectors': {
      const model = (await modelFor(job.model))!;
      const r = await model.run(job.smiles, runOptions(job.model));
      return {
        kind: 'vectors',
        results: r.results,
        issues: r.issues,
        device: r.device,
        ...(r.deviceNote ? { deviceNote: r.deviceNote } : {}),
      };
    }
    case 'similar': {
      const model = await modelFor(job.model);
      const r = await findSimilar(job.query, job.smiles, job.top, model, runOptions(job.model));
      return { kind: 'similar', ...r };
    }
    case 'train': {
      const model = await modelFor(job.model);
      const r = await trainHeads({
        smiles: job.smiles,
        labels: job.labels,
        task: job.task,
        folds: job.folds,
        ...(job.split ? { split: job.split } : {}),
        features: job.features,
        model,
        run: runOptions(job.model),
        signal,
        onProgress: p => {
          if (p.stage === 'fitting') ctx.progress({ done: p.done, total: p.total, fitting: p.candidate });
        },
      });
      const best = r.candidates.indexOf(r.best);
      return {
        kind: 'train',
        task: r.task,
        split: r.split,
        folds: r.folds,
        rows: r.rows,
        best,
        issues: r.issues,
        head: headOf(r, r.best, job.label, job.file),
        candidates: r.candidates.map(c => ({
          name: c.name,
          features: c.features.kind,
          method: c.cv.method,
          rows: c.rows,
          outOfFold: Array.from(c.cv.outOfFold),
          hyperparameter: 'alpha' in c.cv.hyperparameter ? c.cv.hyperparameter.alpha : c.cv.hyperparameter.C,
          metrics: { ...c.cv.metrics },
          baselineMetrics: { ...c.cv.baseline },
          inSampleMetrics: { ...c.cv.inSample },
        })),
      };
    }
    case 'depict': {
      const svgs = await mapWithRdkit(job.smiles, (rd, s) => {
        // Only the picture: the table does not need the descriptors describeSmiles would also compute.
        const r = rd.withMol(s.trim(), mol => (mol.get_num_atoms() > MAX_HEAVY_ATOMS ? null : depict(mol, job.size)));
        return r.ok ? r.value : null;
      });
      return { kind: 'depict', svgs };
    }
  }
}

const server = serve<ModelCalls, ModelNotes, ModelEvents>(port, {
  calls: { run },
  notes: {
    reset: () => {
      const old = [...models.values()];
      models.clear();
      for (const p of old)
        void p.then(
          x => x.dispose(),
          () => undefined,
        );
    },
  },
  // Expected failures read as their message; anything else keeps its stack for the log.
  errorMessage: e =>
    e instanceof TaskError || e instanceof ModelLoadError ? e.message : String((e as Error)?.stack ?? e),
});
