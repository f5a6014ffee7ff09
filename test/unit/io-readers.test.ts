import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  readText,
  streamFile,
  UnknownColumnError,
  NUMBER,
  CENSORED,
  type DataRow,
  type FileFormat,
} from '../../src/core/io';

const ROOT = path.resolve(__dirname, '../../..');
const DIRTY = path.join(ROOT, 'test/fixtures/data/dirty');
const SAMPLES = path.join(ROOT, 'samples/datasets');

/** The text a cell's position points at, read back from the file's lines. */
function at(lines: string[], c: { line: number; column: number; endColumn: number }): string {
  return lines[c.line].slice(c.column, c.endColumn);
}

async function collect(rows: AsyncIterable<DataRow>): Promise<DataRow[]> {
  const out: DataRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('CSV reader', () => {
  it('positions every cell of a file with quoted cells containing commas (FreeSolv names)', () => {
    const text = fs.readFileSync(path.join(DIRTY, 'freesolv_SAMPL_deepchem_raw.csv'), 'utf8');
    const lines = text.split('\n');
    const table = readText(text, 'csv');
    assert.equal(table.rows.length, 643);
    assert.equal(table.columns.names[table.columns.molecule], 'smiles');
    const quoted = table.rows.filter(r => lines[r.line].startsWith('"'));
    assert.ok(quoted.length > 10, 'the file has quoted names');
    for (const row of table.rows)
      for (const c of row.cells) assert.equal(at(lines, c!), c!.text, `line ${row.line + 1}`);
  });

  it('handles CRLF line ends, a BOM and a quoted cell spanning lines', () => {
    const real = fs.readFileSync(path.join(SAMPLES, 'clintox_raw.csv'), 'utf8').split(/\r?\n/).slice(0, 4);
    // A multi-line quoted comment cell in row 2, then CRLF everywhere.
    const text =
      '\ufeff' +
      [real[0] + ',note', real[1] + ',"first line\nsecond, line"', real[2] + ',', real[3] + ',x'].join('\r\n') +
      '\r\n';
    const table = readText(text, 'csv');
    assert.deepEqual(
      table.rows.map(r => [r.line, r.lastLine]),
      [
        [1, 2],
        [3, 3],
        [4, 4],
      ],
    );
    assert.equal(table.rows[0].cells[3]!.text, 'first line\nsecond, line');
    assert.equal(table.rows[1].cells[0]!.text, real[2].split(',')[0]);
    assert.equal(table.rows[1].cells[0]!.line, 3);
    const lines = text.slice(1).split('\n');
    assert.equal(at(lines, table.rows[1].cells[1]!), '1');
    assert.equal(at(lines, table.rows[2].cells[3]!), 'x');
  });

  it('streams the same rows and positions as it reads from text (hERG export, quoted descriptions)', async () => {
    const file = path.join(DIRTY, 'chembl_hERG_activities_raw.csv');
    const fromText = readText(fs.readFileSync(file, 'utf8'), 'csv');
    const stream = await streamFile(file);
    const streamed = await collect(stream.rows);
    assert.equal(streamed.length, 1200);
    assert.deepEqual(
      streamed.map(r => [r.line, r.cells[0]!.text, r.cells[7]!.column]),
      fromText.rows.map(r => [r.line, r.cells[0]!.text, r.cells[7]!.column]),
    );
  });

  it('reads gzip files and rejects a file that is not UTF-8', async () => {
    const stream = await streamFile(path.join(DIRTY, 'pubchem_hard_set_150.sdf.gz'));
    let n = 0;
    for await (const r of stream.rows) {
      void r;
      n++;
    }
    assert.equal(n, 150);
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'molml-io-')), 'latin1.csv');
    fs.writeFileSync(
      bad,
      Buffer.concat([
        Buffer.from('smiles,name\nCCO,'),
        Buffer.from([0xe9, 0x74, 0x68, 0x61, 0x6e, 0x6f, 0x6c]),
        Buffer.from('\n'),
      ]),
    );
    await assert.rejects(async () => collect((await streamFile(bad)).rows), /not valid UTF-8/);
  });
});

