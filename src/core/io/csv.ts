// CSV/TSV through csv-parse (quoting, embedded newlines, CRLF). csv-parse gives each record's raw text; lines are
// counted from it (every record is followed by exactly one line break) and cell columns found in it (cells.ts).
// Line breaks are those of the editor: \r\n, \n and a lone \r, in any mix.
import { parse as parseSync } from 'csv-parse/sync';
import { parse as parseStream } from 'csv-parse';
import type { Readable } from 'node:stream';
import { cellsFromRaw } from './cells';
import type { DataRow } from './types';

export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const options = (delimiter: string) =>
  ({
    delimiter,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: false,
    bom: false,
    // Named, not discovered: discovery keeps the first kind it meets, and one stray \r\n would then glue every \n line
    // of the file into a single record.
    record_delimiter: ['\r\n', '\n', '\r'] as string[],
  }) as const;

const LINE_BREAK = /\r\n|\r|\n/g;

/** Turns csv-parse records into rows with positions; the first non-empty record is the header. */
class RowBuilder {
  private line: number;
  private index = 0;
  header?: DataRow;
  constructor(
    private readonly delimiter: string,
    firstLine = 0,
    private readonly hasHeader = true,
  ) {
    this.line = firstLine;
  }

  push(values: string[], rawWithDelimiter: string): DataRow | undefined {
    // csv-parse's raw text may or may not end with the record delimiter (it depends on how the input was chunked).
    const raw = rawWithDelimiter.replace(/\r?\n$|\r$/, '');
    const first = this.line;
    const breaks = raw.match(LINE_BREAK)?.length ?? 0;
    this.line += breaks + 1;
    if (values.length === 1 && values[0] === '' && raw.trim() === '') return undefined; // blank line
    const cells = cellsFromRaw(raw, values, first, this.delimiter);
    const row: DataRow = { index: this.index, line: first, lastLine: first + breaks, cells };
    if (this.hasHeader && !this.header) {
      this.header = { ...row, index: -1 };
      return undefined;
    }
    this.index++;
    return row;
  }
}

function formatError(e: unknown): CsvFormatError {
  const err = e as { message?: string; lines?: number };
  return new CsvFormatError(
    `not valid CSV: ${String(err.message ?? e).split('\n')[0]}`,
    Math.max(0, (err.lines ?? 1) - 1),
  );
}

/** Parses a whole CSV/TSV text (an editor buffer). `firstLine` offsets the line numbers (for re-parsing a slice). */
export function parseCsvText(
  text: string,
  delimiter: string,
  firstLine = 0,
  hasHeader = true,
): { header?: DataRow; rows: DataRow[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let records: Array<{ record: string[]; raw: string }>;
  try {
    records = parseSync(body, options(delimiter)) as unknown as Array<{ record: string[]; raw: string }>;
  } catch (e) {
    throw formatError(e);
  }
  const builder = new RowBuilder(delimiter, firstLine, hasHeader);
  const rows: DataRow[] = [];
  for (const r of records) {
    const row = builder.push(r.record, r.raw);
    if (row) rows.push(row);
  }
  return { header: builder.header, rows };
}

/** Streams a CSV/TSV text source: the header first (index -1), then data rows. */
export async function* streamCsv(source: Readable, delimiter: string): AsyncGenerator<DataRow> {
  const parser = source.pipe(parseStream(options(delimiter)));
  // pipe() does not forward errors: an unreadable input must end the parse with its own error.
  source.on('error', e => parser.destroy(e));
  const builder = new RowBuilder(delimiter);
  let headerSent = false;
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const row = builder.push(r.record, r.raw);
      if (!headerSent && builder.header) {
        headerSent = true;
        yield builder.header;
      }
      if (row) yield row;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).syscall || e instanceof EncodingError) throw e;
    throw formatError(e);
  }
}

export class EncodingError extends Error {}
