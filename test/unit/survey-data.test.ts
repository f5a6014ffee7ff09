// The shipped survey data: valid, faithful to the compiled source files, and complete where it must be.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { surveyData } from '../../src/common/survey/catalog';
import {
  validateCatalog,
  validateSurveyData,
  validateTaxonomy,
  validateBenchmarks,
} from '../../src/core/survey/schema';
import { LINK_KINDS } from '../../src/common/survey/types';

const repo = path.resolve(__dirname, '../../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(p, 'utf8')) as unknown;
const dataFile = (name: string) => readJson(path.join(repo, 'src/common/survey/data', name));
interface SourceCatalog {
  entries: Array<{
    id: string;
    title: string;
    year: number;
    venue: string;
    authors: string[];
    authors_status: string;
    links: Record<string, string>;
  }>;
}
// The compiled catalog the shipped references.json was made from: not part of the repository, so the two tests that
// compare against it run only where MOLML_SURVEY_SOURCE names that file.
const sourceFile = process.env.MOLML_SURVEY_SOURCE;
const source = sourceFile && fs.existsSync(sourceFile) ? (readJson(sourceFile) as SourceCatalog) : undefined;
const needsSource = source
  ? false
  : 'set MOLML_SURVEY_SOURCE to the compiled survey catalog (references.json with entries[]) to compare the shipped data with it';
const refs = surveyData.catalog.references;

describe('survey data: schema', () => {
  it('the four shipped files pass every check', () => {
    assert.deepEqual(
      validateSurveyData({
        references: dataFile('references.json'),
        taxonomy: dataFile('taxonomy.json'),
        benchmarks: dataFile('benchmarks.json'),
        runnable: dataFile('runnable.json'),
      }),
      [],
    );
  });

  it('the build-time check passes on the shipped files and fails on a broken copy', () => {
    const script = path.join(repo, 'scripts/validate-survey.mjs');
    const good = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    assert.equal(good.status, 0, good.stderr);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-survey-'));
    try {
      fs.cpSync(path.join(repo, 'src/common/survey/data'), dir, { recursive: true });
      const broken = JSON.parse(fs.readFileSync(path.join(dir, 'references.json'), 'utf8')) as {
        references: Array<{ year: unknown }>;
      };
      broken.references[5]!.year = 'soon';
      fs.writeFileSync(path.join(dir, 'references.json'), JSON.stringify(broken));
      const bad = spawnSync(process.execPath, [script, '--data', dir], { encoding: 'utf8' });
      assert.equal(bad.status, 1);
      assert.match(
        bad.stderr,
        /survey data is invalid \(1 problems\):\n {2}references\[5\]\.year: expected a number in \[1950, 2100\]/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects broken entries with a message naming the entry and field', () => {
    const catalog = structuredClone(dataFile('references.json')) as { references: Array<Record<string, unknown>> };
    const [a, b, c] = catalog.references as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    delete a.title;
    b.links = { paper: 'javascript:alert(1)' };
    c.authorsStatus = 'unverified';
    c.authors = ['Someone Recalled'];
    const errors = validateCatalog(catalog);
    assert.ok(errors.includes('references[0].title: expected a non-empty string'), errors.join('\n'));
    assert.ok(
      errors.some(e => e.startsWith('references[1].links.paper: "javascript:alert(1)" does not match')),
      errors.join('\n'),
    );
    assert.ok(errors.includes('references[2].authors: unverified author lists must be empty'), errors.join('\n'));
    assert.equal(errors.length, 3);
  });

  it('rejects a tag the taxonomy does not explain, and a taxonomy node without a description', () => {
    const catalog = structuredClone(dataFile('references.json')) as {
      references: Array<{ tags: { strategy: string[] } }>;
    };
    catalog.references[0]!.tags.strategy.push('XYZ');
    const errors = validateSurveyData({
      references: catalog,
      taxonomy: dataFile('taxonomy.json'),
      benchmarks: dataFile('benchmarks.json'),
      runnable: dataFile('runnable.json'),
    });
    assert.deepEqual(errors, [`${refs[0]!.id}: strategy "XYZ" is not in the taxonomy`]);
    const taxonomy = structuredClone(dataFile('taxonomy.json')) as {
      perspectives: Array<{ children: Array<{ description?: string }> }>;
    };
    delete taxonomy.perspectives[0]!.children[0]!.description;
    assert.deepEqual(validateTaxonomy(taxonomy), [
      'taxonomy.perspectives[0].children[0].description: expected a non-empty string',
    ]);
  });

  it('rejects benchmark values off their scale and rows on unknown protocols', () => {
    const b = structuredClone(dataFile('benchmarks.json')) as {
      rows: Array<{ protocol: string; values: Record<string, { mean: number }> }>;
    };
    b.rows[0]!.values.BBBP!.mean = 0.5 * 300;
    b.rows[1]!.protocol = 'made-up';
    assert.deepEqual(validateBenchmarks(b), [
      'benchmarks.rows[0].values.BBBP.mean: expected a number in [0, 100]',
      'benchmarks.rows[1].protocol: unknown protocol made-up',
    ]);
  });
});

describe('survey data: content', () => {
  it('ships 221 references, 198 with verified authors and none with an unverified author list', () => {
    assert.equal(refs.length, 221);
    assert.equal(refs.filter(r => r.authorsStatus === 'verified').length, 198);
    for (const r of refs) if (r.authorsStatus !== 'verified') assert.deepEqual(r.authors, [], r.id);
  });

  it('ships every source entry with its title, year, venue and links unchanged', { skip: needsSource }, () => {
    if (!source) return;
    assert.deepEqual(
      refs.map(r => r.id),
      source.entries.map(e => e.id),
    );
    for (const [i, e] of source.entries.entries()) {
      const r = refs[i]!;
      assert.deepEqual([r.title, r.year, r.venue, r.links], [e.title, e.year, e.venue, e.links], e.id);
    }
  });

  it('keeps verified author lists exactly and never an unverified one', { skip: needsSource }, () => {
    if (!source) return;
    let verified = 0;
    for (const [i, e] of source.entries.entries()) {
      const r = refs[i]!;
      if (e.authors_status === 'verified') {
        verified++;
        assert.deepEqual(r.authors, e.authors, e.id);
        assert.equal(r.authorsStatus, 'verified');
      } else {
        assert.deepEqual(r.authors, [], e.id);
        assert.equal(r.authorsStatus, 'unverified');
      }
    }
    assert.equal(verified, 198);
    assert.ok(!JSON.stringify(dataFile('references.json')).includes('authors_recalled'));
  });

  it('every entry has a title, year and venue, and a link except the listed, explained exceptions', () => {
    const exceptions = (
      readJson(path.join(repo, 'test/fixtures/survey/entries-without-links.json')) as {
        entries: Record<string, string>;
      }
    ).entries;
    for (const r of refs) {
      assert.ok(r.title.trim() && r.venue.trim() && Number.isInteger(r.year), r.id);
    }
    const withoutLink = refs.filter(r => !LINK_KINDS.some(k => r.links[k])).map(r => r.id);
    assert.deepEqual(withoutLink.sort(), Object.keys(exceptions).sort());
    for (const reason of Object.values(exceptions)) assert.ok(reason.length > 20);
  });

  it('badges point at catalog entries', () => {
    const ids = new Set(refs.map(r => r.id));
    assert.ok(Object.keys(surveyData.runnable).length >= 2);
    for (const id of Object.keys(surveyData.runnable)) assert.ok(ids.has(id), id);
    assert.equal(surveyData.runnable['molclr-2022']?.how, 'user-onnx');
  });
});
