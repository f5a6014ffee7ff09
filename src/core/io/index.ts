export * from './types';
export { readText, streamFile, textStream, EncodingError, CsvFormatError, UnknownColumnError } from './read';
export type { RowStream } from './read';
export { detectColumns, isMissing, NUMBER, CENSORED } from './columns';
export { formatOf, delimiterOf } from './format';
export { parseCsvText } from './csv';
export { safeWriteFile, writeFileAtomic, checkOutput, sameFile, OutputError, type OutputCheck } from './safe-write';
export { looksLikePath, fileProblem } from './paths';
