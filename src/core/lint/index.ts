export * from './rules';
export * from './config';
export { FileLinter, summarize, type FileLintResult } from './file-linter';
export { lintFile, lintText, lintStream, splitLeakage, type LintedFile } from './lint-file';
export { LocalAnalyzer, type MoleculeAnalyzer } from './analyzer';
export { WorkerPool } from './pool';
export { toJson, toText, toSarif, diagnosticLine } from './report';
