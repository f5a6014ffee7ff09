// Dataset facts both sides need: the file formats read, and how a cell reads as a number or as missing (the same
// rules for column detection in the core and for the grid's numeric columns in the host and the webview).

export type FileFormat = 'csv' | 'tsv' | 'smi' | 'sdf';

/** A cell value that parses as a number, allowing a censoring prefix (`>10`, `<= 0.1`). */
// `\d+(\.\d*)?`, not `\d+\.?\d*`: the latter backtracks quadratically on a long run of digits that is not a number.
export const CENSORED = /^\s*(<=|>=|<|>|~|≤|≥)\s*([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*$/;
export const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const MISSING = /^\s*(|na|n\/a|nan|null|none|-|\?)\s*$/i;

export function isMissing(text: string | undefined): boolean {
  return text === undefined || MISSING.test(text);
}
