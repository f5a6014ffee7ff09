// Messages between the lint worker thread and its callers (the CLI's pool, the editor). Plain data only.
import type { MolFacts } from '../chem/analyze';
import type { LintConfig } from './config';
import type { FileFormat } from '../io/types';

export interface TextChange { startLine: number; startCharacter: number; endLine: number; endCharacter: number; text: string }

export type WorkerRequest =
  | { type: 'analyze'; id: number; texts: string[]; molblock: boolean }
  | { type: 'ionNames'; id: number }
  /** `config` may be partial: it is merged over the defaults. */
  | { type: 'open'; uri: string; fileName: string; format: FileFormat; version: number; text: string; config: Partial<LintConfig> }
  | { type: 'change'; uri: string; version: number; changes: TextChange[] }
  | { type: 'close'; uri: string }
  | { type: 'config'; config: Partial<LintConfig> };

export type WorkerResponse =
  | { type: 'facts'; id: number; facts: MolFacts[] }
  | { type: 'error'; id: number; message: string }
  | { type: 'progress'; uri: string; version: number; done: number; total: number }
  /**
   * `result` is a FileLintResult as JSON (one string crosses threads several times faster than thousands of
   * objects); after the first result of a document, `delta` (a LintDelta as JSON) may come instead: the changes to
   * the previous result sent for that document, which the receiver applies with applyLintDelta.
   */
  | { type: 'result'; uri: string; version: number; result?: string; delta?: string; millis: number; partial: boolean }
  | { type: 'failed'; uri: string; version: number; message: string };
