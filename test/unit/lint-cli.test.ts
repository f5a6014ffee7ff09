import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RULES } from '../../src/core/lint/rules';
import { ROOT, SAMPLES } from './lint-helpers';

const CLI = path.join(ROOT, 'dist/cli.js');
function molml(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-cli-'));

describe('molml lint', () => {
  it('exits 0 for a clean file and 1 when errors are found', () => {
    const clean = path.join(tmp, 'clean.smi');
    fs.writeFileSync(
      clean,
      fs
        .readFileSync(path.join(SAMPLES, 'reference.smi'), 'utf8')
        .split('\n')
        .filter(l => !l.includes('broken'))
        .join('\n'),
    );
    assert.equal(molml(clean).code, 0);
    const r = molml('samples/datasets/reference.smi');
    assert.equal(r.code, 1);
    // RDKit names the ring and the lexer points at its opening digit: "C1CC" column 2.
    assert.match(r.stdout, /^samples\/datasets\/reference\.smi:3:2: error MOL001 unclosed ring$/m);
  });

  it('exits 2 with one line for a missing file, a bad flag, an unknown column, a non-UTF-8 file or a bad config', () => {
    const latin1 = path.join(tmp, 'latin1.csv');
    fs.writeFileSync(latin1, Buffer.from([0x73, 0x6d, 0x69, 0x6c, 0x65, 0x73, 0x0a, 0x43, 0x43, 0x4f, 0xe9, 0x0a]));
    const badConfig = path.join(tmp, 'bad.json');
    fs.writeFileSync(badConfig, '{"rules": {"MOL999": "error"}}');
    for (const args of [
      ['nope.csv'],
      ['samples/datasets/reference.smi', '--colour'],
      ['samples/datasets/herg_activities.csv', '--smiles-column', 'nope'],
      [latin1],
      ['samples/datasets/reference.smi', '--rules', badConfig],
      ['samples/datasets/reference.smi', '--format', 'xml'],
    ]) {
      const r = molml(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  it('writes the documented JSON shape', () => {
    const r = molml('samples/datasets/clintox_raw.csv', 'samples/datasets/good_bad_good_bad.sdf', '--format', 'json');
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout) as {
      files: Array<
        Record<string, unknown> & { diagnostics: Array<Record<string, unknown>>; summary: Record<string, number> }
      >;
    };
    assert.equal(json.files.length, 2);
    const [csv, sdf] = json.files;
    assert.deepEqual([csv.file, csv.rows, csv.smiles_column], ['samples/datasets/clintox_raw.csv', 33, 'smiles']);
    for (const d of csv.diagnostics) {
      for (const key of ['line', 'column', 'record', 'code', 'severity', 'message']) assert.ok(key in d, key);
    }
    assert.deepEqual(
      csv.diagnostics.find(d => d.code === 'MOL010'),
      { ...csv.diagnostics.find(d => d.code === 'MOL010'), line: 2, column: 1, record: 1 },
    );
    assert.equal(
      Object.values(csv.summary).reduce((a, b) => a + b, 0),
      csv.diagnostics.length,
    );
    // Record 4 declares 6 bonds and lists 5: the finding is at the line where the sixth should be.
    assert.deepEqual(
      sdf.diagnostics.filter(d => d.code === 'MOL001').map(d => [d.line, d.record, d.message]),
      [
        [
          76,
          4,
          'molblock could not be read: the counts line declares 6 bonds, but the bond block ends after 5 (record 4, line 76)',
        ],
      ],
    );
  });

  it('writes SARIF 2.1.0 with rules, levels, locations and links to the rule pages', () => {
    const r = molml('samples/datasets/clintox_raw.csv', '--format', 'sarif');
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const { driver } = sarif.runs[0].tool;
    assert.equal(typeof driver.name, 'string');
    assert.deepEqual(
      driver.rules.map((x: { id: string }) => x.id),
      RULES.map(x => x.code),
    );
    for (const rule of driver.rules) {
      assert.match(rule.helpUri, new RegExp(`^https://.+/docs/rules/${rule.id}\\.md$`));
      assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${rule.id}.md`)), `docs page for ${rule.id}`);
      assert.ok(rule.shortDescription.text.length > 0);
    }
    assert.ok(sarif.runs[0].results.length > 10);
    for (const res of sarif.runs[0].results) {
      assert.ok(['error', 'warning', 'note', 'none'].includes(res.level));
      assert.equal(typeof res.message.text, 'string');
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, 'samples/datasets/clintox_raw.csv');
      assert.ok(Number.isInteger(loc.region.startLine) && loc.region.startLine >= 1);
      assert.ok(Number.isInteger(loc.region.startColumn) && loc.region.startColumn >= 1);
      assert.ok(loc.region.endLine > loc.region.startLine || loc.region.endColumn >= loc.region.startColumn);
    }
  });

  it('reports molecules shared between train and test files', () => {
    const lines = fs.readFileSync(path.join(SAMPLES, 'clintox_raw.csv'), 'utf8').split(/\r?\n/);
    fs.writeFileSync(path.join(tmp, 'tox_train.csv'), [lines[0], ...lines.slice(20, 26)].join('\n'));
    fs.writeFileSync(path.join(tmp, 'tox_test.csv'), [lines[0], lines[30], lines[22]].join('\n'));
    const r = molml(path.join(tmp, 'tox_train.csv'), path.join(tmp, 'tox_test.csv'), '--format', 'json');
    const test = JSON.parse(r.stdout).files[1];
    assert.deepEqual(
      test.diagnostics
        .filter((d: { code: string }) => d.code === 'MOL301')
        .map((d: { line: number; message: string }) => [
          d.line,
          /tox_train\.csv \(train split\) at line 4/.test(d.message),
        ]),
      [[3, true]],
    );
  });
});
