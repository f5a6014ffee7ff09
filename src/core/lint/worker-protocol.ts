// Messages between the lint worker thread and its callers (the CLI's pool, the editor). Plain data only.
import type { MolFacts } from '../chem/analyze';
import type { LintConfig } from './config';
import type { FileFormat } from '../io/types';

export interface TextChange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

/** Calls to the lint worker (src/core/worker-rpc.ts): facts of molecule cells, for the CLI's pool. */
export type LintCalls = {
  analyze: { params: { texts: string[]; molblock: boolean }; result: MolFacts[]; progress: never };
  /** Canonical SMILES → name of known counter-ions and solvents, as pairs. */
  ionNames: { params: Record<string, never>; result: Array<[string, string]>; progress: never };
};

/** Open documents kept in step with the editor. */
export type LintNotes = {
  /** `config` may be partial: it is merged over the defaults. */
  open: {
    uri: string;
    fileName: string;
    format: FileFormat;
    version: number;
    text: string;
    config: Partial<LintConfig>;
  };
  change: { uri: string; version: number; changes: TextChange[] };
  close: { uri: string };
  config: { config: Partial<LintConfig> };
};

/** What the worker reports about open documents. */
export type LintEvents = {
  progress: { uri: string; version: number; done: number; total: number };
  /**
   * `result` is a FileLintResult as JSON (one string crosses threads several times faster than thousands of
   * objects); after the first result of a document, `delta` (a LintDelta as JSON) may come instead: the changes to
   * the previous result sent for that document, which the receiver applies with applyLintDelta.
   */
  result: { uri: string; version: number; result?: string; delta?: string; millis: number; partial: boolean };
  failed: { uri: string; version: number; message: string };
};
