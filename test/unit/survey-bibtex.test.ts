// BibTeX from the catalog must be valid BibTeX for every entry, and must not invent authors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { surveyData } from '../../src/common/survey/catalog';
import {
  AUTHORS_MISSING_NOTE,
  REQUIRED_FIELDS,
  citationLine,
  entryType,
  escapeBibtex,
  inlineCitation,
  toBibtex,
  type EntryType,
} from '../../src/core/survey/bibtex';
import type { Reference } from '../../src/common/survey/types';
import { parseBibtex } from '../fixtures/bibtex-reader.cjs';

const refs = surveyData.catalog.references;
const byId = (id: string) => refs.find(r => r.id === id)!;

/** Special characters must be escaped everywhere except in url fields (where the url package reads them raw). */
function assertEscaped(fields: Record<string, string>): void {
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'url') {
      assert.doesNotMatch(v, /[{}\s\\]/);
      continue;
    }
    assert.doesNotMatch(v, /(^|[^\\])[&%$#_]/, `${k} = ${v}`);
  }
}

describe('survey BibTeX', () => {
  it('is valid for every catalog entry, with the fields its type requires', () => {
    for (const r of refs) {
      const { type, key, fields } = parseBibtex(toBibtex(r));
      assert.equal(key, r.id);
      assert.equal(type, entryType(r));
      for (const f of REQUIRED_FIELDS[type as EntryType]) assert.ok(fields[f], `${r.id}: ${type} needs ${f}`);
      assert.equal(fields.year, String(r.year));
      assertEscaped(fields);
    }
  });

  it('omits unverified authors and says so', () => {
    const unverified = refs.filter(r => r.authorsStatus === 'unverified');
    assert.equal(unverified.length, 23);
    for (const r of unverified) {
      const { type, fields } = parseBibtex(toBibtex(r));
      assert.equal(type, 'misc');
      assert.equal(fields.author, undefined);
      assert.equal(fields.note, AUTHORS_MISSING_NOTE);
      assert.match(citationLine(r), /^\[authors not verified\] \(/);
    }
  });

  it('writes a journal article, a proceedings paper and an arXiv preprint correctly', () => {
    const molclr = parseBibtex(toBibtex(byId('molclr-2022')));
    assert.equal(molclr.type, 'article');
    assert.equal(molclr.fields.author, 'Yuyang Wang and Jianren Wang and Zhonglin Cao and Amir Barati Farimani');
    assert.equal(molclr.fields.journal, 'Nature Machine Intelligence');
    assert.equal(molclr.fields.eprint, '2102.10056');
    const survey = parseBibtex(toBibtex(byId('xia2023survey')));
    assert.equal(survey.type, 'inproceedings');
    assert.equal(survey.fields.pages, '6787--6795');
    const preprint = refs.find(r => r.venue === 'arXiv preprint' && r.authorsStatus === 'verified')!;
    const p = parseBibtex(toBibtex(preprint));
    assert.equal(p.type, 'misc');
    assert.ok(p.fields.author && p.fields.howpublished === 'arXiv preprint');
  });

  it('escapes TeX specials in every field', () => {
    assert.equal(
      escapeBibtex('A & B 50% $x$ #1 a_b {c} ~ ^ \\'),
      'A \\& B 50\\% \\$x\\$ \\#1 a\\_b \\{c\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}',
    );
    const tricky: Reference = {
      ...byId('molclr-2022'),
      id: 'tricky',
      title: 'R&D of {odd} titles: 100% C_1 #2',
      venue: 'J. Chem. & Data',
    };
    const { fields } = parseBibtex(toBibtex(tricky));
    assertEscaped(fields);
    assert.equal(fields.title, '{R\\&D of \\{odd\\} titles: 100\\% C\\_1 \\#2}');
  });

  it('builds citation lines and editor citations', () => {
    assert.equal(
      citationLine(byId('molclr-2022')),
      'Yuyang Wang, Jianren Wang, Zhonglin Cao and Amir Barati Farimani (2022). Molecular contrastive learning of representations via graph neural networks. Nature Machine Intelligence. https://www.nature.com/articles/s42256-022-00447-x',
    );
    assert.equal(inlineCitation(byId('molclr-2022'), 'latex'), '\\cite{molclr-2022}');
    assert.match(
      inlineCitation(byId('molclr-2022'), 'markdown'),
      /^\[Yuyang Wang, .*Nature Machine Intelligence\.\]\(https:\/\/www\.nature\.com\/articles\/s42256-022-00447-x\)$/,
    );
  });
});
