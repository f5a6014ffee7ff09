// The reading API: a whole text (editor buffers) or a streamed file (CLI; plain or .gz), as rows with positions and
// detected column roles.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Readable, Transform } from 'node:stream';
import readline from 'node:readline';
import { parseCsvText, streamCsv, EncodingError } from './csv';
import { parseSmiText, SmiRowBuilder } from './smi';
import { parseSdfText, SdfRecordBuilder } from './sdf';
import { detectColumns } from './columns';
import { delimiterOf, formatOf } from './format';
import type { Columns, DataRow, FileFormat, ReadOptions, Table } from './types';

export { EncodingError, CsvFormatError } from './csv';
export { UnknownColumnError } from './columns';

/** Rows used to detect column roles before streaming the rest. */
const DETECTION_SAMPLE = 500;

function headerNames(header: DataRow | undefined): string[] {
  return header ? header.cells.map(c => (c?.text ?? '').trim()) : [];
}

/** Reads a whole text, e.g. an editor buffer. Throws CsvFormatError for broken quoting. */
export function readText(text: string, format: FileFormat, options: ReadOptions = {}): Table {
  if (format === 'sdf') {
    const { names, rows } = parseSdfText(text);
    return {
      format,
      rows,
      columns: detectColumns(format, names, rows.slice(0, DETECTION_SAMPLE), options),
      molblocks: true,
    };
  }
  const { header, rows } = format === 'smi' ? parseSmiText(text) : parseCsvText(text, delimiterOf(format));
  const columns = detectColumns(format, headerNames(header), rows.slice(0, DETECTION_SAMPLE), options);
  return { format, header, rows, columns, molblocks: false };
}

export interface RowStream {
  format: FileFormat;
  header?: DataRow;
  columns: Columns;
  molblocks: boolean;
  rows: AsyncIterable<DataRow>;
}

/** UTF-8 decoding that fails on invalid bytes instead of silently substituting them. */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let bomChecked = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (first) {
        first = false;
        if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
          done(new EncodingError('the file is UTF-16; save it as UTF-8'));
          return;
        }
      }
      try {
        let text = decoder.decode(chunk, { stream: true });
        // The byte-order mark at the start of the file; a U+FEFF that merely begins a later chunk is content.
        if (!bomChecked && text.length > 0) {
          bomChecked = true;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        done(null, text);
      } catch {
        done(new EncodingError('the file is not valid UTF-8 text'));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new EncodingError('the file is not valid UTF-8 text'));
      }
    },
  });
}

/** A file's text as a stream, through gunzip for `.gz`. */
export function textStream(file: string): Readable {
  const raw = fs.createReadStream(file);
  const decoded = file.toLowerCase().endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  const text = decoded.pipe(strictUtf8());
  // Errors of the earlier stages surface on the text stream.
  raw.on('error', e => text.destroy(e));
  if (decoded !== raw)
    decoded.on('error', (e: Error) => text.destroy(new EncodingError(`not a valid gzip file (${e.message})`)));
  return text;
}

async function* lineRows(source: Readable, builder: SmiRowBuilder | SdfRecordBuilder): AsyncGenerator<DataRow> {
  const rl = readline.createInterface({ input: source, crlfDelay: Infinity });
  let failure: Error | undefined;
  source.on('error', e => {
    failure = e;
    rl.close();
  });
  let line = 0;
  if (builder instanceof SmiRowBuilder) {
    for await (const text of rl) {
      const row = builder.push(text, line++);
      if (builder.header && line === 1) yield builder.header;
      if (row) yield row;
    }
  } else {
    for await (const text of rl) {
      const row = builder.push(text, line++);
      if (row) yield row;
    }
    const last = builder.end();
    if (last && !failure) yield last;
  }
  if (failure) throw failure;
}

/**
 * Streams a file's rows. Column roles are detected from the first rows, which are buffered and replayed. For SDF,
 * properties first seen after the sample are still read, under their own column indexes. `format` defaults to the
 * one the file name implies (CSV for any other name).
 */
export async function streamFile(
  file: string,
  options: ReadOptions = {},
  format: FileFormat = formatOf(file) ?? 'csv',
): Promise<RowStream> {
  await fs.promises.access(file, fs.constants.R_OK);
  const text = textStream(file);
  const sdf = format === 'sdf' ? new SdfRecordBuilder() : undefined;
  const source =
    format === 'csv' || format === 'tsv'
      ? streamCsv(text, delimiterOf(format))
      : lineRows(text, sdf ?? new SmiRowBuilder());
  const iterator = source[Symbol.asyncIterator]();
  const buffered: DataRow[] = [];
  let header: DataRow | undefined;
  while (buffered.length < DETECTION_SAMPLE) {
    const next = await iterator.next();
    if (next.done) break;
    if (next.value.index === -1) header = next.value;
    else buffered.push(next.value);
  }
  // SDF property names are those seen in the sampled records (later ones keep their own column indexes).
  const names = sdf ? [...sdf.names] : headerNames(header);
  const columns = detectColumns(format, names, buffered, options);
  async function* rows(): AsyncGenerator<DataRow> {
    yield* buffered;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { format, header, columns, molblocks: format === 'sdf', rows: rows() };
}
