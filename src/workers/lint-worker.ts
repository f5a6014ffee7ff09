// The lint worker thread: RDKit's wasm memory never shrinks and parsing thousands of molecules takes seconds, so
// the editor and the CLI lint here, off their own threads. Answers batches of molecule facts (CLI pool) and keeps
// open documents for incremental re-linting (editor).
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { withRdkit } from '../core/chem/rdkit';
import { counterIonNames, type AnalyzeOptions } from '../core/chem/analyze';
import { LocalAnalyzer } from '../core/lint/analyzer';
import { DocumentLinter } from '../core/lint/document-linter';
import { DEFAULT_CONFIG, mergeConfig } from '../core/lint/config';
import type { LintCalls, LintEvents, LintNotes } from '../core/lint/worker-protocol';
import { serve } from '../core/worker-rpc';
import { lintDelta } from '../core/lint/delta';
import type { FileLintResult } from '../core/lint/file-linter';
import { WorkerPool } from '../core/lint/pool';

const port = parentPort!;
const data = (workerData ?? {}) as { options?: AnalyzeOptions; cacheLimit?: number };
const analyzer = new LocalAnalyzer(data.options ?? {}, data.cacheLimit);
/** Per open document: its linter, the version last seen, and the result last sent (the base of the next delta). */
const documents = new Map<string, { linter: DocumentLinter; version: number; sent?: FileLintResult }>();
/** Time given to analysing new molecules before progress is reported and other messages are handled. */
const SLICE_MS = 150;
/** From this many new molecules, a helper thread analyses half of them (the first lint of a large file). */
const HELPER_MIN = 4000;
const HELPER_CHUNK = 500;

/**
 * Analyses `texts` in a helper thread, chunk by chunk, into this thread's cache; stops early when `stale` says the
 * document moved on. Resolves when done (or stopped).
 */
async function analyzeInHelper(
  texts: string[],
  molblock: boolean,
  stale: () => boolean,
  onChunk: (done: number) => void,
): Promise<void> {
  const helper = new WorkerPool(1, analyzer.options);
  try {
    for (let i = 0; i < texts.length && !stale(); i += HELPER_CHUNK) {
      const chunk = texts.slice(i, i + HELPER_CHUNK);
      const facts = await helper.analyze(chunk, molblock);
      chunk.forEach((t, k) => analyzer.remember(t, molblock, facts[k]));
      onChunk(i + chunk.length);
    }
  } finally {
    await helper.close();
  }
}

async function relint(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const { linter, version } = doc;
  const t0 = performance.now();
  try {
    const { texts: all, molblock } = linter.moleculeTexts();
    const texts = [...new Set(all)].filter(t => !analyzer.knows(t, molblock));
    const stale = () => {
      const now = documents.get(uri);
      return !now || now.version !== version;
    };
    // Many new molecules (the first lint of a large file): a helper thread takes the second half.
    const own =
      texts.length >= HELPER_MIN && os.availableParallelism() > 1 ? Math.ceil(texts.length / 2) : texts.length;
    let helped = 0;
    // If the helper fails, what it did not analyse is analysed here, after it.
    const helper =
      own < texts.length
        ? analyzeInHelper(texts.slice(own), molblock, stale, n => {
            helped = n;
          }).catch(() => undefined)
        : undefined;
    // Analyse unseen cells in slices; a newer version or a closed document ends this run early.
    let i = 0;
    while (i < own) {
      const sliceEnd = performance.now() + SLICE_MS;
      for (; i < own && performance.now() < sliceEnd; i++) await analyzer.analyzeOne(texts[i], molblock);
      if (i < own || helper) {
        server.emit('progress', { uri, version, done: i + helped, total: texts.length });
        await new Promise(r => setImmediate(r));
        if (stale()) {
          await helper;
          return;
        }
      }
    }
    if (helper) {
      // Progress while the helper finishes its half.
      const timer = setInterval(
        () => server.emit('progress', { uri, version, done: i + helped, total: texts.length }),
        SLICE_MS,
      );
      try {
        await helper;
      } finally {
        clearInterval(timer);
      }
      if (stale()) return;
    }
    for (const t of texts) if (!analyzer.knows(t, molblock)) await analyzer.analyzeOne(t, molblock);
    const ions = await withRdkit(counterIonNames);
    // Every cell is known by now; a step of its own all the same, should the cache have let one go.
    const result = await withRdkit(rd => linter.lint((text, mb) => analyzer.analyzeSync(rd, text, mb), ions));
    const delta = doc.sent ? lintDelta(doc.sent, result) : undefined;
    doc.sent = result;
    // Small changes go as a delta; a full result when most findings changed (a line inserted above them moves them all).
    if (delta && delta.added.length + delta.removed.length < result.diagnostics.length / 2) {
      server.emit('result', {
        uri,
        version,
        delta: JSON.stringify(delta),
        millis: performance.now() - t0,
        partial: false,
      });
    } else {
      server.emit('result', {
        uri,
        version,
        result: JSON.stringify(result),
        millis: performance.now() - t0,
        partial: false,
      });
    }
  } catch (e) {
    server.emit('failed', { uri, version, message: (e as Error).message });
  }
}

let queue = Promise.resolve();
function schedule(uri: string): void {
  queue = queue.then(() => relint(uri));
}

const server = serve<LintCalls, LintNotes, LintEvents>(port, {
  calls: {
    // One molecule that traps RDKit is refused on its own; the analyzer re-creates the module for the next.
    analyze: m => analyzer.analyze(m.texts, m.molblock),
    ionNames: async () => [...(await withRdkit(counterIonNames))],
  },
  notes: {
    open: m => {
      const linter = new DocumentLinter(m.fileName, m.format, mergeConfig(DEFAULT_CONFIG, m.config));
      linter.setText(m.text);
      documents.set(m.uri, { linter, version: m.version });
      schedule(m.uri);
    },
    change: m => {
      const doc = documents.get(m.uri);
      if (!doc) return;
      doc.linter.applyChanges(m.changes);
      doc.version = m.version;
      schedule(m.uri);
    },
    close: m => {
      documents.delete(m.uri);
    },
    config: m => {
      analyzer.cache.clear();
      analyzer.options.noStereo = m.config.duplicates?.ignoreStereo ?? false;
      for (const [uri, doc] of documents) {
        doc.linter.setConfig(mergeConfig(DEFAULT_CONFIG, m.config));
        doc.sent = undefined;
        schedule(uri);
      }
    },
  },
});