describe('SDF and .smi readers', () => {
  it('gives each SDF record its first line and its properties', () => {
    const text = fs.readFileSync(path.join(SAMPLES, 'good_bad_good_bad.sdf'), 'utf8');
    const table = readText(text, 'sdf');
    assert.deepEqual(
      table.rows.map(r => r.line),
      [0, 20, 40, 60],
    );
    const id = table.columns.names.indexOf('ID');
    assert.deepEqual(
      table.rows.map(r => r.cells[id]!.text),
      ['good1', 'bad1', 'good2', 'Lig2'],
    );
    assert.equal(text.split('\n')[table.rows[1].cells[id]!.line], 'bad1');
    assert.ok(table.rows[0].cells[0]!.text.endsWith('M  END'));
  });

  it('reads .smi lines as SMILES and name', () => {
    const table = readText(fs.readFileSync(path.join(SAMPLES, 'reference.smi'), 'utf8'), 'smi');
    assert.deepEqual(
      table.rows.map(r => [r.cells[0]!.text, r.cells[1]!.text]),
      [
        ['CC(=O)Oc1ccccc1C(=O)O', 'aspirin'],
        ['Cn1cnc2c1c(=O)n(C)c(=O)n2C', 'caffeine'],
        ['C1CC', 'broken_ring'],
        ['c1ccccc1', 'benzene'],
      ],
    );
  });
});

describe('column detection', () => {
  const detect = (file: string, options = {}) => readText(fs.readFileSync(file, 'utf8'), 'csv', options).columns;

  it('finds the SMILES, ID, label and relation columns of a ChEMBL export', () => {
    const c = detect(path.join(SAMPLES, 'herg_activities.csv'));
    assert.equal(c.names[c.molecule], 'canonical_smiles');
    assert.equal(c.names[c.id], 'molregno');
    const value = c.labels.find(l => c.names[l.index] === 'standard_value');
    assert.equal(value?.kind, 'numeric');
    assert.equal(c.names[value!.relation!], 'standard_relation');
    assert.ok(!c.labels.some(l => ['description', 'standard_units', 'organism'].includes(c.names[l.index])));
  });

  it('finds binary class labels and a split column', () => {
    const clintox = detect(path.join(SAMPLES, 'clintox_raw.csv'));
    assert.deepEqual(
      clintox.labels.map(l => [clintox.names[l.index], l.kind]),
      [
        ['FDA_APPROVED', 'class'],
        ['CT_TOX', 'class'],
      ],
    );
    const bace = readText(
      fs.readFileSync(path.join(DIRTY, 'bace_raw_with_split_duplicates_300rows.csv'), 'utf8'),
      'csv',
    ).columns;
    assert.equal(bace.names[bace.molecule], 'mol');
    assert.equal(bace.names[bace.split], 'Model');
  });

  it("does not take BBBP's row counter for a label, but keeps its class column", () => {
    const bbbp = path.join(ROOT, 'test/fixtures/data/moleculenet/bbbp_BBBP.csv');
    const c = detect(bbbp);
    assert.deepEqual(
      c.labels.map(l => [c.names[l.index], l.kind]),
      [['p_np', 'class']],
    );
  });

  it('detects the SMILES column from contents when the header does not name it', () => {
    const text = fs.readFileSync(path.join(SAMPLES, 'clintox_raw.csv'), 'utf8').replace(/^smiles,/, 'structure_text,');
    const c = readText(text, 'csv').columns;
    assert.equal(c.names[c.molecule], 'structure_text');
  });

  it('lets the user choose the column, and says so when it does not exist', () => {
    const c = detect(path.join(SAMPLES, 'herg_activities.csv'), { smilesColumn: 'mol_chembl_id' });
    assert.equal(c.names[c.molecule], 'mol_chembl_id');
    assert.throws(
      () => detect(path.join(SAMPLES, 'herg_activities.csv'), { smilesColumn: 'nope' }),
      UnknownColumnError,
    );
  });
});

