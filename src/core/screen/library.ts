// A screening library read as a stream: its identity (size and SHA-256 of the bytes), its row count, and its rows in
// chunks from a given row on, so that a screen of any size holds one chunk at a time.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { streamFile, fileProblem, type DataRow, type FileFormat } from '../io';
import { formatFor, readFailure, InputFileError } from '../model/input-file';
import { clip, clipList } from '../text';

export { InputFileError };

/** One data row of the library: its 1-based row number, the molecule as written (SMILES or molblock), its id. */
export interface LibraryRow {
  row: number;
  text: string;
  id?: string;
}

export interface Library {
  file: string;
  format: FileFormat;
  /** True when the molecules are molblocks (SDF). */
  molblocks: boolean;
  moleculeColumn: string;
  /** Whether rows carry an id (an identifier column, or the SDF title line). */
  hasId: boolean;
  rows: AsyncIterable<LibraryRow>;
}

/** Size and SHA-256 of the file's bytes (as stored: a .gz is hashed compressed). */
export async function fileIdentity(file: string, signal?: AbortSignal): Promise<{ size: number; sha256: string }> {
  const problem = fileProblem(file);
  if (problem) throw new InputFileError(problem);
  const hash = crypto.createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (e) {
    signal?.throwIfAborted();
    throw readFailure(e, file);
  }
  return { size, sha256: hash.digest('hex') };
}

/** The title line of a molblock, when it has one. */
function molblockTitle(molblock: string): string | undefined {
  const title = molblock.split('\n', 1)[0]?.trim();
  return title ? title : undefined;
}

/** Opens `file` (CSV, TSV, SMILES, SDF; each also .gz) for streaming; throws InputFileError. */
export async function openLibrary(file: string, smilesColumn?: string): Promise<Library> {
  const problem = fileProblem(file);
  if (problem) throw new InputFileError(problem);
  const format = formatFor(file);
  let stream;
  try {
    stream = await streamFile(file, smilesColumn !== undefined ? { smilesColumn } : {}, format);
  } catch (e) {
    throw readFailure(e, file);
  }
  const { names, molecule, id } = stream.columns;
  if (molecule < 0)
    throw new InputFileError(
      `${clip(file)}: no SMILES column found (columns: ${clipList(names)}); name it with --smiles-col`,
    );
  const molblocks = stream.molblocks;
  const idOf = (r: DataRow): string | undefined => {
    const cell = id >= 0 ? r.cells[id]?.text.trim() : undefined;
    if (cell) return cell;
    return molblocks ? molblockTitle(r.cells[molecule]?.text ?? '') : undefined;
  };
  const source = stream.rows;
  async function* rows(): AsyncGenerator<LibraryRow> {
    try {
      for await (const r of source) {
        const text = r.cells[molecule]?.text ?? '';
        const rowId = idOf(r);
        yield { row: r.index + 1, text, ...(rowId !== undefined ? { id: rowId } : {}) };
      }
    } catch (e) {
      throw readFailure(e, file);
    }
  }
  return { file, format, molblocks, moleculeColumn: names[molecule], hasId: id >= 0 || molblocks, rows: rows() };
}

/** Data rows in `file` (a full streaming pass). */
export async function countRows(file: string, smilesColumn?: string, signal?: AbortSignal): Promise<number> {
  const library = await openLibrary(file, smilesColumn);
  let n = 0;
  const rows = library.rows[Symbol.asyncIterator]();
  while (!(await rows.next()).done) if ((++n & 0xfff) === 0) signal?.throwIfAborted();
  return n;
}

/** The rows first..last of a library in chunks of at most `size` rows (earlier rows are read and skipped). */
export async function* chunksOf(
  rows: AsyncIterable<LibraryRow>,
  first: number,
  last: number,
  size: number,
): AsyncGenerator<LibraryRow[]> {
  let chunk: LibraryRow[] = [];
  for await (const r of rows) {
    if (r.row < first) continue;
    if (r.row > last) break;
    chunk.push(r);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}
