// Search, filters, sort and facet counts, checked against counts computed here straight from the raw tags.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { surveyData } from '../../src/common/survey/catalog';
import { EMPTY_QUERY, facetCounts, sanitizeQuery, search, type Query } from '../../src/common/survey/query';
import { explainReference, facetNodes } from '../../src/common/survey/taxonomy';

const { taxonomy } = surveyData;
const refs = surveyData.catalog.references;
const q = (over: Partial<Query>): Query => ({ ...EMPTY_QUERY, ...over });

describe('survey search and filters', () => {
  it('finds by model name, title words, author and venue, ignoring case and accents', () => {
    assert.deepEqual(
      search(taxonomy, refs, q({ text: 'molclr' })).map(r => r.id),
      ['molclr-2022'],
    );
    assert.ok(search(taxonomy, refs, q({ text: 'contrastive molecular' })).some(r => r.id === 'molclr-2022'));
    const velickovic = search(taxonomy, refs, q({ text: 'velickovic' }));
    assert.ok(velickovic.length > 0 && velickovic.every(r => r.authors.some(a => a.includes('Veličković'))));
    const nmi = search(taxonomy, refs, q({ text: 'nature machine intelligence' }));
    assert.equal(nmi.length, refs.filter(r => r.venue.toLowerCase().includes('nature machine intelligence')).length);
    assert.equal(search(taxonomy, refs, q({ text: 'zzzz-no-such-paper' })).length, 0);
  });

  it('ORs values within a facet and ANDs facets, matching a count computed from the raw tags', () => {
    const query = q({
      filters: { scope: ['molecular'], descriptor: ['sequence'], strategy: ['MCM', 'AE'], year: ['2022', '2023'] },
    });
    const expected = refs.filter(
      r =>
        r.scope === 'molecular' &&
        r.tags.descriptor.includes('sequence') &&
        r.tags.strategy.some(s => s === 'MCM' || s === 'AE') &&
        (r.year === 2022 || r.year === 2023),
    );
    const got = search(taxonomy, refs, query);
    assert.deepEqual(got.map(r => r.id).sort(), expected.map(r => r.id).sort());
    assert.ok(got.length >= 5);
  });

  it('sorts by year (both ways, ties by name) and by name', () => {
    const desc = search(taxonomy, refs, q({ sort: 'year-desc' }));
    for (let i = 1; i < desc.length; i++) assert.ok(desc[i - 1]!.year >= desc[i]!.year);
    const asc = search(taxonomy, refs, q({ sort: 'year-asc' }));
    assert.equal(asc[0]!.year, Math.min(...refs.map(r => r.year)));
    const byName = search(taxonomy, refs, q({ sort: 'name', filters: { scope: ['molecular'] } })).map(r =>
      (r.model ?? r.title).toLowerCase(),
    );
    assert.deepEqual(
      byName,
      [...byName].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
    );
  });

  it('counts each facet value over the results of the other facets', () => {
    const query = q({ filters: { scope: ['molecular'], strategy: ['CL'] } });
    const strategies = new Map(facetCounts(taxonomy, refs, query, 'strategy').map(v => [v.id, v.count]));
    const molecular = refs.filter(r => r.scope === 'molecular');
    for (const abbr of ['MCM', 'DN', 'KE', 'MM', 'AE']) {
      assert.equal(strategies.get(abbr), molecular.filter(r => r.tags.strategy.includes(abbr)).length, abbr);
    }
    // Contrastive learning groups hard negative mining under it.
    assert.equal(
      strategies.get('CL'),
      molecular.filter(r => r.tags.strategy.some(s => s === 'CL' || s === 'HNM')).length,
    );
    const scopes = new Map(facetCounts(taxonomy, refs, query, 'scope').map(v => [v.id, v.count]));
    assert.equal(
      scopes.get('general-graph'),
      refs.filter(r => r.scope === 'general-graph' && r.tags.strategy.some(s => s === 'CL' || s === 'HNM')).length,
    );
    const years = facetCounts(taxonomy, refs, EMPTY_QUERY, 'year');
    assert.equal(
      years.reduce((n, y) => n + y.count, 0),
      refs.length,
    );
    assert.equal(years.find(y => y.id === '2021')?.count, refs.filter(r => r.year === 2021).length);
  });

  it('every facet value of every reference is explained by a taxonomy description', () => {
    for (const r of refs) {
      for (const t of explainReference(taxonomy, r))
        assert.ok(t.node && t.description.length > 10, `${r.id} ${t.facet} ${t.value}`);
    }
    assert.ok(facetNodes(taxonomy, 'architecture').some(n => n.id === 'gnn'));
  });

  it('sanitizes a query from untrusted state', () => {
    assert.deepEqual(sanitizeQuery({ text: 'x', sort: 'bogus', filters: { year: ['2021', 3], nope: ['a'] } }), {
      text: 'x',
      sort: 'year-desc',
      filters: { year: ['2021'] },
    });
    assert.deepEqual(sanitizeQuery('junk'), EMPTY_QUERY);
  });
});
