import type { ParseError } from './rdkit';

/** A line of spaces and carets under the input, pointing at the error's span (or position). */
export function caretLine(error: ParseError): string {
  if (error.position === undefined) return '';
  const width = error.span ? Math.max(1, error.span.end - error.span.start) : 1;
  return ' '.repeat(error.position) + '^'.repeat(width);
}
