// Property-based tests of the dataset readers: random, mutated and huge inputs in every format and encoding. The
// readers may only fail with their own errors (CsvFormatError, EncodingError, UnknownColumnError), must give the same
// rows for the same input, and every cell's position must point at its text.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import {
  readText,
  streamFile,
  CsvFormatError,
  EncodingError,
  UnknownColumnError,
  type DataRow,
  type FileFormat,
  type Table,
} from '../../src/core/io';
import { ENCODINGS, mutated, params, realTexts, trickyText } from './fuzz-support';

const FORMATS: FileFormat[] = ['csv', 'tsv', 'smi', 'sdf'];
const EXTENSION: Record<FileFormat, string> = { csv: '.csv', tsv: '.tsv', smi: '.smi', sdf: '.sdf' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-fuzz-io-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const REAL = realTexts();

/** A text's lines as the editor splits them: \r\n, \n and a lone \r each end a line. */
const splitLines = (text: string) => text.split(/\r\n|\r|\n/);

/** The text from one position to another, its line breaks written as \n. */
function between(lines: string[], c: { line: number; column: number; endLine: number; endColumn: number }): string {
  if (c.line === c.endLine) return lines[c.line]!.slice(c.column, c.endColumn);
  return [
    lines[c.line]!.slice(c.column),
    ...lines.slice(c.line + 1, c.endLine),
    lines[c.endLine]!.slice(0, c.endColumn),
  ].join('\n');
}

function allRows(t: { header?: DataRow; rows: DataRow[] }): DataRow[] {
  return t.header ? [t.header, ...t.rows] : t.rows;
}

/** Every cell's position points at its text in `text` (a leading BOM is not part of the positions, as in an editor). */
function assertPositions(text: string, format: FileFormat, t: { header?: DataRow; rows: DataRow[] }): void {
  const lines = splitLines(text.replace(/^\ufeff/, ''));
  let index = 0;
  for (const row of allRows(t)) {
    if (row !== t.header) assert.equal(row.index, index++, 'rows are numbered in order');
    assert.ok(
      row.line <= row.lastLine && row.lastLine < lines.length,
      `row lines ${row.line}-${row.lastLine} of ${lines.length}`,
    );
    for (const c of row.cells) {
      if (!c) continue;
      assert.ok(
        c.line >= row.line && c.endLine <= row.lastLine,
        `cell ${JSON.stringify(c)} inside row ${row.line}-${row.lastLine}`,
      );
      let found = between(lines, c);
      // A quoted CSV cell's text is its content with doubled quotes undone.
      if ((format === 'csv' || format === 'tsv') && lines[c.line]![c.column - 1] === '"')
        found = found.replace(/""/g, '"');
      assert.equal(found, c.text.replace(/\r\n|\r/g, '\n'), `cell at ${c.line}:${c.column}`);
    }
    if (format === 'sdf') assertWholeMolblock(lines, row);
  }
}

/** An SDF record's molblock runs to its `M  END` line or, without one, up to its first property line or its end. */
function assertWholeMolblock(lines: string[], row: DataRow): void {
  const record = lines.slice(row.line, row.lastLine + 1).filter(l => !l.startsWith('$$$$'));
  const mEnd = record.findIndex(l => l.startsWith('M  END'));
  const property = record.findIndex(l => l.startsWith('>'));
  const last = mEnd >= 0 ? mEnd : property >= 0 ? property - 1 : record.length - 1;
  if (last < 0) return;
  const molblock = row.cells[0]!;
  assert.equal(
    molblock.endLine,
    row.line + last,
    `the molblock of the record at line ${row.line} ends at its line ${last}`,
  );
}

/** readText's result, or its error, which must be one of the readers' own. */
function read(text: string, format: FileFormat, options = {}): Table | Error {
  try {
    return readText(text, format, options);
  } catch (e) {
    const own =
      (e instanceof CsvFormatError && (format === 'csv' || format === 'tsv')) || e instanceof UnknownColumnError;
    if (!own) throw e;
    assert.equal((e as Error).message.includes('\n'), false, 'an error message is one line');
    return e as Error;
  }
}

function checkText(text: string, format: FileFormat, options = {}): void {
  const first = read(text, format, options);
  assert.deepEqual(read(text, format, options), first, 'the same rows for the same text');
  if (!(first instanceof Error)) assertPositions(text, format, first);
}

describe('readers under random input (fuzz)', () => {
  for (const format of FORMATS) {
    it(`${format}: random text with quotes, delimiters and line breaks`, () => {
      fc.assert(
        fc.property(trickyText(60), text => checkText(text, format)),
        params(150),
      );
    });

    it(`${format}: mutated real files`, () => {
      fc.assert(
        fc.property(mutated(REAL[format], 8), text => checkText(text, format)),
        params(80),
      );
    });
  }

  it('csv: a column chosen by name or index that may not exist', () => {
    const column = fc.oneof(
      fc.nat(12),
      fc.constantFrom('smiles', 'SMILES', '0', '3', '99', '-1', ''),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(mutated(REAL.csv, 3), column, (text, smilesColumn) => checkText(text, 'csv', { smilesColumn })),
      params(60),
    );
  });

  it('every format: one huge cell (1-5 MB) of digits, SMILES, quotes or spaces', () => {
    const filler = fc.constantFrom('1', 'C', 'c1ccccc1', ' ', '"', '""', ',', '9.5e', 'x\n');
    const huge = fc.record({
      format: fc.constantFrom(...FORMATS),
      unit: filler,
      tail: fc.constantFrom('', 'x', ' ', '.', 'e5', '"'),
      megabytes: fc.integer({ min: 1, max: 5 }),
      row: fc.nat(3),
    });
    fc.assert(
      fc.property(huge, ({ format, unit, tail, megabytes, row }) => {
        const cell = unit.repeat(Math.ceil((megabytes << 20) / unit.length)) + tail;
        const base = REAL[format][0]!;
        const lines = base.split('\n');
        // Replace the first field of a data line (SDF: a property value line) with the huge cell.
        const at =
          format === 'sdf'
            ? Math.max(0, lines.findIndex(l => l.startsWith('>')) + 1)
            : Math.min(row + 1, lines.length - 1);
        const sep = format === 'tsv' ? '\t' : format === 'smi' ? ' ' : ',';
        const rest = lines[at]!.includes(sep) ? lines[at]!.slice(lines[at]!.indexOf(sep)) : '';
        lines[at] = cell + (format === 'sdf' ? '' : rest);
        checkText(lines.join('\n'), format);
      }),
      params(4),
    );
  });
});

async function collect(rows: AsyncIterable<DataRow>): Promise<DataRow[]> {
  const out: DataRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

/** What streamFile makes of a file: its rows (header first), or its error, which must be one of the readers' own. */
async function stream(file: string): Promise<{ header?: DataRow; rows: DataRow[] } | Error> {
  try {
    const s = await streamFile(file);
    return { header: s.header, rows: await collect(s.rows) };
  } catch (e) {
    if (!(e instanceof CsvFormatError || e instanceof EncodingError)) throw e;
    assert.equal((e as Error).message.includes('\n'), false, 'an error message is one line');
    return e as Error;
  }
}

let fileCount = 0;
/** Writes `bytes` as they are to a new file named for the format (and .gz). */
function writeFile(bytes: Buffer, format: FileFormat, gz: boolean): string {
  const file = path.join(tmp, `input-${fileCount++}${EXTENSION[format]}${gz ? '.gz' : ''}`);
  fs.writeFileSync(file, bytes);
  return file;
}

function writeInput(bytes: Buffer, format: FileFormat, gzip: boolean): string {
  return writeFile(gzip ? zlib.gzipSync(bytes) : bytes, format, gzip);
}

describe('streamed files under random bytes and encodings (fuzz)', () => {
  const format = fc.constantFrom(...FORMATS);

  it("random bytes, plain or gzip (and truncated gzip), fail only with the readers' errors", async () => {
    const input = fc.record({
      format,
      bytes: fc.uint8Array({ maxLength: 300 }),
      gzip: fc.boolean(),
      cut: fc.option(fc.nat(60)),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ format, bytes, gzip, cut }) => {
        const compressed = zlib.gzipSync(bytes);
        const gz = writeFile(
          gzip ? compressed.subarray(0, Math.max(0, compressed.length - (cut ?? 0))) : Buffer.from(bytes),
          format,
          gzip,
        );
        const first = await stream(gz);
        assert.deepEqual(await stream(gz), first, 'the same rows for the same file');
      }),
      params(120),
    );
  });

  it('a file streams to the same rows as its text reads, in any encoding, plain or gzip', async () => {
    const text = fc.oneof(mutated([...REAL.csv, ...REAL.smi, ...REAL.sdf], 6), trickyText(40));
    const input = fc.record({ format, text, encoding: fc.constantFrom(...Object.keys(ENCODINGS)), gzip: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(input, async ({ format, text, encoding, gzip }) => {
        const bytes = ENCODINGS[encoding]!(text);
        const streamed = await stream(writeInput(bytes, format, gzip));
        const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
        let decoded: string | undefined;
        try {
          decoded = utf8.decode(bytes);
        } catch {
          decoded = undefined;
        }
        if (encoding.startsWith('utf-16') || decoded === undefined) {
          assert.ok(
            streamed instanceof EncodingError,
            `${encoding}: ${streamed instanceof Error ? streamed.message : 'read as text'}`,
          );
          return;
        }
        const fromText = read(decoded, format);
        if (fromText instanceof Error || streamed instanceof Error) {
          assert.equal(
            streamed instanceof Error && streamed.constructor,
            fromText instanceof Error && fromText.constructor,
            'both fail alike',
          );
          return;
        }
        assert.deepEqual(
          { header: streamed.header, rows: streamed.rows },
          { header: fromText.header, rows: fromText.rows },
        );
      }),
      params(120),
    );
  });

  it('a character at a read-chunk boundary is read like anywhere else', async () => {
    // fs streams read 64 KiB at a time: put each tricky character right at the boundary of a long file.
    const input = fc.record({
      format: fc.constantFrom<FileFormat>('csv', 'smi'),
      ch: fc.constantFrom('\ufeff', 'é', '"', '\r\n', '\n', ','),
      shift: fc.integer({ min: -3, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ format, ch, shift }) => {
        const head = format === 'csv' ? 'smiles,name\n' : '';
        const line = format === 'csv' ? 'CCO,ethanol\n' : 'CCO ethanol\n';
        let text = head + line.repeat(Math.ceil(65536 / line.length) + 1);
        const at = 65536 + shift;
        text = text.slice(0, at) + ch + text.slice(at);
        const streamed = await stream(writeInput(Buffer.from(text, 'utf8'), format, false));
        const fromText = read(text, format);
        if (fromText instanceof Error || streamed instanceof Error) {
          assert.equal(
            streamed instanceof Error && streamed.constructor,
            fromText instanceof Error && fromText.constructor,
            'both fail alike',
          );
          return;
        }
        assert.deepEqual(streamed.rows, fromText.rows);
      }),
      params(12),
    );
  });
});