describe('reader edge cases found by the fuzz suite', () => {
  const tmpFile = (name: string, data: string | Buffer) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'molml-io-')), name);
    fs.writeFileSync(file, data);
    return file;
  };

  it('reads a cell of 200,000 digits that is not a number without stalling on it', () => {
    const digits = '1'.repeat(200_000) + 'x';
    const text = `smiles,value\nCCO,${digits}\nCCN,2\n`;
    const table = readText(text, 'csv');
    assert.equal(table.rows[0].cells[1]!.text, digits);
    assert.equal(NUMBER.test(digits), false);
    assert.equal(CENSORED.test('<' + digits), false);
    assert.deepEqual(
      ['1', '1.', '1.5', '.5', '-2e3', ' 7 '].map(v => NUMBER.test(v)),
      [true, true, true, true, true, true],
    );
  });

  it('reads each line of an LF file whose first line ends in CRLF as its own row', () => {
    const real = fs.readFileSync(path.join(SAMPLES, 'clintox_raw.csv'), 'utf8').split(/\r?\n/).slice(0, 4);
    const text = real[0] + '\r\n' + real.slice(1).join('\n') + '\n';
    const table = readText(text, 'csv');
    assert.deepEqual(table.columns.names, real[0].split(','));
    assert.deepEqual(
      table.rows.map(r => [r.line, r.cells[0]!.text]),
      [
        [1, real[1].split(',')[0]],
        [2, real[2].split(',')[0]],
        [3, real[3].split(',')[0]],
      ],
    );
  });

  it('counts a lone CR as a line break, as the editor does, in text and in streamed files', async () => {
    const cases: Array<[FileFormat, string, string]> = [
      ['csv', 'smiles,name\rCCO,"eth\ranol"\rCCN,x\r', 'x'],
      ['smi', 'CCO ethanol\rCCN x\r', 'x'],
      ['sdf', fs.readFileSync(path.join(SAMPLES, 'good_bad_good_bad.sdf'), 'utf8').replace(/\r?\n/g, '\r'), 'bad1'],
    ];
    for (const [format, text, needle] of cases) {
      const lines = text.split('\r');
      const fromText = readText(text, format);
      const cell = fromText.rows.flatMap(r => r.cells).find(c => c?.text === needle)!;
      assert.equal(lines[cell.line].slice(cell.column, cell.endColumn), needle, format);
      const streamed = await streamFile(tmpFile(`cr.${format}`, text));
      assert.deepEqual(await collect(streamed.rows), fromText.rows, format);
    }
  });

  it('keeps every line of an SDF record without M  END in its molblock', () => {
    const record = fs.readFileSync(path.join(SAMPLES, 'good_bad_good_bad.sdf'), 'utf8').split('$$$$')[0];
    const truncated = record
      .split('\n')
      .filter(l => !l.startsWith('M  END') && !l.startsWith('>') && l.trim() !== 'good1')
      .join('\n');
    const table = readText(truncated + '\n$$$$\n', 'sdf');
    assert.equal(table.rows[0].cells[0]!.text, truncated);
  });

  it('reads an SDF text with a byte-order mark like the file it came from', async () => {
    const text = '\ufeff' + fs.readFileSync(path.join(SAMPLES, 'good_bad_good_bad.sdf'), 'utf8');
    const table = readText(text, 'sdf');
    assert.ok(
      table.rows[0].cells[0]!.text.startsWith('OK\n'),
      JSON.stringify(table.rows[0].cells[0]!.text.slice(0, 5)),
    );
    assert.deepEqual(await collect((await streamFile(tmpFile('bom.sdf', text))).rows), table.rows);
  });

  it('keeps a U+FEFF that begins a later read chunk of a streamed file (only the first is a byte-order mark)', async () => {
    const line = 'CCO,ethanol\n';
    let text = 'smiles,name\n' + line.repeat(6000);
    text = text.slice(0, 65536) + '\ufeff' + text.slice(65536);
    const streamed = await collect((await streamFile(tmpFile('bom.csv', text))).rows);
    assert.deepEqual(
      streamed.map(r => r.cells.map(c => c!.text)),
      readText(text, 'csv').rows.map(r => r.cells.map(c => c!.text)),
    );
    assert.ok(streamed.some(r => r.cells.some(c => c!.text.includes('\ufeff'))));
  });
});
